"""What goes into the engine and what comes out of it: the contract between engine and service.

The service builds an ``EventInput`` from the request body and an ``EventContext`` from the
session, the key and the clock, then drives the engine:

    command = engine.prepare(state, event_input, ctx)      # pure; raises InvalidRequest (a 400)
    step = engine.decide(state, command, ctx)
    while isinstance(step, EFFECTS):
        outcome = await perform(step)                       # through the ports, outside any transaction
        step = engine.resume(state, command, ctx, step, outcome)
    # step is a Done: store step.record and step.state, answer with step.result

``prepare`` runs before the idempotency claim, so a request that fails validation never consumes
its key. An effect's outcome is the port's return value, or ``EffectFailed`` when the port raised.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import msgspec

from corechat.model import Mode, Option, PaymentCard, SearchRequest

WRITE_KINDS = (
    "command_book_by_option_id",
    "action_book_option",
    "action_confirm_price_change",
    "action_confirm_payment_card",
    "action_cancel_booking",
)
KINDS = ("search_query", *WRITE_KINDS)


class EventInput(msgspec.Struct, frozen=True, kw_only=True):
    """The event as the partner sent it (already JSON-decoded and type-checked by the edge)."""

    kind: str | None = None
    text: str | None = None
    payload: dict[str, Any] = {}
    idempotency_key: str | None = None


class EventContext(msgspec.Struct, frozen=True, kw_only=True):
    now: dt.datetime  # aware UTC, from the injected clock
    session_id: str
    tenant_id: str
    actor_id: str
    timezone_offset_minutes: int | None
    mode: Mode
    supplier_key: str | None = None  # derived by the service from the partner and idempotency key


# ---- effects: what the engine asks the service to perform ----


class SearchEffect(msgspec.Struct, frozen=True, kw_only=True):
    request: SearchRequest


class PriceCheckEffect(msgspec.Struct, frozen=True, kw_only=True):
    option: Option
    simulate: str | None = None


class ListCardsEffect(msgspec.Struct, frozen=True, kw_only=True):
    # The priced option the cards are listed for: the engine's own bookkeeping, carried through
    # the service untouched (the wallet call needs only the session's tenant, actor and mode).
    for_option: Option | None = None


class BookEffect(msgspec.Struct, frozen=True, kw_only=True):
    option: Option
    card: PaymentCard
    supplier_key: str
    simulate: str | None = None


class CancelEffect(msgspec.Struct, frozen=True, kw_only=True):
    booking_id: str
    supplier_key: str


class RecallOptionEffect(msgspec.Struct, frozen=True, kw_only=True):
    """An option this session was shown too long ago for its state to keep: the service finds it in
    the session's own event log (the shortlists its events recorded). Outcome: the Option, or None."""

    option_id: str


Effect = SearchEffect | PriceCheckEffect | ListCardsEffect | BookEffect | CancelEffect | RecallOptionEffect
EFFECTS = (SearchEffect, PriceCheckEffect, ListCardsEffect, BookEffect, CancelEffect, RecallOptionEffect)


class EffectFailed(msgspec.Struct, frozen=True, kw_only=True):
    """The port raised: ``reason`` is ``supplier_error`` (failure or timeout) or ``card_declined``."""

    reason: Literal["supplier_error", "card_declined", "booking_not_found"]


# ---- the result of one event ----


class Result(msgspec.Struct, frozen=True, kw_only=True):
    status: str
    message: str
    artifacts: dict[str, Any]


class Done(msgspec.Struct, frozen=True, kw_only=True):
    kind: str  # the event's kind after classification
    text: str | None  # the turn's text, kept in the event (never a card number: prepare refuses those)
    result: Result
    record: Any  # the event's stored outcome: msgspec-serialisable; ``evolve(state, record)`` replays it
    state: Any  # the new SessionState


Step = Effect | Done

def is_write_kind(kind: str) -> bool:
    return kind in WRITE_KINDS


__all__ = [
    "BookEffect",
    "CancelEffect",
    "Done",
    "EFFECTS",
    "Effect",
    "EffectFailed",
    "EventContext",
    "EventInput",
    "KINDS",
    "ListCardsEffect",
    "PriceCheckEffect",
    "RecallOptionEffect",
    "Result",
    "SearchEffect",
    "Step",
    "WRITE_KINDS",
    "is_write_kind",
]
