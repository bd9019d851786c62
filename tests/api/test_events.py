"""POST /events: the booking flow of CONVERSATION.md §7, event identity, and one-at-a-time ordering."""

import asyncio

import msgspec
import pytest

from corechat.storage.ports import Scope

SEARCH = "Seattle Mar 20-23 1 room refundable"
MS = "1795953600000"  # the fixtures' FixedClock, 2026-11-29T12:00:00Z, in epoch milliseconds


async def search(chat, session_id, text=SEARCH):
    return await chat.event(session_id, text=text, idempotencyKey=chat.key("search"))


async def pay(chat, session_id, card_id, **payload):
    return await chat.event(
        session_id, kind="action_confirm_payment_card", payload={"paymentCardId": card_id, **payload},
        idempotencyKey=chat.key("card"),
    )


def default_card(result):
    return next(card for card in result["artifacts"]["paymentCards"] if card["isDefault"])


async def test_search_shortlist_book_pay_booked_cancel_cancelled(chat):
    session_id = (await chat.create_session())["sessionId"]

    found = await search(chat, session_id)
    assert found["event"]["kind"] == "search_query"
    assert found["result"]["status"] == "shortlist"
    criteria = found["result"]["artifacts"]["search"]
    assert (criteria["destination"]["city"], criteria["checkIn"], criteria["checkOut"]) == (
        "Seattle", "2027-03-20", "2027-03-23",
    )
    assert criteria["refundableOnly"] is True
    events_before_quote = 1

    option, quoted = await chat.quote(session_id, found["result"]["artifacts"]["shortlist"])
    pending = quoted["result"]["artifacts"]["pendingBooking"]
    assert pending["optionId"] == option["optionId"]
    quote_events = (await chat.snapshot(session_id))["events"][events_before_quote:]

    booked = await pay(chat, session_id, default_card(quoted["result"])["paymentCardId"])
    assert booked["event"]["kind"] == "action_confirm_payment_card"
    assert booked["result"]["status"] == "booked"
    booking = booked["result"]["artifacts"]["booking"]
    assert (booking["status"], booking["optionId"], booking["totalPrice"]) == (
        "confirmed", option["optionId"], pending["totalPrice"],
    )

    cancelled = await chat.event(
        session_id, kind="action_cancel_booking", payload={"bookingId": booking["bookingId"]},
        idempotencyKey=chat.key("cancel"),
    )
    assert cancelled["result"]["status"] == "cancelled"
    assert cancelled["result"]["artifacts"]["booking"]["status"] == "cancelled"

    snapshot = await chat.snapshot(session_id)
    assert [(e["kind"], e["resultStatus"]) for e in snapshot["events"]] == [
        ("search_query", "shortlist"),
        *((e["kind"], e["resultStatus"]) for e in quote_events),
        ("action_confirm_payment_card", "booked"),
        ("action_cancel_booking", "cancelled"),
    ]
    assert quote_events[-1]["resultStatus"] == "payment_required"
    assert [b["status"] for b in snapshot["state"]["bookings"]] == ["cancelled"]


async def test_event_ids_take_a_suffix_within_one_millisecond_and_trace_ids_name_them(chat):
    session = await chat.create_session()
    session_id = session["sessionId"]

    first = await search(chat, session_id)
    second = await search(chat, session_id, "make it 2 rooms")

    assert first["event"]["id"] == f"evt_{MS}"
    assert second["event"]["id"] == f"evt_{MS}_1"
    assert first["result"]["traceId"] == f"tenant-a:partner_api:partner-chat:{session_id}:evt_{MS}"
    assert second["result"]["traceId"] == f"tenant-a:partner_api:partner-chat:{session_id}:evt_{MS}_1"


async def test_event_ids_are_unique_across_sessions(chat):
    one = (await chat.create_session())["sessionId"]
    two = (await chat.create_session())["sessionId"]

    ids = [(await search(chat, session_id))["event"]["id"] for session_id in (one, two, one)]

    assert ids == [f"evt_{MS}", f"evt_{MS}_1", f"evt_{MS}_2"]


async def test_a_new_millisecond_drops_the_suffix(chat, clock):
    session_id = (await chat.create_session())["sessionId"]
    await search(chat, session_id)
    clock.advance(milliseconds=5)

    later = await search(chat, session_id, "make it 2 rooms")

    assert later["event"]["id"] == "evt_1795953600005"


async def test_the_trace_id_uses_the_sessions_channel(chat):
    session_id = (await chat.create_session(conversation={"channelId": "travel-desk"}))["sessionId"]

    found = await search(chat, session_id)

    assert found["result"]["traceId"] == f"tenant-a:partner_api:travel-desk:{session_id}:evt_{MS}"


async def test_a_turn_without_a_key_is_answered_and_recorded(chat):
    session_id = (await chat.create_session())["sessionId"]

    found = await chat.event(session_id, text=SEARCH)

    assert found["result"]["status"] == "shortlist"
    assert len((await chat.snapshot(session_id))["events"]) == 1


async def test_free_text_book_by_position_is_classified_and_needs_a_key(chat):
    session_id = (await chat.create_session())["sessionId"]
    found = await search(chat, session_id)
    second = found["result"]["artifacts"]["shortlist"][1]

    refused = await chat.post_event(session_id, text="book 2")
    assert refused.status_code == 400
    assert refused.json()["error"] == "idempotencyKey is required for kind=command_book_by_option_id"

    quoted = await chat.event(
        session_id, text="book 2", payload={"simulate": "price_changed"}, idempotencyKey=chat.key("book")
    )
    assert quoted["event"]["kind"] == "command_book_by_option_id"
    assert quoted["result"]["status"] == "price_changed"
    assert quoted["result"]["artifacts"]["priceChange"]["optionId"] == second["optionId"]


async def test_the_matching_actor_may_be_named(chat):
    session_id = (await chat.create_session("partner_user_001"))["sessionId"]

    found = await chat.event(
        session_id, actor={"actorId": "partner_user_001"}, text=SEARCH, idempotencyKey=chat.key()
    )

    assert found["result"]["status"] == "shortlist"


async def test_another_actor_is_a_409_naming_the_owner_and_records_nothing(chat):
    session_id = (await chat.create_session("partner_user_001"))["sessionId"]

    response = await chat.post_event(
        session_id, actor={"actorId": "someone_else"}, text=SEARCH, idempotencyKey=chat.key()
    )

    assert response.status_code == 409
    body = response.json()
    assert body == {
        "success": False,
        "error": "actor.actorId does not match the session owner (partner_user_001).",
        "code": "actor_mismatch",
        "details": None,
        "requestId": response.headers["x-request-id"],
    }
    assert (await chat.snapshot(session_id))["events"] == []


async def test_an_unknown_session_is_a_404_naming_it(chat):
    response = await chat.post_event("sess_unknown", text=SEARCH)

    assert response.status_code == 404
    assert response.json() == {
        "success": False,
        "error": "Session not found.",
        "code": "session_not_found",
        "details": {"sessionId": "sess_unknown"},
        "requestId": response.headers["x-request-id"],
    }


async def test_a_card_declined_at_payment_keeps_the_booking_pending(chat):
    session_id = (await chat.create_session())["sessionId"]
    _, quoted = await chat.quote(session_id, (await search(chat, session_id))["result"]["artifacts"]["shortlist"])

    failed = await pay(chat, session_id, default_card(quoted["result"])["paymentCardId"], simulate="card_declined")

    assert failed["result"]["status"] == "booking_failed"
    assert failed["result"]["artifacts"]["reason"] == "card_declined"
    snapshot = await chat.snapshot(session_id)
    assert snapshot["state"]["stage"] == "awaiting_payment"
    assert snapshot["state"]["bookings"] == []


async def test_a_supplier_failure_while_booking_is_an_outcome_not_an_error(chat):
    session_id = (await chat.create_session())["sessionId"]
    _, quoted = await chat.quote(session_id, (await search(chat, session_id))["result"]["artifacts"]["shortlist"])

    failed = await pay(chat, session_id, default_card(quoted["result"])["paymentCardId"], simulate="supplier_error")

    assert failed["result"]["status"] == "booking_failed"
    assert failed["result"]["artifacts"]["reason"] == "supplier_error"


async def test_an_option_this_session_was_never_shown_is_unavailable(chat):
    session_id = (await chat.create_session())["sessionId"]
    await search(chat, session_id)

    answer = await chat.event(
        session_id, kind="action_book_option", payload={"optionId": "1375108c-d021-4e45-a54a-e11ef553af07"},
        idempotencyKey=chat.key("book"),
    )

    assert answer["result"]["status"] == "option_unavailable"


class TestEventLimit:
    @pytest.fixture
    def settings(self, settings):
        return msgspec.structs.replace(settings, session_event_limit=2)

    async def test_a_full_session_refuses_more_events(self, chat):
        session_id = (await chat.create_session())["sessionId"]
        await search(chat, session_id)
        await search(chat, session_id, "make it 2 rooms")

        response = await chat.post_event(session_id, text="make it 3 rooms", idempotencyKey="third")

        assert response.status_code == 409
        body = response.json()
        assert (body["code"], body["error"], body["details"]) == (
            "session_event_limit",
            "Session has reached its limit of 2 events; start a new session.",
            {"limit": 2},
        )
        assert len((await chat.snapshot(session_id))["events"]) == 2


async def test_concurrent_turns_of_one_session_all_land_one_after_another(app, chat, partner):
    from corechat.conversation.records import decode_record, replay
    from corechat.conversation.state import decode_state

    session_id = (await chat.create_session())["sessionId"]
    await search(chat, session_id)
    turns = ["make it 2 rooms", "add one more night", "4-star hotels", "non-refundable is ok too",
             "sort by price", "make it 3 rooms", "under $400 per night", "what about Portland instead?"]

    answers = await asyncio.gather(*(chat.post_event(session_id, text=t, idempotencyKey=t) for t in turns))

    assert [a.status_code for a in answers] == [200] * len(turns)
    snapshot = await chat.snapshot(session_id)
    assert len(snapshot["events"]) == 1 + len(turns)
    answered_ids = {a.json()["data"]["event"]["id"] for a in answers}
    assert {e["eventId"] for e in snapshot["events"][1:]} == answered_ids
    assert sorted(e["text"] for e in snapshot["events"][1:]) == sorted(turns)

    scope = Scope(partner.tenant_id, partner.mode)
    stored = await app.store.list_events(scope, session_id)
    assert [event.seq for event in stored] == list(range(1, len(turns) + 2))
    session = await app.store.get_session(scope, session_id)
    assert session.event_count == len(turns) + 1
    assert replay(decode_record(event.outcome) for event in stored) == decode_state(session.state)


async def test_concurrent_turns_each_see_the_criteria_of_the_turns_before(chat):
    session_id = (await chat.create_session())["sessionId"]
    await search(chat, session_id)

    answers = await asyncio.gather(
        *(chat.post_event(session_id, text="add one more night", idempotencyKey=f"night-{n}") for n in range(5))
    )

    nights = sorted(a.json()["data"]["result"]["artifacts"]["search"]["nights"] for a in answers)
    assert nights == [4, 5, 6, 7, 8]


class TestBusySession:
    @pytest.fixture
    def settings(self, settings):
        return msgspec.structs.replace(settings, lease_seconds=0.05)

    async def test_a_session_held_past_the_wait_is_a_503_and_consumes_no_key(self, app, chat, clock, partner):
        session_id = (await chat.create_session())["sessionId"]
        held = await app.store.claim(
            Scope(partner.tenant_id, partner.mode), session_id, None, owner="req_elsewhere",
            now=clock.now(), lease_seconds=60, retention_seconds=86_400,
        )
        assert held.outcome == "claimed"

        response = await chat.post_event(session_id, text=SEARCH, idempotencyKey="k1")

        assert response.status_code == 503
        assert response.json()["code"] == "overloaded"
        clock.advance(seconds=61)
        assert (await chat.post_event(session_id, text=SEARCH, idempotencyKey="k1")).status_code == 200
