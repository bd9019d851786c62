"""Consent to a changed price is bound to the exact total shown (CONVERSATION.md §7), through HTTP."""

from decimal import Decimal


async def test_a_confirmed_total_a_tenth_of_a_cent_off_is_refused_repeating_the_quote(chat):
    session_id = (await chat.create_session())["sessionId"]
    found = await chat.event(session_id, text="Seattle Mar 20-23", idempotencyKey=chat.key("search"))
    option_id = found["result"]["artifacts"]["shortlist"][0]["optionId"]
    changed = await chat.event(
        session_id, kind="action_book_option", payload={"optionId": option_id, "simulate": "price_changed"},
        idempotencyKey=chat.key("book"),
    )
    quoted = changed["result"]["artifacts"]["priceChange"]["totalPrice"]
    almost = float(Decimal(str(quoted)) + Decimal("0.001"))
    refused = await chat.event(
        session_id, kind="action_confirm_price_change", payload={"optionId": option_id, "totalPrice": almost},
        idempotencyKey=chat.key("accept"),
    )
    assert refused["result"]["status"] == "price_changed"
    assert refused["result"]["artifacts"]["priceChange"] == changed["result"]["artifacts"]["priceChange"]


async def test_a_live_key_refuses_a_null_simulate(client, live_partner):
    from tests.api.conftest import ChatWalk

    walk = ChatWalk(client, live_partner)
    session_id = (await walk.create_session())["sessionId"]
    response = await walk.post_event(
        session_id, kind="action_book_option", payload={"optionId": "x", "simulate": None}, idempotencyKey=walk.key()
    )
    assert response.status_code == 400
    assert response.json()["error"] == "payload.simulate is only allowed with a test key"
