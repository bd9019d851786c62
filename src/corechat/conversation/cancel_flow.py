"""Cancelling: free before a refundable rate's deadline, otherwise only once the penalty is accepted."""

from __future__ import annotations

from typing import Any

from corechat.model import Cancellation
from corechat.money import money

from . import actions, replies
from .steps import CancelEffect, Done, EffectFailed, Step
from .turn import Turn
from .views import booking_view, cancellation_view


def decide_cancel(turn: Turn) -> Step:
    command, state = turn.command, turn.state
    if command.booking_id is not None:
        booking = state.booking(command.booking_id)
        if booking is None:
            return turn.rejected("I couldn't find that booking in this conversation.")
    else:
        active = state.active_bookings()
        if not active:
            return turn.rejected("There is no active booking to cancel.")
        booking = active[-1]
    if booking.status == "cancelled":
        return turn.rejected(f"Your booking at {booking.hotel.name} is already cancelled.")
    free = booking.refundable and (
        booking.cancellation_deadline is None or turn.ctx.now < booking.cancellation_deadline
    )
    if not free and not command.accept_penalty:
        cancellation = Cancellation(
            booking_id=booking.booking_id,
            refund_amount=money(0),
            penalty_amount=booking.total_price,
            currency=booking.currency,
        )
        return turn.done(
            "cancellation_penalty",
            replies.cancellation_penalty(booking, cancellation),
            {"cancellation": cancellation_view(cancellation)},
            actions.cancel_accepting_penalty(booking, cancellation.penalty_amount),
        )
    if turn.ctx.supplier_key is None:
        raise ValueError("a cancellation needs ctx.supplier_key (derived from the idempotency key)")
    return CancelEffect(booking_id=booking.booking_id, supplier_key=turn.ctx.supplier_key)


def cancelled(turn: Turn, effect: CancelEffect, outcome: Any) -> Done:
    if isinstance(outcome, EffectFailed):
        if outcome.reason == "booking_not_found":
            return turn.rejected("The hotel supplier has no record of that booking.")
        return turn.done("supplier_unavailable", replies.cancel_failed())
    booking, cancellation = outcome
    return turn.done(
        "cancelled",
        replies.cancelled(booking, cancellation),
        {"booking": booking_view(booking), "cancellation": cancellation_view(cancellation)},
        booking=booking,
        cancellation=cancellation,
    )
