"""The session's ``state`` as ``GET /sessions/{sessionId}`` shows it (CONVERSATION.md §10)."""

from __future__ import annotations

from typing import Any

from .criteria import search_view
from .stage import stage_of
from .state import SessionState
from .views import booking_view, pending_view


def snapshot_view(state: SessionState) -> dict[str, Any]:
    return {
        "stage": stage_of(state),
        "search": search_view(state.criteria),
        "pendingBooking": pending_view(state.pending) if state.pending else None,
        "bookings": [booking_view(b) for b in state.bookings],
    }
