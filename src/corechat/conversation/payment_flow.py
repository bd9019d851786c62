"""Paying: the chosen card, a re-price when the quote is older than 15 minutes, then the booking."""

from __future__ import annotations

from typing import Any

from corechat.model import Booking, Option
from corechat.suppliers.port import PriceChanged, SoldOut

from . import actions, replies
from .booking_flow import price_changed, sold_out
from .state import QUOTE_HOLD, PendingBooking
from .steps import BookEffect, Done, EffectFailed, PriceCheckEffect, Step
from .turn import Turn
from .views import booking_view, card_view, pending_view


def decide_payment(turn: Turn) -> Step:
    pending = turn.state.pending
    if pending is None:
        return turn.rejected("There is no booking waiting for payment.")
    if pending.stage != "awaiting_payment":
        return turn.rejected("Please accept or decline the new price first.")
    card = next((c for c in pending.cards if c.payment_card_id == turn.command.payment_card_id), None)
    if card is None:
        return turn.rejected("That card is not on file. Please choose one of the cards listed.")
    if turn.ctx.now >= pending.quote_expires_at:
        return PriceCheckEffect(option=pending.option)
    return _book_effect(turn, pending.option)


def _book_effect(turn: Turn, option: Option) -> BookEffect:
    pending = turn.state.pending
    card = next(c for c in pending.cards if c.payment_card_id == turn.command.payment_card_id)
    if turn.ctx.supplier_key is None:
        raise ValueError("a booking needs ctx.supplier_key (derived from the idempotency key)")
    return BookEffect(
        option=option,
        card=card,
        supplier_key=turn.ctx.supplier_key,
        simulate=turn.command.simulate or pending.simulate,
    )


def repriced_before_payment(turn: Turn, effect: PriceCheckEffect, outcome: Any) -> Step:
    pending = turn.state.pending
    if isinstance(outcome, EffectFailed):
        return _booking_failed(turn, "supplier_error", pending)
    if isinstance(outcome, SoldOut):
        return sold_out(turn, effect.option)
    checked = outcome.option
    if isinstance(outcome, PriceChanged) or checked.total_price != pending.option.total_price:
        changed = PendingBooking(
            option=checked,
            stage="awaiting_price_confirmation",
            quote_expires_at=turn.ctx.now + QUOTE_HOLD,
            previous_total_price=pending.option.total_price,
            cards=pending.cards,
            simulate=pending.simulate,
        )
        return price_changed(turn, changed)
    return _book_effect(turn, checked)


def booked(turn: Turn, effect: BookEffect, outcome: Any) -> Done:
    if isinstance(outcome, EffectFailed):
        reason = "card_declined" if outcome.reason == "card_declined" else "supplier_error"
        pending = turn.state.pending
        kept = PendingBooking(
            option=effect.option,
            stage="awaiting_payment",
            quote_expires_at=(
                turn.ctx.now + QUOTE_HOLD if turn.ctx.now >= pending.quote_expires_at else pending.quote_expires_at
            ),
            cards=pending.cards,
        )
        return _booking_failed(turn, reason, kept, effect.card)
    booking: Booking = outcome
    return turn.done(
        "booked",
        replies.booked(booking, turn.today),
        {"booking": booking_view(booking)},
        [actions.cancel(booking)],
        booking=booking,
        pending_change="clear",
    )


def _booking_failed(turn: Turn, reason: str, pending: PendingBooking, card=None) -> Done:
    return turn.done(
        "booking_failed",
        replies.booking_failed(reason, card),
        {"reason": reason, "pendingBooking": pending_view(pending), "paymentCards": [card_view(c) for c in pending.cards]},
        actions.pay_with_each(pending.cards),
        pending_change="set",
        pending=pending,
    )
