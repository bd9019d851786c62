"""A quote holds 15 minutes (CONVERSATION.md §7), through HTTP with the fixtures' movable clock."""

import random

import pytest


class SeededIds:
    """Session ids from a fixed seed: the demo supplier sells out one offer in 30 per session, and
    this test is about the quote's hold, not about that draw."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def token(self, alphabet: str, length: int) -> str:
        return "".join(self._random.choice(alphabet) for _ in range(length))


@pytest.fixture
def ids() -> SeededIds:
    return SeededIds(7)


async def test_accepting_a_price_change_after_its_quote_expired_gives_a_fresh_quote(chat, clock):
    session_id = (await chat.create_session())["sessionId"]
    found = await chat.event(session_id, text="Seattle Mar 20-23", idempotencyKey=chat.key("search"))
    option_id = found["result"]["artifacts"]["shortlist"][0]["optionId"]
    changed = await chat.event(
        session_id, kind="action_book_option", payload={"optionId": option_id, "simulate": "price_changed"},
        idempotencyKey=chat.key("book"),
    )
    assert changed["result"]["status"] == "price_changed"
    assert changed["result"]["artifacts"]["pendingBooking"]["quoteExpiresAt"] == "2026-11-29T12:15:00.000Z"

    clock.advance(minutes=20)
    accepted = await chat.event(
        session_id, kind="action_confirm_price_change", payload={"optionId": option_id}, idempotencyKey=chat.key("accept")
    )
    assert accepted["result"]["status"] == "payment_required"
    assert accepted["result"]["artifacts"]["pendingBooking"]["quoteExpiresAt"] == "2026-11-29T12:35:00.000Z"
    assert accepted["result"]["artifacts"]["pendingBooking"]["totalPrice"] == (
        changed["result"]["artifacts"]["priceChange"]["totalPrice"]
    )
