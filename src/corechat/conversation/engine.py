"""The conversation engine: one event, given the session's state and the time, to a result.

Pure and synchronous. ``decide`` answers at once or asks for an effect (a search, a price check,
the cards on file, a booking, a cancellation); the service performs it and hands the outcome to
``resume``, which answers or asks for the next effect. Every answer is a ``Done`` whose ``record``
holds the event's outcome and whose ``state`` is ``evolve(state, record)`` (see ``records``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import msgspec

from corechat.clock import local_today
from corechat.model import Booking, Cancellation, Criteria, Option, SearchRequest
from corechat.money import money
from corechat.suppliers.port import PriceAvailable, PriceChanged, SoldOut

from . import actions, replies
from .commands import Command, Interpret, prepare
from .criteria import apply, missing, problems, question_for, search_request, search_view
from .ranking import passes_filters, rank
from .records import EventRecord, evolve
from .stage import stage_of
from .snapshot import snapshot_view
from .state import QUOTE_HOLD, PendingBooking, SessionState, decode_state, initial_state
from .steps import (
    BookEffect,
    CancelEffect,
    Done,
    EffectFailed,
    EventContext,
    EventInput,
    ListCardsEffect,
    PriceCheckEffect,
    Result,
    SearchEffect,
    Step,
)
from .views import (
    booking_view,
    cancellation_view,
    card_view,
    option_view,
    pending_view,
    price_change_view,
)

PRICE_STEP_SIMULATIONS = ("price_changed", "sold_out")
PAYMENT_STEP_SIMULATIONS = ("card_declined", "supplier_error")


class Engine:
    def __init__(self, interpret: Interpret | None = None) -> None:
        self._given_interpret = interpret

    def _interpret(self, text: str, context: Any, today: dt.date) -> Any:
        """The NLU's ``interpret`` unless another was given (looked up on first use, not at import)."""
        if self._given_interpret is None:
            from corechat.nlu.interpret import interpret

            self._given_interpret = interpret
        return self._given_interpret(text, context, today)

    # ---- the session's state, as the service stores and shows it ----

    def initial_state(self) -> SessionState:
        return initial_state()

    def decode_state(self, data: bytes) -> SessionState:
        return decode_state(data)

    def snapshot_view(self, state: SessionState) -> dict[str, Any]:
        return snapshot_view(state)

    # ---- the three calls of the step contract (see steps.py) ----

    def prepare(self, state: SessionState, event: EventInput, ctx: EventContext) -> Command:
        return prepare(state, event, ctx, self._interpret)

    def decide(self, state: SessionState, command: Command, ctx: EventContext) -> Step:
        turn = _Turn(state, command, ctx)
        return _DECIDE[command.kind](turn)

    def resume(
        self, state: SessionState, command: Command, ctx: EventContext, effect: Any, outcome: Any
    ) -> Step:
        turn = _Turn(state, command, ctx)
        if isinstance(effect, SearchEffect):
            return _searched(turn, effect, outcome)
        if isinstance(effect, PriceCheckEffect):
            return _priced(turn, effect, outcome)
        if isinstance(effect, ListCardsEffect):
            return _cards_listed(turn, effect, outcome)
        if isinstance(effect, BookEffect):
            return _booked(turn, effect, outcome)
        if isinstance(effect, CancelEffect):
            return _cancelled(turn, effect, outcome)
        raise TypeError(f"not an effect of this engine: {effect!r}")


class _Turn:
    """One event in progress: its inputs, and how to finish it."""

    def __init__(self, state: SessionState, command: Command, ctx: EventContext) -> None:
        self.state = state
        self.command = command
        self.ctx = ctx

    @property
    def today(self) -> dt.date:
        return local_today(self.ctx.now, self.ctx.timezone_offset_minutes)

    def done(
        self,
        status: str,
        message: str,
        artifacts: dict[str, Any] | None = None,
        next_actions: list[dict[str, Any]] | None = None,
        **facts: Any,
    ) -> Done:
        facts.setdefault("last_question", self.state.last_question)
        record = EventRecord(kind=self.command.kind, status=status, **facts)
        new_state = evolve(self.state, record)
        shown = {
            "search": search_view(new_state.criteria),
            **(artifacts or {}),
            "nextActions": next_actions or [],
        }
        return Done(
            kind=self.command.kind,
            text=self.command.text,
            result=Result(status=status, message=message, artifacts=shown),
            record=record,
            state=new_state,
        )

    def rejected(self, message: str) -> Done:
        return self.done("action_rejected", message, next_actions=actions.for_stage(self.state, stage_of(self.state)))

    def abandon_pending(self) -> dict[str, Any]:
        return {"pending_change": "clear"} if self.state.pending is not None else {}


# ---- search ----


def _criteria_after(turn: _Turn) -> Criteria:
    interpretation = turn.command.interpretation
    assert interpretation is not None, "prepare interprets every search turn"
    return apply(turn.state.criteria, interpretation)


def _decide_search(turn: _Turn) -> Step:
    criteria = _criteria_after(turn)
    missing_fields = missing(criteria)
    found = _unique([*turn.command.interpretation.problems, *problems(criteria, turn.today)])
    if missing_fields or found:
        question = question_for(missing_fields)
        return turn.done(
            "needs_input",
            replies.ask(question, found),
            {"missing": missing_fields, "problems": found},
            criteria=criteria,
            last_question=question,
            **turn.abandon_pending(),
        )
    return SearchEffect(request=search_request(criteria, turn.today))


def _searched(turn: _Turn, effect: SearchEffect, outcome: Any) -> Done:
    criteria = _criteria_after(turn)
    facts = {"criteria": criteria, "last_question": None, **turn.abandon_pending()}
    if isinstance(outcome, EffectFailed):
        return turn.done("supplier_unavailable", replies.supplier_unavailable(), **facts)
    offers: list[Option] = list(outcome)
    shortlist = rank(offers, effect.request)
    if not shortlist:
        return turn.done(
            "no_results",
            replies.no_results(effect.request, _filter_to_relax(offers, effect.request)),
            **facts,
        )
    return turn.done(
        "shortlist",
        replies.shortlist(effect.request, shortlist),
        {"shortlist": [option_view(o) for o in shortlist]},
        actions.book_each(shortlist),
        shortlist=tuple(shortlist),
        **facts,
    )


_FILTERS = ("refundable_only", "max_price_per_night", "max_total_price", "min_stars", "min_rating")
_FILTER_NAMES = {
    "refundable_only": "refundableOnly",
    "max_price_per_night": "maxPricePerNight",
    "max_total_price": "maxTotalPrice",
    "min_stars": "minStars",
    "min_rating": "minRating",
}


def _filter_to_relax(offers: list[Option], request: SearchRequest) -> str | None:
    """The stated filter whose removal alone would bring back the most options, if any would."""
    best, best_count = None, 0
    for name in _FILTERS:
        if getattr(request, name) in (None, False):
            continue
        relaxed = msgspec.structs.replace(request, **{name: False if name == "refundable_only" else None})
        count = sum(1 for o in offers if passes_filters(o, relaxed))
        if count > best_count:
            best, best_count = _FILTER_NAMES[name], count
    return best


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# ---- booking an option ----


def _decide_book(turn: _Turn) -> Step:
    option = _resolve_option(turn)
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


def _resolve_option(turn: _Turn) -> Option | None:
    state, command = turn.state, turn.command
    if command.option_id is not None:
        return state.shown_option(command.option_id)
    ref = command.interpretation.option_ref if command.interpretation else None
    if ref is None:
        return None
    if ref.position is not None:
        return state.shortlist[ref.position - 1] if 1 <= ref.position <= len(state.shortlist) else None
    if ref.option_id is not None:
        return state.shown_option(ref.option_id)
    if ref.name:
        return _by_name(ref.name, state.shortlist) or _by_name(ref.name, tuple(reversed(state.shown)))
    return None


def _normal(name: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _by_name(name: str, options: tuple[Option, ...]) -> Option | None:
    wanted = _normal(name)
    if not wanted:
        return None
    for option in options:
        if _normal(option.name) == wanted:
            return option
    for option in options:
        if wanted in _normal(option.name) or _normal(option.name) in wanted:
            return option
    return None


def _payment_simulation(turn: _Turn) -> str | None:
    simulate = turn.command.simulate
    return simulate if simulate in PAYMENT_STEP_SIMULATIONS else None


def _priced(turn: _Turn, effect: PriceCheckEffect, outcome: Any) -> Step:
    if turn.command.kind == "action_confirm_payment_card":
        return _repriced_before_payment(turn, effect, outcome)
    if isinstance(outcome, EffectFailed):
        return turn.done("supplier_unavailable", replies.supplier_unavailable())
    if isinstance(outcome, SoldOut):
        return _sold_out(turn, effect.option)
    checked = outcome.option
    if isinstance(outcome, PriceChanged) or checked.total_price != effect.option.total_price:
        pending = PendingBooking(
            option=checked,
            stage="awaiting_price_confirmation",
            quote_expires_at=turn.ctx.now + QUOTE_HOLD,
            previous_total_price=effect.option.total_price,
            simulate=_payment_simulation(turn),
        )
        return _price_changed(turn, pending)
    return ListCardsEffect(for_option=checked)


def _price_changed(turn: _Turn, pending: PendingBooking) -> Done:
    return turn.done(
        "price_changed",
        replies.price_changed(pending),
        {"priceChange": price_change_view(pending), "pendingBooking": pending_view(pending)},
        actions.accept_or_decline(pending),
        pending_change="set",
        pending=pending,
    )


def _sold_out(turn: _Turn, option: Option) -> Done:
    alternatives = tuple(o for o in turn.state.shortlist if o.option_id != option.option_id)
    return turn.done(
        "option_unavailable",
        replies.option_unavailable(option.name, list(alternatives)),
        {"shortlist": [option_view(o) for o in alternatives]},
        actions.book_each(alternatives),
        shortlist=alternatives,
        **turn.abandon_pending(),
    )


def _cards_listed(turn: _Turn, effect: ListCardsEffect, outcome: Any) -> Done:
    if isinstance(outcome, EffectFailed):
        return turn.done("supplier_unavailable", replies.supplier_unavailable())
    cards = tuple(outcome)
    option = effect.for_option
    previous = turn.state.pending
    if turn.command.kind == "action_confirm_price_change" and previous is not None:
        pending = PendingBooking(
            option=option,
            stage="awaiting_payment",
            quote_expires_at=previous.quote_expires_at,
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


def _payment_required(turn: _Turn, pending: PendingBooking) -> Done:
    return turn.done(
        "payment_required",
        replies.payment_required(pending),
        {"pendingBooking": pending_view(pending), "paymentCards": [card_view(c) for c in pending.cards]},
        actions.pay_with_each(pending.cards),
        pending_change="set",
        pending=pending,
    )


# ---- confirming a changed price ----


def _decide_price_change(turn: _Turn) -> Step:
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
    if command.total_price is not None and money(command.total_price) != pending.option.total_price:
        return turn.done(
            "price_changed",
            replies.price_mismatch(pending, money(command.total_price)),
            {"priceChange": price_change_view(pending), "pendingBooking": pending_view(pending)},
            actions.accept_or_decline(pending),
        )
    return ListCardsEffect(for_option=pending.option)


# ---- paying ----


def _decide_payment(turn: _Turn) -> Step:
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


def _book_effect(turn: _Turn, option: Option) -> BookEffect:
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


def _repriced_before_payment(turn: _Turn, effect: PriceCheckEffect, outcome: Any) -> Step:
    pending = turn.state.pending
    if isinstance(outcome, EffectFailed):
        return _booking_failed(turn, "supplier_error", pending)
    if isinstance(outcome, SoldOut):
        return _sold_out(turn, effect.option)
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
        return _price_changed(turn, changed)
    return _book_effect(turn, checked)


def _booked(turn: _Turn, effect: BookEffect, outcome: Any) -> Done:
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
        replies.booked(booking),
        {"booking": booking_view(booking)},
        [actions.cancel(booking)],
        booking=booking,
        pending_change="clear",
    )


def _booking_failed(turn: _Turn, reason: str, pending: PendingBooking, card=None) -> Done:
    return turn.done(
        "booking_failed",
        replies.booking_failed(reason, card),
        {"reason": reason, "pendingBooking": pending_view(pending), "paymentCards": [card_view(c) for c in pending.cards]},
        actions.pay_with_each(pending.cards),
        pending_change="set",
        pending=pending,
    )


# ---- cancelling ----


def _decide_cancel(turn: _Turn) -> Step:
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


def _cancelled(turn: _Turn, effect: CancelEffect, outcome: Any) -> Done:
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


_DECIDE = {
    "search_query": _decide_search,
    "command_book_by_option_id": _decide_book,
    "action_book_option": _decide_book,
    "action_confirm_price_change": _decide_price_change,
    "action_confirm_payment_card": _decide_payment,
    "action_cancel_booking": _decide_cancel,
}
