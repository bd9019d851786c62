"""Booking an option: re-price it, then a changed price to accept or decline, or the cards to choose from."""

from __future__ import annotations

from typing import Any

from corechat.model import Option
from corechat.suppliers.port import PriceChanged, SoldOut

from . import actions, replies
from .option_refs import named_option_id, resolve_option
from .state import QUOTE_HOLD, PendingBooking
from .steps import Done, EffectFailed, ListCardsEffect, PriceCheckEffect, RecallOptionEffect, Step
from .turn import Turn
from .views import card_view, option_view, pending_view, price_change_view

PRICE_STEP_SIMULATIONS = ("price_changed", "sold_out")
PAYMENT_STEP_SIMULATIONS = ("card_declined", "supplier_error")


def decide_book(turn: Turn) -> Step:
    option = resolve_option(turn)
    if option is None:
        forgotten = named_option_id(turn)
        if forgotten is not None and turn.state.shown_option(forgotten) is None:
            return RecallOptionEffect(option_id=forgotten)  # §5: valid for the session that was shown it
    return _book(turn, option)


def recalled(turn: Turn, outcome: Any) -> Step:
    """The option the session's event log holds under the id the partner sent, if any."""
    return _book(turn, outcome if isinstance(outcome, Option) else None)


def _book(turn: Turn, option: Option | None) -> Step:
    if option is None:
        alternatives = list(turn.state.shortlist)
        return turn.done(
            "option_unavailable",
            replies.option_unavailable(None, alternatives),
            {"shortlist": [option_view(o) for o in alternatives]},
            actions.book_each(alternatives),
        )
    if any(b.option_id == option.option_id for b in turn.state.active_bookings()):
        return turn.rejected(f"You already have a confirmed booking of {option.name} for these dates.")
    simulate = turn.command.simulate if turn.command.simulate in PRICE_STEP_SIMULATIONS else None
    return PriceCheckEffect(option=option, simulate=simulate)


def _payment_simulation(turn: Turn) -> str | None:
    simulate = turn.command.simulate
    return simulate if simulate in PAYMENT_STEP_SIMULATIONS else None


def priced(turn: Turn, effect: PriceCheckEffect, outcome: Any) -> Step:
    if isinstance(outcome, EffectFailed):
        return turn.done("supplier_unavailable", replies.supplier_unavailable())
    if isinstance(outcome, SoldOut):
        return sold_out(turn, effect.option)
    checked = outcome.option
    if isinstance(outcome, PriceChanged) or checked.total_price != effect.option.total_price:
        pending = PendingBooking(
            option=checked,
            stage="awaiting_price_confirmation",
            quote_expires_at=turn.ctx.now + QUOTE_HOLD,
            previous_total_price=effect.option.total_price,
            simulate=_carried_simulation(turn),
        )
        return price_changed(turn, pending)
    return ListCardsEffect(for_option=checked)


def _carried_simulation(turn: Turn) -> str | None:
    """A re-priced expired quote keeps the test key's payment simulation its booking asked for."""
    if turn.command.kind == "action_confirm_price_change" and turn.state.pending is not None:
        return turn.state.pending.simulate
    return _payment_simulation(turn)


def price_changed(turn: Turn, pending: PendingBooking) -> Done:
    return turn.done(
        "price_changed",
        replies.price_changed(pending, turn.today),
        {"priceChange": price_change_view(pending), "pendingBooking": pending_view(pending)},
        actions.accept_or_decline(pending),
        pending_change="set",
        pending=pending,
    )


def sold_out(turn: Turn, option: Option) -> Done:
    alternatives = tuple(o for o in turn.state.shortlist if o.option_id != option.option_id)
    return turn.done(
        "option_unavailable",
        replies.option_unavailable(option.name, list(alternatives)),
        {"shortlist": [option_view(o) for o in alternatives]},
        actions.book_each(alternatives),
        shortlist=alternatives,
        **turn.abandon_pending(),
    )


def cards_listed(turn: Turn, effect: ListCardsEffect, outcome: Any) -> Done:
    if isinstance(outcome, EffectFailed):
        return turn.done("supplier_unavailable", replies.supplier_unavailable())
    cards = tuple(outcome)
    option = effect.for_option
    previous = turn.state.pending
    if turn.command.kind == "action_confirm_price_change" and previous is not None:
        # Accepting an expired quote re-priced it first (decide_price_change): the quote is fresh now.
        expires = previous.quote_expires_at if turn.ctx.now < previous.quote_expires_at else turn.ctx.now + QUOTE_HOLD
        pending = PendingBooking(
            option=option,
            stage="awaiting_payment",
            quote_expires_at=expires,
            cards=cards,
            simulate=previous.simulate,
        )
    else:
        pending = PendingBooking(
            option=option,
            stage="awaiting_payment",
            quote_expires_at=turn.ctx.now + QUOTE_HOLD,
            cards=cards,
            simulate=_payment_simulation(turn),
        )
    return _payment_required(turn, pending)


def _payment_required(turn: Turn, pending: PendingBooking) -> Done:
    return turn.done(
        "payment_required",
        replies.payment_required(pending, turn.today),
        {"pendingBooking": pending_view(pending), "paymentCards": [card_view(c) for c in pending.cards]},
        actions.pay_with_each(pending.cards),
        pending_change="set",
        pending=pending,
    )


# ---- confirming a changed price ----


def decide_price_change(turn: Turn) -> Step:
    pending = turn.state.pending
    command = turn.command
    if (
        pending is None
        or pending.stage != "awaiting_price_confirmation"
        or pending.option.option_id != command.option_id
    ):
        return turn.rejected("There is no price change waiting for your confirmation for that option.")
    if not command.accept:
        last = turn.state.shortlist
        return turn.done(
            "shortlist",
            "No problem, I won't book it. Here are the options again.",
            {"shortlist": [option_view(o) for o in last]},
            actions.book_each(last),
            shortlist=last,
            pending_change="clear",
        )
    # Consent is bound to the exact price shown: 667.111 is not 667.11 (no rounding before comparing).
    if command.total_price is not None and command.total_price != pending.option.total_price:
        return turn.done(
            "price_changed",
            replies.price_mismatch(pending, command.total_price),
            {"priceChange": price_change_view(pending), "pendingBooking": pending_view(pending)},
            actions.accept_or_decline(pending),
        )
    if turn.ctx.now >= pending.quote_expires_at:
        return PriceCheckEffect(option=pending.option)  # §7: a quote holds 15 minutes, then re-price
    return ListCardsEffect(for_option=pending.option)
