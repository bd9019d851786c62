"""``artifacts.nextActions``: what the partner may send next, ready to post (CONVERSATION.md §6)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from corechat.model import Booking, Option, PaymentCard

from .money_text import amount
from .replies import brand
from .state import PendingBooking, SessionState


def _action(kind: str, label: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"kind": kind, "label": label, "payload": payload, "requiresIdempotencyKey": True}


def book_each(options: tuple[Option, ...] | list[Option]) -> list[dict[str, Any]]:
    return [
        _action(
            "action_book_option",
            f"Book {o.name} ({amount(o.total_price, o.currency)})",
            {"optionId": o.option_id},
        )
        for o in options
    ]


def accept_or_decline(pending: PendingBooking) -> list[dict[str, Any]]:
    option = pending.option
    return [
        _action(
            "action_confirm_price_change",
            f"Accept the new price ({amount(option.total_price, option.currency)})",
            {"optionId": option.option_id, "accept": True, "totalPrice": option.total_price},
        ),
        _action(
            "action_confirm_price_change",
            "Decline and go back to the options",
            {"optionId": option.option_id, "accept": False},
        ),
    ]


def pay_with_each(cards: tuple[PaymentCard, ...]) -> list[dict[str, Any]]:
    return [
        _action(
            "action_confirm_payment_card",
            f"Pay with {brand(card.brand)} ending {card.last4}",
            {"paymentCardId": card.payment_card_id},
        )
        for card in cards
    ]


def cancel(booking: Booking) -> dict[str, Any]:
    return _action(
        "action_cancel_booking",
        f"Cancel {booking.hotel.name} ({booking.confirmation_code})",
        {"bookingId": booking.booking_id},
    )


def cancel_accepting_penalty(booking: Booking, penalty: Decimal) -> list[dict[str, Any]]:
    return [
        _action(
            "action_cancel_booking",
            f"Cancel anyway and forfeit {amount(penalty, booking.currency)}",
            {"bookingId": booking.booking_id, "acceptPenalty": True},
        )
    ]


def for_stage(state: SessionState, stage: str) -> list[dict[str, Any]]:
    """The actions of the session's current stage (what ``action_rejected`` offers)."""
    pending = state.pending
    if stage == "awaiting_price_confirmation" and pending is not None:
        return accept_or_decline(pending)
    if stage == "awaiting_payment" and pending is not None:
        return pay_with_each(pending.cards)
    if stage == "shortlisted":
        return book_each(state.shortlist)
    if stage == "booked":
        return [cancel(b) for b in state.active_bookings()]
    return []
