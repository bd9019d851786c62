"""An optionId stays valid for the session that was shown it (CONVERSATION.md §5), however many
shortlists later: the state keeps the recent ones, the session's event log all of them."""

CITIES = ["Seattle", "Portland", "Denver", "Boston", "Chicago", "Austin", "Miami", "Atlanta", "Dallas", "Phoenix", "Houston", "Detroit"]


async def test_an_option_shown_a_dozen_shortlists_ago_can_still_be_booked(chat):
    session_id = (await chat.create_session())["sessionId"]
    first = await chat.event(session_id, text="Seattle Mar 20-23", idempotencyKey=chat.key("search"))
    early = first["result"]["artifacts"]["shortlist"][0]
    for city in CITIES[1:]:
        later = await chat.event(session_id, text=f"what about {city} instead?", idempotencyKey=chat.key("search"))
        assert later["result"]["status"] == "shortlist"

    booked = await chat.event(
        session_id, kind="action_book_option",
        payload={"optionId": early["optionId"], "simulate": "price_changed"}, idempotencyKey=chat.key("book"),
    )

    assert booked["result"]["status"] == "price_changed"
    assert booked["result"]["artifacts"]["pendingBooking"]["name"] == early["name"]
    assert booked["result"]["artifacts"]["pendingBooking"]["checkIn"] == early["checkIn"]


async def test_an_option_id_this_session_was_never_shown_is_unavailable(chat):
    session_id = (await chat.create_session())["sessionId"]
    await chat.event(session_id, text="Seattle Mar 20-23", idempotencyKey=chat.key("search"))

    answer = await chat.event(
        session_id, kind="action_book_option",
        payload={"optionId": "00000000-0000-4000-8000-000000000000"}, idempotencyKey=chat.key("book"),
    )

    assert answer["result"]["status"] == "option_unavailable"
