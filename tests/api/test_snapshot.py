"""GET /sessions/{sessionId}: the snapshot of CONVERSATION.md §10."""

SESSIONS = "/api/partner/v1/core-chat/sessions"
SEARCH = "Seattle Mar 20-23 1 room refundable"


async def test_events_list_id_kind_status_time_and_text_when_there_was_one(chat, clock):
    session_id = (await chat.create_session())["sessionId"]
    found = await chat.event(session_id, text=SEARCH, idempotencyKey="s1")
    clock.advance(seconds=2, milliseconds=250)
    option_id = found["result"]["artifacts"]["shortlist"][0]["optionId"]
    quoted = await chat.event(
        session_id, kind="action_book_option", payload={"optionId": option_id, "simulate": "price_changed"},
        idempotencyKey="b1",
    )

    snapshot = await chat.snapshot(session_id)

    assert snapshot["events"] == [
        {
            "eventId": found["event"]["id"],
            "kind": "search_query",
            "resultStatus": "shortlist",
            "recordedAt": "2026-11-29T12:00:00.000Z",
            "text": SEARCH,
        },
        {
            "eventId": quoted["event"]["id"],
            "kind": "action_book_option",
            "resultStatus": "price_changed",
            "recordedAt": "2026-11-29T12:00:02.250Z",
        },
    ]
    assert snapshot["createdAt"] == "2026-11-29T12:00:00.000Z"
    assert snapshot["updatedAt"] == "2026-11-29T12:00:02.250Z"


async def test_state_follows_the_stages_of_the_booking_flow(chat):
    session_id = (await chat.create_session())["sessionId"]
    assert (await chat.snapshot(session_id))["state"]["stage"] == "collecting"

    found = await chat.event(session_id, text=SEARCH, idempotencyKey="s1")
    state = (await chat.snapshot(session_id))["state"]
    assert state["stage"] == "shortlisted"
    assert state["search"] == found["result"]["artifacts"]["search"]

    option, quoted = await chat.quote(session_id, found["result"]["artifacts"]["shortlist"])
    state = (await chat.snapshot(session_id))["state"]
    assert state["stage"] == "awaiting_payment"
    assert state["pendingBooking"]["optionId"] == option["optionId"]

    card_id = quoted["result"]["artifacts"]["paymentCards"][0]["paymentCardId"]
    booked = await chat.event(
        session_id, kind="action_confirm_payment_card", payload={"paymentCardId": card_id}, idempotencyKey="c1"
    )
    state = (await chat.snapshot(session_id))["state"]
    assert state["stage"] == "booked"
    assert state["pendingBooking"] is None
    assert state["bookings"] == [booked["result"]["artifacts"]["booking"]]


async def test_errors_and_replays_leave_events_and_state_unchanged(chat):
    session_id = (await chat.create_session("owner"))["sessionId"]
    await chat.event(session_id, text=SEARCH, idempotencyKey="s1")
    before = await chat.snapshot(session_id)

    assert (await chat.post_event(session_id, text=SEARCH, idempotencyKey="s1")).status_code == 200
    assert (await chat.post_event(session_id, text="Portland", idempotencyKey="s1")).status_code == 409
    assert (await chat.post_event(session_id, actor={"actorId": "x"}, text="Portland")).status_code == 409
    assert (await chat.post_event(session_id, kind="action_book_option", payload={})).status_code == 400

    assert await chat.snapshot(session_id) == before


async def test_an_unknown_session_is_a_404_naming_it(client, partner):
    response = await client.get(f"{SESSIONS}/sess_unknown", headers=partner.headers)

    assert response.status_code == 404
    assert response.json() == {
        "success": False,
        "error": "Session not found.",
        "code": "session_not_found",
        "details": {"sessionId": "sess_unknown"},
        "requestId": response.headers["x-request-id"],
    }
