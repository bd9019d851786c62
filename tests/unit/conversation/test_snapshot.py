"""The session state GET /sessions shows: {stage, search, pendingBooking, bookings}, stage per CONVERSATION.md §10."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from corechat.conversation.snapshot import snapshot_view
from corechat.conversation.state import initial_state
from corechat.conversation.steps import EffectFailed
from corechat.suppliers.port import PriceChanged


def test_a_new_session_is_collecting_with_nothing_understood():
    assert snapshot_view(initial_state()) == {
        "stage": "collecting",
        "search": {
            "destination": None,
            "checkIn": None,
            "checkOut": None,
            "nights": None,
            "rooms": 1,
            "adults": None,
            "refundableOnly": False,
            "maxPricePerNight": None,
            "maxTotalPrice": None,
            "minStars": None,
            "minRating": None,
            "currency": "USD",
            "sort": "recommended",
        },
        "pendingBooking": None,
        "bookings": [],
    }


def test_still_collecting_while_criteria_are_incomplete(chat):
    chat.send(text="Seattle")
    assert snapshot_view(chat.state)["stage"] == "collecting"


def test_shortlisted_once_a_shortlist_was_shown(chat, make):
    chat.shortlisted([make.option(1)])
    assert snapshot_view(chat.state)["stage"] == "shortlisted"


def test_a_search_that_found_nothing_keeps_the_latest_shortlist(chat, make):
    shown = make.option(1)
    chat.shortlisted([shown])
    chat.send(text="5 stars only")
    assert chat.answer([make.option(2, stars=4)]).result.status == "no_results"
    assert snapshot_view(chat.state)["stage"] == "shortlisted"
    assert chat.state.shortlist == (shown,)


def test_awaiting_price_confirmation_shows_the_pending_quote(chat, make):
    inn = make.option(1, total="980.67")
    chat.shortlisted([inn])
    chat.send("action_book_option", optionId=inn.option_id)
    chat.answer(PriceChanged(option=msgspec.structs.replace(inn, total_price=Decimal("990.00")), previous_total_price=Decimal("980.67")))
    view = snapshot_view(chat.state)
    assert view["stage"] == "awaiting_price_confirmation"
    assert (view["pendingBooking"]["optionId"], view["pendingBooking"]["totalPrice"]) == (inn.option_id, Decimal("990.00"))
    assert view["pendingBooking"]["quoteExpiresAt"] == "2026-11-29T15:15:00.000Z"


def test_a_failed_booking_stays_awaiting_payment(chat, make):
    chat.awaiting_payment([make.option(1)], [make.card()])
    chat.send("action_confirm_payment_card", paymentCardId="card_4242")
    chat.answer(EffectFailed(reason="card_declined"))
    assert snapshot_view(chat.state)["stage"] == "awaiting_payment"


def test_booked_while_a_booking_is_confirmed_and_no_newer_shortlist(chat, make):
    inn = make.option(1)
    made = make.booking(inn, number=1)
    chat.booked([inn], [make.card()], made)
    view = snapshot_view(chat.state)
    assert (view["stage"], view["pendingBooking"]) == ("booked", None)
    assert [b["bookingId"] for b in view["bookings"]] == ["bkg_1"]


def test_a_newer_shortlist_after_a_booking_is_shortlisted(chat, make):
    inn = make.option(1)
    chat.booked([inn], [make.card()], make.booking(inn))
    chat.send(text="Portland instead")
    chat.answer([make.option(2)])
    assert snapshot_view(chat.state)["stage"] == "shortlisted"
