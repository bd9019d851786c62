"""From the event a partner sent to a checked command, or a 400 in the protocol's exact words.

Everything that makes a request malformed is found here, before the service claims the
idempotency key (CONVERSATION.md §2, §8, §9): a request refused here never consumes its key.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

import msgspec

from corechat.errors import CardNumberRejected, InvalidRequest, UnsupportedKind
from corechat.nlu.types import Interpretation, NluContext, OptionRef, ShortlistEntry
from corechat.clock import local_today

from .cardnumbers import contains_card_number, find_card_number_field
from .state import SessionState
from .steps import KINDS, EventContext, EventInput, is_write_kind

MAX_TEXT_LENGTH = 2000

BOOK_KINDS = ("command_book_by_option_id", "action_book_option")
SIMULATIONS = {
    "action_book_option": ("price_changed", "sold_out", "card_declined", "supplier_error"),
    "command_book_by_option_id": ("price_changed", "sold_out", "card_declined", "supplier_error"),
    "action_confirm_payment_card": ("card_declined", "supplier_error"),
}

Interpret = Callable[..., Interpretation]


class Command(msgspec.Struct, frozen=True, kw_only=True):
    """A valid event, with its kind decided and its inputs typed."""

    kind: str
    text: str | None = None
    interpretation: Interpretation | None = None  # what the text said, for text turns
    option_id: str | None = None
    option_ref: OptionRef | None = None
    accept: bool = True
    total_price: Decimal | None = None
    payment_card_id: str | None = None
    booking_id: str | None = None
    accept_penalty: bool = False
    simulate: str | None = None


def nlu_context(state: SessionState) -> NluContext:
    return NluContext(
        criteria=state.criteria,
        last_question=state.last_question,
        shortlist=tuple(
            ShortlistEntry(position=index, option_id=o.option_id, name=o.name)
            for index, o in enumerate(state.shortlist, start=1)
        ),
    )


def prepare(state: SessionState, event: EventInput, ctx: EventContext, interpret: Interpret) -> Command:
    text = event.text
    payload = event.payload or {}
    if event.kind is None and not _present(text):
        raise InvalidRequest("text is required when kind is omitted")
    if event.kind is not None and event.kind not in KINDS:
        raise UnsupportedKind(event.kind, list(KINDS))
    if text is not None and len(text) > MAX_TEXT_LENGTH:
        raise InvalidRequest(f"text must be at most {MAX_TEXT_LENGTH} characters", details={"field": "text"})
    if text is not None and contains_card_number(text):
        raise CardNumberRejected("text")
    card_field = find_card_number_field(payload)
    if card_field:
        raise CardNumberRejected(card_field)

    interpretation = None
    if _present(text) and (event.kind in (None, "search_query", "command_book_by_option_id")):
        today = local_today(ctx.now, ctx.timezone_offset_minutes)
        interpretation = interpret(text, nlu_context(state), today)
    kind = event.kind or ("command_book_by_option_id" if interpretation.intent == "book" else "search_query")

    if is_write_kind(kind) and not event.idempotency_key:
        raise InvalidRequest(f"idempotencyKey is required for kind={kind}")
    simulate = _simulate(kind, payload, ctx)
    fields = _KIND_FIELDS[kind](state, kind, text, payload)
    return Command(kind=kind, text=text, interpretation=interpretation, simulate=simulate, **fields)


def _present(text: str | None) -> bool:
    return text is not None and text.strip() != ""


def _search_fields(state, kind, text, payload) -> dict:
    if not _present(text):
        raise InvalidRequest(f"text is required for kind={kind}")
    return {}


def _book_fields(state, kind, text, payload) -> dict:
    option_id = _string(payload, "optionId", kind, required=kind == "action_book_option" or not _present(text))
    return {"option_id": option_id}


def _price_change_fields(state, kind, text, payload) -> dict:
    return {
        "option_id": _string(payload, "optionId", kind, required=True),
        "accept": _boolean(payload, "accept", default=True),
        "total_price": _number(payload, "totalPrice"),
    }


def _payment_fields(state, kind, text, payload) -> dict:
    return {"payment_card_id": _string(payload, "paymentCardId", kind, required=True)}


def _cancel_fields(state, kind, text, payload) -> dict:
    booking_id = _string(payload, "bookingId", kind, required=len(state.active_bookings()) > 1)
    return {"booking_id": booking_id, "accept_penalty": _boolean(payload, "acceptPenalty", default=False)}


_KIND_FIELDS = {
    "search_query": _search_fields,
    "command_book_by_option_id": _book_fields,
    "action_book_option": _book_fields,
    "action_confirm_price_change": _price_change_fields,
    "action_confirm_payment_card": _payment_fields,
    "action_cancel_booking": _cancel_fields,
}


def _string(payload: dict[str, Any], key: str, kind: str, *, required: bool) -> str | None:
    value = payload.get(key)
    if value is None or value == "":
        if required:
            raise InvalidRequest(f"payload.{key} is required for kind={kind}")
        return None
    if not isinstance(value, str):
        raise InvalidRequest(f"payload.{key} must be a string")
    return value


def _boolean(payload: dict[str, Any], key: str, *, default: bool) -> bool:
    value = payload.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidRequest(f"payload.{key} must be a boolean")
    return value


def _number(payload: dict[str, Any], key: str) -> Decimal | None:
    value = payload.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise InvalidRequest(f"payload.{key} must be a number")
    # A float's repr is the shortest decimal that reads back as it: 667.111 stays 667.111, never
    # rounded to cents, so a total the user did not see can never pass for the quote.
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _simulate(kind: str, payload: dict[str, Any], ctx: EventContext) -> str | None:
    if "simulate" not in payload:
        return None
    if ctx.mode != "test":  # even a null: a live key never carries the test flag at all (§9)
        raise InvalidRequest("payload.simulate is only allowed with a test key")
    value = payload["simulate"]
    if value is None:
        return None
    allowed = SIMULATIONS.get(kind)
    if allowed is None:
        raise InvalidRequest(
            f"payload.simulate is not allowed for kind={kind}; "
            f"it is allowed for kinds {', '.join(SIMULATIONS)}",
            details={"allowedKinds": list(SIMULATIONS)},
        )
    if value not in allowed:
        raise InvalidRequest(
            f"payload.simulate must be one of {', '.join(allowed)} for kind={kind}",
            details={"allowedValues": list(allowed)},
        )
    return value
