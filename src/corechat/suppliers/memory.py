"""The booking ledger in memory: for tests and single-process demos (bookings vanish on exit)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import msgspec

from corechat.model import Booking
from corechat.suppliers.port import BookingNotFound


class InMemoryBookingLedger:
    """Every method runs to completion without awaiting, so each is atomic on the event loop; the
    lock also keeps it whole when threads share it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_key: dict[str, Booking] = {}
        self._key_of_id: dict[str, str] = {}
        self._stored: Counter[str] = Counter()

    async def insert_if_absent(self, supplier_key: str, booking: Booking) -> Booking:
        with self._lock:
            stored = self._by_key.get(supplier_key)
            if stored is None:
                self._by_key[supplier_key] = stored = booking
                self._key_of_id[booking.booking_id] = supplier_key
                self._stored[supplier_key] += 1
            return stored

    async def get_by_key(self, supplier_key: str) -> Booking | None:
        return self._by_key.get(supplier_key)

    async def get(self, booking_id: str) -> Booking | None:
        key = self._key_of_id.get(booking_id)
        return None if key is None else self._by_key[key]

    async def mark_cancelled(self, booking_id: str, cancelled_at: dt.datetime) -> Booking:
        with self._lock:
            key = self._key_of_id.get(booking_id)
            if key is None:
                raise BookingNotFound(booking_id)
            booking = self._by_key[key]
            if booking.status != "cancelled":
                booking = msgspec.structs.replace(
                    booking, status="cancelled", cancelled_at=cancelled_at
                )
                self._by_key[key] = booking
            return booking

    def charges(self, supplier_key: str) -> int:
        """How many bookings were ever stored under ``supplier_key``: each is one charge to a card."""
        return self._stored[supplier_key]

    def __len__(self) -> int:
        return len(self._by_key)
