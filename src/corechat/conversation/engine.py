"""The conversation engine: one event, given the session's state and the time, to a result.

Pure and synchronous. ``decide`` answers at once or asks for an effect (a search, a price check,
the cards on file, a booking, a cancellation); the service performs it and hands the outcome to
``resume``, which answers or asks for the next effect. Every answer is a ``Done`` whose ``record``
holds the event's outcome and whose ``state`` is ``evolve(state, record)`` (see ``records``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import booking_flow, cancel_flow, payment_flow, pending_flow, search_flow
from .commands import Command, Interpret, prepare
from .snapshot import snapshot_view
from .state import SessionState, decode_state, initial_state
from .steps import (
    BookEffect,
    CancelEffect,
    EventContext,
    EventInput,
    ListCardsEffect,
    PriceCheckEffect,
    RecallOptionEffect,
    SearchEffect,
    Step,
)
from .turn import Turn


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
        return _DECIDE[command.kind](Turn(state, command, ctx))

    def resume(
        self, state: SessionState, command: Command, ctx: EventContext, effect: Any, outcome: Any
    ) -> Step:
        turn = Turn(state, command, ctx)
        if isinstance(effect, SearchEffect):
            return search_flow.searched(turn, effect, outcome)
        if isinstance(effect, RecallOptionEffect):
            return booking_flow.recalled(turn, outcome)
        if isinstance(effect, PriceCheckEffect) and command.kind == "action_confirm_payment_card":
            return payment_flow.repriced_before_payment(turn, effect, outcome)
        if isinstance(effect, PriceCheckEffect):
            return booking_flow.priced(turn, effect, outcome)
        if isinstance(effect, ListCardsEffect) and command.kind == "search_query":
            return pending_flow.cards_listed(turn, outcome)
        if isinstance(effect, ListCardsEffect):
            return booking_flow.cards_listed(turn, effect, outcome)
        if isinstance(effect, BookEffect):
            return payment_flow.booked(turn, effect, outcome)
        if isinstance(effect, CancelEffect):
            return cancel_flow.cancelled(turn, effect, outcome)
        raise TypeError(f"not an effect of this engine: {effect!r}")


_DECIDE = {
    "search_query": search_flow.decide_search,
    "command_book_by_option_id": booking_flow.decide_book,
    "action_book_option": booking_flow.decide_book,
    "action_confirm_price_change": booking_flow.decide_price_change,
    "action_confirm_payment_card": payment_flow.decide_payment,
    "action_cancel_booking": cancel_flow.decide_cancel,
}
