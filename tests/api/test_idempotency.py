"""Idempotency keys (CONVERSATION.md §8): replay byte for byte, conflicts, leases, and one booking."""

import asyncio

from corechat.http.decoding import request_hash
from corechat.storage.ports import KeyClaim, Scope

EVENTS = "/api/partner/v1/core-chat/events"
SEARCH = "Seattle Mar 20-23 1 room refundable"


async def test_the_same_request_is_replayed_byte_for_byte_and_runs_once(chat):
    session_id = (await chat.create_session())["sessionId"]
    body = {"sessionId": session_id, "text": SEARCH, "idempotencyKey": "search:001"}

    first = await chat.http.post(EVENTS, json=body, headers=chat.partner.headers)
    again = await chat.http.post(
        EVENTS, content=b'{"idempotencyKey":"search:001",  "text":"' + SEARCH.encode() + b'","sessionId":"'
        + session_id.encode() + b'"}', headers=chat.partner.headers,
    )

    assert first.status_code == again.status_code == 200
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content
    assert len((await chat.snapshot(session_id))["events"]) == 1


async def test_a_stored_response_is_replayed_even_after_the_session_moved_on(chat):
    session_id = (await chat.create_session())["sessionId"]
    first = await chat.post_event(session_id, text=SEARCH, idempotencyKey="search:001")
    await chat.event(session_id, text="make it 2 rooms", idempotencyKey="search:002")

    again = await chat.post_event(session_id, text=SEARCH, idempotencyKey="search:001")

    assert again.content == first.content
    assert again.headers["idempotent-replayed"] == "true"
    assert len((await chat.snapshot(session_id))["events"]) == 2


async def test_the_same_key_with_another_request_is_a_409_reused(chat):
    session_id = (await chat.create_session())["sessionId"]
    await chat.event(session_id, text=SEARCH, idempotencyKey="search:001")

    response = await chat.post_event(session_id, text="Portland Mar 20-23", idempotencyKey="search:001")

    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["error"]) == (
        "idempotency_key_reused", "idempotencyKey was already used with a different request.",
    )
    assert len((await chat.snapshot(session_id))["events"]) == 1


async def test_keys_belong_to_one_partner(chat, client, issue_partner):
    session_id = (await chat.create_session())["sessionId"]
    colleague = await issue_partner(tenant_id="tenant-a", mode="test")
    body = {"sessionId": session_id, "text": SEARCH, "idempotencyKey": "search:001"}
    first = await client.post(EVENTS, json=body, headers=chat.partner.headers)

    theirs = await client.post(EVENTS, json=body, headers=colleague.headers)

    assert theirs.status_code == 200
    assert "idempotent-replayed" not in theirs.headers
    assert theirs.json()["data"]["event"]["id"] != first.json()["data"]["event"]["id"]
    assert len((await chat.snapshot(session_id))["events"]) == 2


async def claim_as_another_request(app, partner, clock, body, *, request_hash_=None):
    """A request of this partner that claimed the key and is still running (or crashed)."""
    result = await app.store.claim(
        Scope(partner.tenant_id, partner.mode),
        body["sessionId"],
        KeyClaim(
            partner_id=partner.partner_id,
            key=body["idempotencyKey"],
            request_hash=request_hash_ or request_hash(EVENTS, body),
        ),
        owner="req_elsewhere",
        now=clock.now(),
        lease_seconds=30,
        retention_seconds=86_400,
    )
    assert result.outcome == "claimed"


async def test_the_same_request_while_the_first_runs_is_a_409_in_progress(app, chat, clock):
    session_id = (await chat.create_session())["sessionId"]
    body = {"sessionId": session_id, "text": SEARCH, "idempotencyKey": "search:001"}
    await claim_as_another_request(app, chat.partner, clock, body)

    response = await chat.http.post(EVENTS, json=body, headers=chat.partner.headers)

    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["error"]) == (
        "idempotency_request_in_progress", "A request with this idempotencyKey is still in progress.",
    )


async def test_another_request_while_the_first_runs_is_a_409_reused(app, chat, clock):
    session_id = (await chat.create_session())["sessionId"]
    body = {"sessionId": session_id, "text": SEARCH, "idempotencyKey": "search:001"}
    await claim_as_another_request(app, chat.partner, clock, body)

    response = await chat.post_event(session_id, text="Portland Mar 20-23", idempotencyKey="search:001")

    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"


async def test_a_retry_after_the_lease_expired_resumes_and_runs_once(app, chat, clock):
    session_id = (await chat.create_session())["sessionId"]
    body = {"sessionId": session_id, "text": SEARCH, "idempotencyKey": "search:001"}
    await claim_as_another_request(app, chat.partner, clock, body)
    clock.advance(seconds=31)

    response = await chat.http.post(EVENTS, json=body, headers=chat.partner.headers)

    assert response.status_code == 200
    assert response.json()["data"]["result"]["status"] == "shortlist"
    assert len((await chat.snapshot(session_id))["events"]) == 1


async def test_a_request_refused_as_invalid_does_not_consume_its_key(chat):
    session_id = (await chat.create_session())["sessionId"]

    refused = await chat.post_event(session_id, text="card 4242 4242 4242 4242", idempotencyKey="k1")
    assert refused.status_code == 400
    assert refused.json()["error"] == "text must not contain a card number"

    accepted = await chat.post_event(session_id, text=SEARCH, idempotencyKey="k1")
    assert accepted.status_code == 200
    assert "idempotent-replayed" not in accepted.headers


async def test_a_request_for_an_unknown_session_does_not_consume_its_key(chat):
    session_id = (await chat.create_session())["sessionId"]
    missing = await chat.post_event("sess_unknown", text=SEARCH, idempotencyKey="k1")
    assert missing.status_code == 404

    accepted = await chat.post_event(session_id, text=SEARCH, idempotencyKey="k1")
    assert accepted.status_code == 200


async def test_fifty_identical_payments_book_once_and_record_one_event(app, chat):
    session_id = (await chat.create_session())["sessionId"]
    found = await chat.event(session_id, text=SEARCH, idempotencyKey="search")
    _, quoted = await chat.quote(session_id, found["result"]["artifacts"]["shortlist"])
    card = quoted["result"]["artifacts"]["paymentCards"][0]
    body = {
        "sessionId": session_id,
        "kind": "action_confirm_payment_card",
        "payload": {"paymentCardId": card["paymentCardId"]},
        "idempotencyKey": "pay:001",
    }

    answers = await asyncio.gather(
        *(chat.http.post(EVENTS, json=body, headers=chat.partner.headers) for _ in range(50))
    )

    ok = [a for a in answers if a.status_code == 200]
    busy = [a for a in answers if a.status_code != 200]
    assert {a.status_code for a in busy} <= {409}
    assert {a.json()["code"] for a in busy} <= {"idempotency_request_in_progress"}
    assert len({a.content for a in ok}) == 1
    assert ok[0].json()["data"]["result"]["status"] == "booked"
    snapshot = await chat.snapshot(session_id)
    assert [e["kind"] for e in snapshot["events"]].count("action_confirm_payment_card") == 1
    assert len(snapshot["state"]["bookings"]) == 1

    settled = await chat.http.post(EVENTS, json=body, headers=chat.partner.headers)
    assert settled.headers["idempotent-replayed"] == "true"
    assert settled.content == ok[0].content


async def test_expired_keys_are_purged_and_then_run_anew(app, chat, clock):
    session_id = (await chat.create_session())["sessionId"]
    first = await chat.post_event(session_id, text=SEARCH, idempotencyKey="search:001")
    clock.advance(hours=23)
    assert await app.service.purge_expired_keys() == 0
    clock.advance(hours=1, seconds=1)

    assert await app.service.purge_expired_keys() == 1

    again = await chat.post_event(session_id, text=SEARCH, idempotencyKey="search:001")
    assert again.status_code == 200
    assert "idempotent-replayed" not in again.headers
    assert again.json()["data"]["event"]["id"] != first.json()["data"]["event"]["id"]


async def test_a_retry_after_a_crash_between_booking_and_finish_answers_that_booking(app, chat, clock):
    from corechat.conversation.state import decode_state
    from corechat.payments.demo import DemoWallet
    from corechat.service.identifiers import supplier_key
    from corechat.suppliers.demo import DemoSupplier

    session_id = (await chat.create_session())["sessionId"]
    found = await chat.event(session_id, text=SEARCH, idempotencyKey="search")
    _, quoted = await chat.quote(session_id, found["result"]["artifacts"]["shortlist"])
    card_id = quoted["result"]["artifacts"]["paymentCards"][0]["paymentCardId"]
    body = {
        "sessionId": session_id,
        "kind": "action_confirm_payment_card",
        "payload": {"paymentCardId": card_id},
        "idempotencyKey": "pay:001",
    }
    # The first attempt claimed the key, booked at the supplier, and died before its finish.
    await claim_as_another_request(app, chat.partner, clock, body)
    scope = Scope(chat.partner.tenant_id, chat.partner.mode)
    pending = decode_state((await app.store.get_session(scope, session_id)).state).pending
    cards = await DemoWallet().list_cards(tenant_id="tenant-a", actor_id="partner_user_001", mode="test")
    card = next(c for c in cards if c.payment_card_id == card_id)
    supplier = DemoSupplier(ledger=app.store.booking_ledger(), clock=clock)
    earlier = await supplier.book(pending.option, card, supplier_key=supplier_key(chat.partner.partner_id, "pay:001"))
    clock.advance(seconds=31)

    response = await chat.http.post(EVENTS, json=body, headers=chat.partner.headers)

    assert response.status_code == 200
    result = response.json()["data"]["result"]
    assert (result["status"], result["artifacts"]["booking"]["bookingId"]) == ("booked", earlier.booking_id)
    snapshot = await chat.snapshot(session_id)
    assert [b["bookingId"] for b in snapshot["state"]["bookings"]] == [earlier.booking_id]
    assert [e["kind"] for e in snapshot["events"]].count("action_confirm_payment_card") == 1
