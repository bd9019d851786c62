"""Booking an option: price check, price change, cards, payment (CONVERSATION.md §3, §6, §7, §9)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import msgspec

from corechat.conversation.steps import BookEffect, EffectFailed, ListCardsEffect, PriceCheckEffect
from corechat.suppliers.port import PriceAvailable, PriceChanged, SoldOut


def repriced(option, total: str):
    return msgspec.structs.replace(option, total_price=Decimal(total))


def book_action(option, label: str):
    return {"kind": "action_book_option", "label": label, "payload": {"optionId": option.option_id}, "requiresIdempotencyKey": True}


def pay_action(card):
    return {
        "kind": "action_confirm_payment_card",
        "label": f"Pay with {card.brand} ending {card.last4}",
        "payload": {"paymentCardId": card.payment_card_id},
        "requiresIdempotencyKey": True,
    }


def offers(make):
    return [
        make.option(1, name="Inn at the Market", total="980.67", rating=4.8),
        make.option(2, name="Pike Lodge", total="700.00", rating=4.2),
        make.option(3, name="Sound Suites", total="820.00", rating=4.0),
    ]


# ---- shortlist -> action_book_option -> ... ----


def test_booking_an_option_re_prices_it_first(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    effect = chat.send("action_book_option", optionId=listed[1].option_id)
    assert effect == PriceCheckEffect(option=listed[1], simulate=None)


def test_an_unchanged_price_lists_the_cards_then_asks_for_one(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    chat.send("action_book_option", optionId=listed[0].option_id)
    assert chat.answer(PriceAvailable(option=listed[0])) == ListCardsEffect(for_option=listed[0])
    visa, amex = make.card("4242", default=True), make.card("0005", brand="Amex")
    done = chat.answer([visa, amex])
    assert done.result.status == "payment_required"
    assert done.result.message == (
        "Inn at the Market is available for Mar 20-23 at $980.67 in total, taxes and fees included. "
        "Free cancellation until Mar 18, 23:59 UTC. Which card should I charge?"
    )
    artifacts = done.result.artifacts
    assert artifacts["pendingBooking"]["optionId"] == listed[0].option_id
    assert artifacts["pendingBooking"]["totalPrice"] == Decimal("980.67")
    assert artifacts["pendingBooking"]["quoteExpiresAt"] == "2026-11-29T15:15:00.000Z"
    assert artifacts["paymentCards"] == [
        {"paymentCardId": "card_4242", "brand": "Visa", "last4": "4242", "expMonth": 12, "expYear": 2030, "isDefault": True},
        {"paymentCardId": "card_0005", "brand": "Amex", "last4": "0005", "expMonth": 12, "expYear": 2030, "isDefault": False},
    ]
    assert artifacts["nextActions"] == [pay_action(visa), pay_action(amex)]
    assert chat.engine.snapshot_view(chat.state)["stage"] == "awaiting_payment"


def test_a_changed_price_asks_to_accept_or_decline(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    chat.send("action_book_option", optionId=listed[0].option_id)
    done = chat.answer(PriceChanged(option=repriced(listed[0], "1020.00"), previous_total_price=Decimal("980.67")))
    assert done.result.status == "price_changed"
    assert done.result.message == (
        "The price of Inn at the Market for Mar 20-23 changed from $980.67 to $1,020.00. Do you accept the new total?"
    )
    assert done.result.artifacts["priceChange"] == {
        "optionId": listed[0].option_id,
        "previousTotalPrice": Decimal("980.67"),
        "totalPrice": Decimal("1020.00"),
        "currency": "USD",
    }
    assert done.result.artifacts["nextActions"] == [
        {
            "kind": "action_confirm_price_change",
            "label": "Accept the new price ($1,020.00)",
            "payload": {"optionId": listed[0].option_id, "accept": True, "totalPrice": Decimal("1020.00")},
            "requiresIdempotencyKey": True,
        },
        {
            "kind": "action_confirm_price_change",
            "label": "Decline and go back to the options",
            "payload": {"optionId": listed[0].option_id, "accept": False},
            "requiresIdempotencyKey": True,
        },
    ]
    assert chat.engine.snapshot_view(chat.state)["stage"] == "awaiting_price_confirmation"


def test_a_sold_out_option_is_unavailable_with_the_other_options_as_alternatives(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    chat.send("action_book_option", optionId=listed[0].option_id)
    done = chat.answer(SoldOut(option_id=listed[0].option_id))
    assert done.result.status == "option_unavailable"
    assert done.result.message == "Sorry, Inn at the Market is no longer available for those dates. Here are other options."
    assert [o["optionId"] for o in done.result.artifacts["shortlist"]] == [listed[1].option_id, listed[2].option_id]
    assert done.result.artifacts["nextActions"] == [
        book_action(listed[1], "Book Pike Lodge ($700.00)"),
        book_action(listed[2], "Book Sound Suites ($820.00)"),
    ]


def test_an_option_this_session_was_never_shown_is_unavailable(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    chat.send("action_book_option", optionId=make.option_id(99))
    done = chat.answer(None)  # the session's event log holds no such option either
    assert done.result.status == "option_unavailable"
    assert done.result.message == "I couldn't find that option among the ones I showed you. Here are other options."
    assert len(done.result.artifacts["shortlist"]) == 3


def test_an_option_id_stays_valid_after_a_newer_shortlist(chat, make):
    first = offers(make)
    chat.shortlisted(first)
    chat.send(text="what about Portland instead?")
    chat.answer([make.option(7, name="Rose City Hotel")])
    assert chat.send("action_book_option", optionId=first[2].option_id) == PriceCheckEffect(option=first[2])


def test_a_failed_price_check_is_supplier_unavailable(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    chat.send("action_book_option", optionId=listed[0].option_id)
    done = chat.answer(EffectFailed(reason="supplier_error"))
    assert done.result.status == "supplier_unavailable"
    assert done.result.artifacts["nextActions"] == []


# ---- command_book_by_option_id: free-text references ----


def test_book_by_position_picks_from_the_latest_shortlist(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    effect = chat.send(None, "book 2")
    assert effect == PriceCheckEffect(option=listed[1])


def test_book_by_ordinal_word(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    assert chat.send(None, "book the third one") == PriceCheckEffect(option=listed[2])


def test_book_by_hotel_name(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    assert chat.send(None, "book Pike Lodge") == PriceCheckEffect(option=listed[1])


def test_book_by_option_id_typed_in_text(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    assert chat.send(None, f"book {listed[2].option_id}") == PriceCheckEffect(option=listed[2])


def test_a_position_beyond_the_shortlist_is_option_unavailable(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    done = chat.send(None, "book 5")
    assert done.kind == "command_book_by_option_id"
    assert done.result.status == "option_unavailable"
    assert done.result.artifacts["nextActions"][0] == book_action(listed[0], "Book Inn at the Market ($980.67)")


def test_book_command_with_payload_option_id(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    effect = chat.send("command_book_by_option_id", optionId=listed[0].option_id)
    assert effect == PriceCheckEffect(option=listed[0])


# ---- price_changed -> confirm ----


def in_price_change(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    chat.send("action_book_option", optionId=listed[0].option_id)
    chat.answer(PriceChanged(option=repriced(listed[0], "1020.00"), previous_total_price=Decimal("980.67")))
    return listed


def test_accepting_the_new_price_asks_for_a_card(chat, make):
    listed = in_price_change(chat, make)
    effect = chat.send("action_confirm_price_change", optionId=listed[0].option_id, accept=True, totalPrice=1020.0)
    assert effect == ListCardsEffect(for_option=repriced(listed[0], "1020.00"))
    done = chat.answer([make.card()])
    assert done.result.status == "payment_required"
    assert done.result.artifacts["pendingBooking"]["totalPrice"] == Decimal("1020.00")


def test_accept_defaults_to_true(chat, make):
    listed = in_price_change(chat, make)
    assert isinstance(chat.send("action_confirm_price_change", optionId=listed[0].option_id), ListCardsEffect)


def test_a_confirmation_of_another_total_repeats_the_pending_quote_unchanged(chat, make):
    listed = in_price_change(chat, make)
    before = chat.state.pending
    done = chat.send("action_confirm_price_change", optionId=listed[0].option_id, totalPrice=980.67)
    assert done.result.status == "price_changed"
    assert done.result.message == (
        "You confirmed $980.67, but the price of Inn at the Market is $1,020.00. Please accept that total or decline."
    )
    assert done.result.artifacts["priceChange"] == {
        "optionId": listed[0].option_id,
        "previousTotalPrice": Decimal("980.67"),
        "totalPrice": Decimal("1020.00"),
        "currency": "USD",
    }
    assert chat.state.pending == before


def test_declining_the_new_price_shows_the_last_shortlist_again(chat, make):
    listed = in_price_change(chat, make)
    done = chat.send("action_confirm_price_change", optionId=listed[0].option_id, accept=False)
    assert done.result.status == "shortlist"
    assert [o["optionId"] for o in done.result.artifacts["shortlist"]] == [o.option_id for o in listed]
    assert [a["payload"] for a in done.result.artifacts["nextActions"]] == [{"optionId": o.option_id} for o in listed]
    assert chat.state.pending is None
    assert chat.engine.snapshot_view(chat.state)["stage"] == "shortlisted"


def test_confirming_a_price_with_nothing_pending_is_rejected_with_the_stage_actions(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    done = chat.send("action_confirm_price_change", optionId=listed[0].option_id)
    assert done.result.status == "action_rejected"
    assert done.result.message == "There is no price change waiting for your confirmation for that option."
    assert len(done.result.artifacts["nextActions"]) == 3


def test_confirming_the_price_of_another_option_is_rejected(chat, make):
    listed = in_price_change(chat, make)
    done = chat.send("action_confirm_price_change", optionId=listed[1].option_id)
    assert done.result.status == "action_rejected"
    assert [a["kind"] for a in done.result.artifacts["nextActions"]] == ["action_confirm_price_change"] * 2


# ---- payment_required -> confirm_payment_card -> booked | booking_failed ----


def test_confirming_a_card_books_with_the_supplier_key(chat, make):
    listed = offers(make)
    visa = make.card()
    chat.awaiting_payment(listed, [visa])
    effect = chat.send("action_confirm_payment_card", key="pay-1", paymentCardId="card_4242")
    assert effect == BookEffect(option=listed[0], card=visa, supplier_key="sk:pay-1", simulate=None)


def test_a_confirmed_booking_is_booked_with_a_cancel_action(chat, make):
    listed = offers(make)
    made = make.booking(listed[0], number=41)
    chat.awaiting_payment(listed, [make.card()])
    chat.send("action_confirm_payment_card", paymentCardId="card_4242")
    done = chat.answer(made)
    assert done.result.status == "booked"
    assert done.result.message == (
        "You're booked at Inn at the Market for Mar 20-23. Confirmation code BRK00041; $980.67 charged to Visa ending 4242."
    )
    assert done.result.artifacts["booking"] == {
        "bookingId": "bkg_41",
        "confirmationCode": "BRK00041",
        "status": "confirmed",
        "optionId": listed[0].option_id,
        "hotel": {"hotelId": "htl-1", "name": "Inn at the Market", "address": "1 Pike Street, Seattle"},
        "checkIn": "2027-03-20",
        "checkOut": "2027-03-23",
        "rooms": 1,
        "adults": None,
        "totalPrice": Decimal("980.67"),
        "currency": "USD",
        "refundable": True,
        "cancellationDeadline": "2027-03-18T23:59:00.000Z",
        "paymentCard": {"brand": "Visa", "last4": "4242"},
        "createdAt": "2026-11-29T15:00:00.000Z",
        "cancelledAt": None,
    }
    assert done.result.artifacts["nextActions"] == [
        {
            "kind": "action_cancel_booking",
            "label": "Cancel Inn at the Market (BRK00041)",
            "payload": {"bookingId": "bkg_41"},
            "requiresIdempotencyKey": True,
        }
    ]
    assert chat.state.pending is None
    assert chat.engine.snapshot_view(chat.state)["stage"] == "booked"


def test_a_declined_card_is_booking_failed_and_keeps_the_booking_awaiting_payment(chat, make):
    listed = offers(make)
    visa, declines = make.card("4242"), make.card("0002")
    chat.awaiting_payment(listed, [visa, declines])
    chat.send("action_confirm_payment_card", paymentCardId="card_0002")
    done = chat.answer(EffectFailed(reason="card_declined"))
    assert done.result.status == "booking_failed"
    assert done.result.artifacts["reason"] == "card_declined"
    assert done.result.message == "Your Visa ending 0002 was declined, so nothing was booked. Please choose another card."
    assert done.result.artifacts["nextActions"] == [pay_action(visa), pay_action(declines)]
    assert chat.engine.snapshot_view(chat.state)["stage"] == "awaiting_payment"
    assert isinstance(chat.send("action_confirm_payment_card", paymentCardId="card_4242"), BookEffect)


def test_a_supplier_failure_while_booking_is_booking_failed_with_supplier_error(chat, make):
    listed = offers(make)
    chat.awaiting_payment(listed, [make.card()])
    chat.send("action_confirm_payment_card", paymentCardId="card_4242")
    done = chat.answer(EffectFailed(reason="supplier_error"))
    assert done.result.status == "booking_failed"
    assert done.result.artifacts["reason"] == "supplier_error"
    assert done.result.artifacts["nextActions"] == [pay_action(make.card())]
    assert chat.state.pending is not None


def test_a_card_not_on_file_is_rejected_with_one_action_per_card(chat, make):
    listed = offers(make)
    chat.awaiting_payment(listed, [make.card()])
    done = chat.send("action_confirm_payment_card", paymentCardId="card_9999")
    assert done.result.status == "action_rejected"
    assert done.result.message == "That card is not on file. Please choose one of the cards listed."
    assert done.result.artifacts["nextActions"] == [pay_action(make.card())]


def test_paying_with_nothing_pending_is_rejected(chat, make):
    chat.shortlisted(offers(make))
    done = chat.send("action_confirm_payment_card", paymentCardId="card_4242")
    assert done.result.status == "action_rejected"
    assert done.result.message == "There is no booking waiting for payment."


def test_paying_before_accepting_a_changed_price_is_rejected(chat, make):
    in_price_change(chat, make)
    done = chat.send("action_confirm_payment_card", paymentCardId="card_4242")
    assert done.result.status == "action_rejected"
    assert done.result.message == "Please accept or decline the new price first."


def test_a_quote_older_than_15_minutes_is_re_priced_before_paying(chat, make):
    listed = offers(make)
    visa = make.card()
    chat.awaiting_payment(listed, [visa])
    chat.now += dt.timedelta(minutes=15)
    assert chat.send("action_confirm_payment_card", key="pay-2", paymentCardId="card_4242") == PriceCheckEffect(option=listed[0])
    assert chat.answer(PriceAvailable(option=listed[0])) == BookEffect(option=listed[0], card=visa, supplier_key="sk:pay-2")


def test_a_quote_within_15_minutes_books_without_re_pricing(chat, make):
    listed = offers(make)
    chat.awaiting_payment(listed, [make.card()])
    chat.now += dt.timedelta(minutes=14, seconds=59)
    assert isinstance(chat.send("action_confirm_payment_card", paymentCardId="card_4242"), BookEffect)


def test_a_re_priced_quote_that_changed_goes_back_to_price_changed(chat, make):
    listed = offers(make)
    chat.awaiting_payment(listed, [make.card()])
    chat.now += dt.timedelta(minutes=20)
    chat.send("action_confirm_payment_card", paymentCardId="card_4242")
    done = chat.answer(PriceChanged(option=repriced(listed[0], "999.99"), previous_total_price=Decimal("980.67")))
    assert done.result.status == "price_changed"
    assert done.result.artifacts["priceChange"]["previousTotalPrice"] == Decimal("980.67")
    assert done.result.artifacts["priceChange"]["totalPrice"] == Decimal("999.99")
    assert done.result.artifacts["pendingBooking"]["quoteExpiresAt"] == "2026-11-29T15:35:00.000Z"
    assert chat.engine.snapshot_view(chat.state)["stage"] == "awaiting_price_confirmation"


def test_a_re_priced_quote_that_sold_out_is_option_unavailable(chat, make):
    listed = offers(make)
    chat.awaiting_payment(listed, [make.card()])
    chat.now += dt.timedelta(minutes=20)
    chat.send("action_confirm_payment_card", paymentCardId="card_4242")
    done = chat.answer(SoldOut(option_id=listed[0].option_id))
    assert done.result.status == "option_unavailable"
    assert chat.state.pending is None


def test_booking_the_same_option_again_while_confirmed_is_rejected(chat, make):
    listed = offers(make)
    chat.booked(listed, [make.card()], make.booking(listed[0], number=7))
    done = chat.send("action_book_option", optionId=listed[0].option_id)
    assert done.result.status == "action_rejected"
    assert done.result.message == "You already have a confirmed booking of Inn at the Market for these dates."
    assert [a["kind"] for a in done.result.artifacts["nextActions"]] == ["action_cancel_booking"]


def test_another_option_can_be_booked_beside_a_confirmed_one(chat, make):
    listed = offers(make)
    chat.booked(listed, [make.card()], make.booking(listed[0]))
    assert chat.send("action_book_option", optionId=listed[1].option_id) == PriceCheckEffect(option=listed[1])


# ---- sandbox simulations ----


def test_a_simulated_price_change_is_asked_of_the_price_check(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    effect = chat.send("action_book_option", optionId=listed[0].option_id, simulate="price_changed")
    assert effect == PriceCheckEffect(option=listed[0], simulate="price_changed")


def test_a_payment_step_simulation_given_at_booking_reaches_the_booking_once(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    assert chat.send("action_book_option", optionId=listed[0].option_id, simulate="card_declined") == PriceCheckEffect(
        option=listed[0]
    )
    chat.answer(PriceAvailable(option=listed[0]))
    chat.answer([make.card()])
    effect = chat.send("action_confirm_payment_card", paymentCardId="card_4242")
    assert effect.simulate == "card_declined"
    chat.answer(EffectFailed(reason="card_declined"))
    assert chat.send("action_confirm_payment_card", paymentCardId="card_4242").simulate is None


def test_a_simulation_at_the_payment_step(chat, make):
    listed = offers(make)
    chat.awaiting_payment(listed, [make.card()])
    effect = chat.send("action_confirm_payment_card", paymentCardId="card_4242", simulate="supplier_error")
    assert effect.simulate == "supplier_error"


def test_a_position_still_means_the_last_shortlist_shown_after_a_search_found_nothing(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    chat.send(text="5 stars only")
    chat.answer([make.option(9, stars=3)])
    assert chat.send(None, "book 2") == PriceCheckEffect(option=listed[1])


def test_a_failed_card_listing_is_supplier_unavailable_and_nothing_is_pending(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    chat.send("action_book_option", optionId=listed[0].option_id)
    chat.answer(PriceAvailable(option=listed[0]))
    done = chat.answer(EffectFailed(reason="supplier_error"))
    assert done.result.status == "supplier_unavailable"
    assert chat.state.pending is None


def test_a_written_hotel_name_matches_exactly_then_by_containment(make):
    from corechat.conversation.option_refs import option_named

    listed = tuple(offers(make))
    assert option_named("the Sound Suites", listed) == listed[2]
    assert option_named("pike", listed) == listed[1]
    assert option_named("Space Needle Hotel", listed) is None


def test_accepting_an_expired_price_change_re_prices_then_asks_for_a_card_with_a_fresh_quote(chat, make):
    listed = in_price_change(chat, make)
    chat.now += dt.timedelta(minutes=20)
    effect = chat.send("action_confirm_price_change", optionId=listed[0].option_id, totalPrice=1020.0)
    assert effect == PriceCheckEffect(option=repriced(listed[0], "1020.00"))
    assert chat.answer(PriceAvailable(option=repriced(listed[0], "1020.00"))) == ListCardsEffect(
        for_option=repriced(listed[0], "1020.00")
    )
    done = chat.answer([make.card()])
    assert done.result.status == "payment_required"
    assert done.result.artifacts["pendingBooking"]["quoteExpiresAt"] == "2026-11-29T15:35:00.000Z"


def test_accepting_an_expired_price_change_whose_price_moved_again_asks_again(chat, make):
    listed = in_price_change(chat, make)
    chat.now += dt.timedelta(minutes=20)
    chat.send("action_confirm_price_change", optionId=listed[0].option_id)
    done = chat.answer(PriceChanged(option=repriced(listed[0], "1050.00"), previous_total_price=Decimal("1020.00")))
    assert done.result.status == "price_changed"
    assert done.result.artifacts["priceChange"]["previousTotalPrice"] == Decimal("1020.00")
    assert done.result.artifacts["priceChange"]["totalPrice"] == Decimal("1050.00")
    assert done.result.artifacts["pendingBooking"]["quoteExpiresAt"] == "2026-11-29T15:35:00.000Z"


def test_accepting_a_price_change_within_its_hold_keeps_the_quote_expiry(chat, make):
    listed = in_price_change(chat, make)
    chat.now += dt.timedelta(minutes=5)
    chat.send("action_confirm_price_change", optionId=listed[0].option_id)
    done = chat.answer([make.card()])
    assert done.result.artifacts["pendingBooking"]["quoteExpiresAt"] == "2026-11-29T15:15:00.000Z"


def test_a_written_hotel_name_matches_whole_words_only(make):
    from corechat.conversation.option_refs import option_named

    listed = (make.option(1, name="Harbor House 10"), make.option(2, name="Innsbruck Lodge"))
    assert option_named("0", listed) is None
    assert option_named("-1", listed) is None
    assert option_named("inn", listed) is None
    assert option_named("harbor house", listed) == listed[0]


def test_booking_a_name_not_listed_is_option_unavailable_with_the_shortlist(chat, make):
    listed = offers(make)
    chat.shortlisted(listed)
    done = chat.send(None, "book Hilton")
    assert done.kind == "command_book_by_option_id"
    assert done.result.status == "option_unavailable"
    assert done.result.message == "I couldn't find that option among the ones I showed you. Here are other options."
    assert [o["optionId"] for o in done.result.artifacts["shortlist"]] == [o.option_id for o in listed]


def test_booking_position_zero_or_negative_is_option_unavailable(chat, make):
    listed = [make.option(n, name=f"Harbor House {n}0") for n in (1, 2, 3)]
    chat.shortlisted(listed)
    for text in ("book 0", "book -1"):
        done = chat.send(None, text)
        assert (done.kind, done.result.status) == ("command_book_by_option_id", "option_unavailable"), text
        assert len(done.result.artifacts["nextActions"]) == 3


def test_a_confirmed_total_with_more_than_two_decimals_is_refused(chat, make):
    listed = in_price_change(chat, make)
    done = chat.send("action_confirm_price_change", optionId=listed[0].option_id, totalPrice=1020.001)
    assert done.result.status == "price_changed"
    assert done.result.message == (
        "You confirmed $1,020.001, but the price of Inn at the Market is $1,020.00. Please accept that total or decline."
    )
    assert done.result.artifacts["priceChange"]["totalPrice"] == Decimal("1020.00")
    assert chat.engine.snapshot_view(chat.state)["stage"] == "awaiting_price_confirmation"


def test_a_confirmed_total_equal_to_the_quote_in_another_notation_is_accepted(chat, make):
    listed = in_price_change(chat, make)
    assert isinstance(chat.send("action_confirm_price_change", optionId=listed[0].option_id, totalPrice=1020), ListCardsEffect)


def test_payment_required_names_the_rooms_and_a_non_refundable_rate(chat, make):
    listed = [make.option(1, name="Inn at the Market", total="1961.34", rooms=2, refundable=False)]
    done = chat.awaiting_payment(listed, [make.card()])
    assert done.result.message == (
        "Inn at the Market is available for Mar 20-23 (2 rooms) at $1,961.34 in total, taxes and fees included. "
        "The rate is non-refundable. Which card should I charge?"
    )


def test_card_brands_are_capitalised_in_messages_and_labels(chat, make):
    listed = offers(make)
    visa = make.card("4711", brand="visa")
    chat.awaiting_payment(listed, [visa])
    chat.send("action_confirm_payment_card", paymentCardId="card_4711")
    done = chat.answer(make.booking(listed[0], visa, number=9))
    assert done.result.message.endswith("$980.67 charged to Visa ending 4711.")
    assert [a["label"] for a in actions_pay_with(visa)] == ["Pay with Visa ending 4711"]


def actions_pay_with(card):
    from corechat.conversation.actions import pay_with_each

    return pay_with_each((card,))


# ---- an option shown too long ago for the state to keep (§5) ----


def test_an_option_id_the_state_no_longer_keeps_is_recalled_from_the_event_log_then_priced(chat, make):
    from corechat.conversation.steps import RecallOptionEffect

    listed = offers(make)
    chat.shortlisted(listed[1:])
    assert chat.send("action_book_option", optionId=listed[0].option_id) == RecallOptionEffect(
        option_id=listed[0].option_id
    )
    assert chat.answer(listed[0]) == PriceCheckEffect(option=listed[0], simulate=None)
