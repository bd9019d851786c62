"""Event records: the stored outcome of one event, and ``evolve``, which folds one into a state.

Every transition of the engine is computed as a record first and applied with ``evolve``, so
replaying a session's records from ``initial_state()`` rebuilds its state exactly, without
calling the supplier again (CONVERSATION.md §8).
"""

from __future__ import annotations

from typing import Literal

import msgspec

from corechat.jsoncodec import encode
from corechat.model import Booking, Cancellation, Criteria, Option
from corechat.nlu.types import Question

from .state import SHOWN_LIMIT, PendingBooking, SessionState, initial_state

PendingChange = Literal["keep", "set", "clear"]


class EventRecord(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What one event established. Fields left at their default change nothing."""

    kind: str
    status: str
    criteria: Criteria | None = None  # the criteria after the turn, when the turn touched them
    last_question: Question | None = None  # what this reply asked for (every event resets it)
    shortlist: tuple[Option, ...] | None = None  # the options this reply showed as the latest shortlist
    pending_change: PendingChange = "keep"
    pending: PendingBooking | None = None  # with pending_change == "set": the quote now pending
    booking: Booking | None = None  # a booking made, or its new (cancelled) form
    cancellation: Cancellation | None = None


def evolve(state: SessionState, record: EventRecord) -> SessionState:
    events = state.events + 1
    changes: dict = {"events": events, "last_question": record.last_question}
    if record.criteria is not None:
        changes["criteria"] = record.criteria
    if record.shortlist is not None:
        changes["shortlist_ids"] = tuple(option.option_id for option in record.shortlist)
        changes["shortlist_at"] = events
        changes["shown"] = _remember(state.shown, record.shortlist)
    if record.pending_change == "set":
        changes["pending"] = record.pending
    elif record.pending_change == "clear":
        changes["pending"] = None
    if record.booking is not None:
        changes.update(_with_booking(state, record.booking, events))
    return msgspec.structs.replace(state, **changes)


def _remember(shown: tuple[Option, ...], new: tuple[Option, ...]) -> tuple[Option, ...]:
    new_ids = {option.option_id for option in new}
    kept = tuple(option for option in shown if option.option_id not in new_ids)
    return (kept + new)[-SHOWN_LIMIT:]


def _with_booking(state: SessionState, booking: Booking, events: int) -> dict:
    if state.booking(booking.booking_id) is None:
        return {"bookings": (*state.bookings, booking), "booked_at": events}
    bookings = tuple(booking if b.booking_id == booking.booking_id else b for b in state.bookings)
    return {"bookings": bookings}


_record_decoder = msgspec.json.Decoder(EventRecord)


def encode_record(record: EventRecord) -> bytes:
    return encode(record)


def decode_record(data: bytes) -> EventRecord:
    return _record_decoder.decode(data)


def replay(records) -> SessionState:
    """The state a session's records add up to, from the beginning."""
    state = initial_state()
    for record in records:
        state = evolve(state, record)
    return state
