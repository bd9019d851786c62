"""The demo supplier's own booking ledger: a small port, unique on ``supplier_key``.

A real supplier keeps its bookings on its side; the demo supplier keeps them here, so that
``book`` with a used supplier key returns the first booking (and never charges twice) even across
restarts and processes. Implementations: in memory (this package), SQLite and PostgreSQL
(``corechat.storage``); all pass ``tests/contracts/booking_ledger_contract.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from corechat.model import Booking


class BookingLedger(Protocol):
    async def insert_if_absent(self, supplier_key: str, booking: Booking) -> Booking:
        """Store ``booking`` under ``supplier_key`` unless the key is taken; return the stored booking.

        Atomic: of concurrent calls with one key, exactly one booking is stored and all return it.
        """

    async def get_by_key(self, supplier_key: str) -> Booking | None: ...

    async def get(self, booking_id: str) -> Booking | None: ...

    async def mark_cancelled(self, booking_id: str, cancelled_at: dt.datetime) -> Booking:
        """Set the booking cancelled (idempotent: a cancelled one is returned unchanged).
        Raises ``corechat.suppliers.port.BookingNotFound`` for an unknown id."""
