"""Where a session stands (CONVERSATION.md §10), derived from its state."""

from __future__ import annotations

from typing import Literal

from .state import SessionState

Stage = Literal["awaiting_price_confirmation", "awaiting_payment", "shortlisted", "booked", "collecting"]


def stage_of(state: SessionState) -> Stage:
    if state.pending is not None:
        return state.pending.stage
    if state.shortlist_ids and state.shortlist_at > state.booked_at:
        return "shortlisted"
    if state.active_bookings():
        return "booked"
    return "collecting"
