"""The JSON the protocol shows: options, bookings, the pending booking, cards (CONVERSATION.md §3, §5)."""

from __future__ import annotations

from typing import Any

from corechat.clock import iso_millis
from corechat.jsoncodec import to_builtins
from corechat.money import money
from corechat.model import Booking, Cancellation, Option, PaymentCard

from .state import PendingBooking


def option_view(option: Option) -> dict[str, Any]:
    return to_builtins(option)


def booking_view(booking: Booking) -> dict[str, Any]:
    return to_builtins(booking)


def card_view(card: PaymentCard) -> dict[str, Any]:
    return to_builtins(card)


def pending_view(pending: PendingBooking) -> dict[str, Any]:
    """The option with its final total, and until when that total holds."""
    return {**option_view(pending.option), "quoteExpiresAt": iso_millis(pending.quote_expires_at)}


def price_change_view(pending: PendingBooking) -> dict[str, Any]:
    return {
        "optionId": pending.option.option_id,
        "previousTotalPrice": money(pending.previous_total_price),
        "totalPrice": money(pending.option.total_price),
        "currency": pending.option.currency,
    }


def cancellation_view(cancellation: Cancellation) -> dict[str, Any]:
    return to_builtins(cancellation)
