"""The demo supplier's booking ledger on PostgreSQL (``demo_bookings``)."""

from __future__ import annotations

import datetime as dt

import asyncpg
import msgspec

from corechat.model import Booking
from corechat.storage.codec import decode_booking, encode_booking, require_aware
from corechat.suppliers.port import BookingNotFound


class PostgresBookingLedger:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def insert_if_absent(self, supplier_key: str, booking: Booking) -> Booking:
        # ON CONFLICT waits for a concurrent insert of the key to settle, then the SELECT sees the winner.
        async with self._pool.acquire() as db:
            stored = await db.fetchval(
                "INSERT INTO demo_bookings (booking_id, supplier_key, status, booking, created_at, updated_at)"
                " VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (supplier_key) DO NOTHING RETURNING booking",
                booking.booking_id,
                supplier_key,
                booking.status,
                encode_booking(booking),
                require_aware(booking.created_at),
            )
            if stored is None:
                stored = await db.fetchval("SELECT booking FROM demo_bookings WHERE supplier_key = $1", supplier_key)
        return decode_booking(stored)

    async def get_by_key(self, supplier_key: str) -> Booking | None:
        stored = await self._pool.fetchval("SELECT booking FROM demo_bookings WHERE supplier_key = $1", supplier_key)
        return decode_booking(stored) if stored is not None else None

    async def get(self, booking_id: str) -> Booking | None:
        stored = await self._pool.fetchval("SELECT booking FROM demo_bookings WHERE booking_id = $1", booking_id)
        return decode_booking(stored) if stored is not None else None

    async def mark_cancelled(self, booking_id: str, cancelled_at: dt.datetime) -> Booking:
        require_aware(cancelled_at)
        async with self._pool.acquire() as db, db.transaction():
            stored = await db.fetchval(
                "SELECT booking FROM demo_bookings WHERE booking_id = $1 FOR UPDATE", booking_id
            )
            if stored is None:
                raise BookingNotFound(booking_id)
            booking = decode_booking(stored)
            if booking.status == "cancelled":
                return booking
            cancelled = msgspec.structs.replace(booking, status="cancelled", cancelled_at=cancelled_at)
            await db.execute(
                "UPDATE demo_bookings SET status = 'cancelled', booking = $2, updated_at = $3 WHERE booking_id = $1",
                booking_id,
                encode_booking(cancelled),
                cancelled_at,
            )
            return cancelled
