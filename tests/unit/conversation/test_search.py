"""Search turns: needs_input, shortlist, no_results, supplier_unavailable (CONVERSATION.md §3, §4, §7)."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from corechat.conversation.steps import EffectFailed, ListCardsEffect, SearchEffect
from corechat.suppliers.port import PriceChanged

SEATTLE = {
    "city": "Seattle",
    "region": "Washington",
    "regionCode": "WA",
    "countryCode": "US",
    "latitude": 47.60621,
    "longitude": -122.33207,
}


def search_artifact(**changes):
    view = {
        "destination": SEATTLE,
        "checkIn": "2027-03-20",
        "checkOut": "2027-03-23",
        "nights": 3,
        "rooms": 1,
        "adults": None,
        "refundableOnly": False,
        "maxPricePerNight": None,
        "maxTotalPrice": None,
        "minStars": None,
        "minRating": None,
        "currency": "USD",
        "sort": "recommended",
    }
    view.update(changes)
    return view


def test_a_city_alone_asks_for_the_dates(chat):
    done = chat.send(text="Seattle")
    assert done.result.status == "needs_input"
    assert done.result.message == "What dates would you like? For example, Mar 20-23."
    assert done.result.artifacts == {
        "search": search_artifact(checkIn=None, checkOut=None, nights=None),
        "missing": ["checkIn", "checkOut"],
        "problems": [],
        "nextActions": [],
    }


def test_nothing_usable_asks_for_the_city_first(chat):
    done = chat.send(text="hello there")
    assert done.result.status == "needs_input"
    assert done.result.message == "Hello! I can find and book hotels for you. Which city are you travelling to?"
    assert done.result.artifacts["missing"] == ["destination", "checkIn", "checkOut"]
    assert done.result.artifacts["search"] == search_artifact(destination=None, checkIn=None, checkOut=None, nights=None)


def test_an_unknown_city_is_a_problem_to_fix(chat):
    done = chat.send(text="hotel in Narnia Mar 20-23")
    assert done.result.status == "needs_input"
    assert done.result.artifacts["missing"] == ["destination"]
    assert done.result.artifacts["problems"] == ['I couldn\'t find a place called "Narnia".']
    assert done.result.message == 'I couldn\'t find a place called "Narnia". Which city are you travelling to?'


def test_dates_in_the_past_are_a_problem(chat):
    done = chat.send(text="Seattle 2026-11-20 to 2026-11-23")
    assert done.result.status == "needs_input"
    assert done.result.artifacts["missing"] == []
    assert done.result.artifacts["problems"] == ["The check-in date November 20, 2026 is in the past."]


def test_a_stay_over_30_nights_is_a_problem(chat):
    done = chat.send(text="Seattle 2027-03-01 to 2027-04-15")
    assert done.result.status == "needs_input"
    assert done.result.artifacts["problems"] == ["A stay can be at most 30 nights; this one is 45."]


def test_more_than_nine_rooms_is_a_problem(chat):
    done = chat.send(text="Seattle Mar 20-23 12 rooms")
    assert done.result.status == "needs_input"
    assert done.result.artifacts["problems"] == ["At most 9 rooms can be booked at once; you asked for 12."]


def test_the_answer_to_a_question_completes_the_criteria_and_searches(chat):
    chat.send(text="Seattle")
    effect = chat.send(text="Mar 20-23")
    assert isinstance(effect, SearchEffect)
    assert (effect.request.destination.city, effect.request.check_in.isoformat(), effect.request.rooms) == ("Seattle", "2027-03-20", 1)


def test_complete_criteria_search_and_show_a_shortlist_with_one_book_action_each(chat, make):
    inn = make.option(1, name="Inn at the Market", per_night="276.66", total="980.67", rating=4.8)
    lodge = make.option(2, name="Pike Lodge", per_night="189.00", rating=4.1, refundable=False)
    effect = chat.send(text="Seattle Mar 20-23 refundable")
    assert isinstance(effect, SearchEffect) and effect.request.refundable_only is True
    done = chat.answer([lodge, inn])
    assert done.kind == "search_query"
    assert done.result.status == "shortlist"
    assert done.result.message == (
        "I found 1 refundable option in Seattle for Mar 20-23. The best rated is Inn at the Market at $276.66 a night. "
        "Say 'book 1' or pick an option."
    )
    assert done.result.artifacts == {
        "search": search_artifact(refundableOnly=True),
        "shortlist": [
            {
                "optionId": inn.option_id,
                "hotelId": "htl-1",
                "name": "Inn at the Market",
                "address": "1 Pike Street, Seattle",
                "stars": 4,
                "rating": 4.8,
                "roomType": "Queen room",
                "refundable": True,
                "pricePerNight": make.option(1, per_night="276.66").price_per_night,
                "totalPrice": inn.total_price,
                "currency": "USD",
                "cancellationDeadline": "2027-03-18T23:59:00.000Z",
                "checkIn": "2027-03-20",
                "checkOut": "2027-03-23",
                "rooms": 1,
                "adults": None,
                "latitude": None,
                "longitude": None,
            }
        ],
        "nextActions": [
            {
                "kind": "action_book_option",
                "label": "Book Inn at the Market ($980.67)",
                "payload": {"optionId": inn.option_id},
                "requiresIdempotencyKey": True,
            }
        ],
    }


def test_a_price_sort_says_which_is_cheapest(chat, make):
    chat.send(text="Seattle Mar 20-23 cheapest first")
    done = chat.answer([make.option(1, per_night="300.00"), make.option(2, name="Budget Inn", per_night="99.50")])
    assert done.result.artifacts["search"]["sort"] == "price"
    assert [o["name"] for o in done.result.artifacts["shortlist"]] == ["Budget Inn", "Harbor House 1"]
    assert done.result.message == (
        "I found 2 options in Seattle for Mar 20-23. The cheapest is Budget Inn at $99.50 a night. "
        "Say 'book 1' or pick an option."
    )


def test_nothing_matching_the_filters_is_no_results_suggesting_the_filter_to_relax(chat, make):
    chat.send(text="Seattle Mar 20-23 under $150 a night")
    done = chat.answer([make.option(1, per_night="180.00"), make.option(2, per_night="210.00", refundable=False)])
    assert done.result.status == "no_results"
    assert done.result.message == (
        "I couldn't find any options in Seattle for Mar 20-23 that match all your filters. "
        "Raising your nightly budget would give you more choice."
    )
    assert done.result.artifacts == {"search": search_artifact(maxPricePerNight=150), "nextActions": []}


def test_no_offers_at_all_suggests_other_dates(chat):
    chat.send(text="Seattle Mar 20-23")
    done = chat.answer([])
    assert done.result.status == "no_results"
    assert done.result.message.endswith("Try other dates or a nearby city.")


def test_a_failed_search_is_supplier_unavailable_and_keeps_the_criteria(chat):
    chat.send(text="Seattle Mar 20-23")
    done = chat.answer(EffectFailed(reason="supplier_error"))
    assert done.result.status == "supplier_unavailable"
    assert done.result.message == "The hotel supplier didn't answer in time. Please try again in a moment."
    assert done.result.artifacts == {"search": search_artifact(), "nextActions": []}
    assert isinstance(chat.send(text="try again"), SearchEffect)


def test_a_later_turn_changes_only_what_it_mentions(chat, make):
    chat.shortlisted([make.option(1)])
    effect = chat.send(text="make it 2 rooms")
    assert isinstance(effect, SearchEffect)
    assert (effect.request.destination.city, effect.request.check_in.isoformat(), effect.request.rooms) == ("Seattle", "2027-03-20", 2)


def test_a_search_in_the_middle_of_a_booking_abandons_the_pending_booking(chat, make):
    offers = [make.option(1), make.option(2)]
    chat.awaiting_payment(offers, [make.card()])
    assert chat.state.pending is not None
    chat.send(text="what about Portland instead?")
    done = chat.answer([make.option(3)])
    assert done.result.status == "shortlist"
    assert chat.state.pending is None
    assert chat.engine.snapshot_view(chat.state)["stage"] == "shortlisted"


def test_a_check_in_alone_asks_for_the_check_out(chat):
    done = chat.send(text="Seattle Mar 20")
    assert done.result.status == "needs_input"
    assert done.result.artifacts["missing"] == ["checkOut"]
    assert done.result.message == "When would you like to check out, or for how many nights?"


def test_a_length_of_stay_answers_the_check_out(chat):
    chat.send(text="Seattle Mar 20")
    effect = chat.send(text="3 nights")
    assert isinstance(effect, SearchEffect)
    assert effect.request.check_out.isoformat() == "2027-03-23"


def test_a_turn_that_changes_nothing_while_awaiting_payment_keeps_the_booking_and_asks_for_a_card(chat, make):
    offers = [make.option(1, name="Inn at the Market", total="980.67"), make.option(2)]
    visa = make.card("4711", brand="visa")
    chat.awaiting_payment(offers, [visa])
    kept = chat.state.pending
    effect = chat.send(text="use my visa")
    assert effect == ListCardsEffect(for_option=offers[0])
    done = chat.answer([visa])
    assert done.result.status == "payment_required"
    assert done.result.message == (
        "Your booking of Inn at the Market for Mar 20-23 at $980.67 is waiting for payment. "
        "To book, confirm a card with action_confirm_payment_card."
    )
    assert done.result.artifacts["pendingBooking"]["optionId"] == offers[0].option_id
    assert done.result.artifacts["pendingBooking"]["quoteExpiresAt"] == "2026-11-29T15:15:00.000Z"
    assert done.result.artifacts["paymentCards"][0]["paymentCardId"] == "card_4711"
    assert [a["kind"] for a in done.result.artifacts["nextActions"]] == ["action_confirm_payment_card"]
    assert chat.state.pending == kept
    assert chat.engine.snapshot_view(chat.state)["stage"] == "awaiting_payment"


def test_a_turn_that_changes_nothing_while_a_price_change_waits_repeats_the_quote(chat, make):
    offers = [make.option(1, name="Inn at the Market", total="980.67"), make.option(2)]
    chat.shortlisted(offers)
    chat.send("action_book_option", optionId=offers[0].option_id)
    changed = msgspec.structs.replace(offers[0], total_price=Decimal("1020.00"))
    chat.answer(PriceChanged(option=changed, previous_total_price=Decimal("980.67")))
    done = chat.send(text="yes, I accept the new price")
    assert done.result.status == "price_changed"
    assert done.result.message == (
        "Your booking of Inn at the Market is waiting for you to accept or decline the new total of "
        "$1,020.00 (it was $980.67). Confirm with action_confirm_price_change, or decline to go back to the options."
    )
    assert done.result.artifacts["priceChange"] == {
        "optionId": offers[0].option_id,
        "previousTotalPrice": Decimal("980.67"),
        "totalPrice": Decimal("1020.00"),
        "currency": "USD",
    }
    assert [a["payload"].get("accept") for a in done.result.artifacts["nextActions"]] == [True, False]
    assert chat.engine.snapshot_view(chat.state)["stage"] == "awaiting_price_confirmation"


def test_a_search_that_abandons_a_pending_booking_says_so(chat, make):
    offers = [make.option(1, name="Inn at the Market"), make.option(2)]
    chat.awaiting_payment(offers, [make.card()])
    chat.send(text="make it 2 rooms")
    done = chat.answer([make.option(3, rooms=2)])
    assert done.result.status == "shortlist"
    assert done.result.message.startswith("I dropped your pending booking of Inn at the Market. I found 1 option")
    assert chat.state.pending is None


def test_a_stay_beyond_the_next_12_months_is_written_with_its_year(chat, make):
    import datetime as dt

    chat.send(text="Seattle Mar 20-22, 2099")
    done = chat.answer([make.option(1, name="Inn at the Market", check_in=dt.date(2099, 3, 20), check_out=dt.date(2099, 3, 22))])
    assert done.result.message.startswith("I found 1 option in Seattle for Mar 20-22, 2099.")


def test_more_rooms_are_named_in_the_shortlist_message(chat, make):
    chat.shortlisted([make.option(1)])
    chat.send(text="make it 2 rooms")
    done = chat.answer([make.option(n, rooms=2) for n in range(1, 6)])
    assert done.result.message.startswith("I found 5 options in Seattle for Mar 20-23, 2 rooms.")
    assert done.result.message.endswith("Say 'book 1' or pick an option.")


def test_no_results_that_need_more_than_one_filter_relaxed_names_them(chat, make):
    chat.send(text="Seattle Mar 20-23 refundable under $150 a night")
    done = chat.answer([make.option(1, per_night="180.00", refundable=False)])
    assert done.result.status == "no_results"
    assert done.result.message == (
        "I couldn't find any options in Seattle for Mar 20-23 that match all your filters. "
        "Relaxing your filters (refundable only, nightly budget) would give you more choice."
    )


def test_thanks_after_a_shortlist_is_answered_briefly_and_still_shortlists(chat, make):
    chat.shortlisted([make.option(1), make.option(2)])
    chat.send(text="thanks!")
    done = chat.answer([make.option(1), make.option(2)])
    assert done.result.status == "shortlist"
    assert done.result.message == (
        "You're welcome! Here are your 2 options in Seattle for Mar 20-23. Say 'book 1' or pick an option. "
        "You can also change the city, dates, rooms or budget."
    )


def test_gibberish_first_says_what_the_engine_can_do_and_what_is_missing(chat):
    done = chat.send(text="asdfghjkl")
    assert done.result.status == "needs_input"
    assert done.result.message == (
        "I didn't understand that. I can find and book hotels for you. Which city are you travelling to?"
    )


def test_restating_a_known_city_is_answered_as_a_search_not_as_gibberish(chat):
    chat.send(text="Seattle")
    done = chat.send(text="Seattle")
    assert done.result.message == "What dates would you like? For example, Mar 20-23."
