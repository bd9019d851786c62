"""The demo supplier's booking ledger on SQLite (``demo_bookings``)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import msgspec

from corechat.model import Booking
from corechat.storage.codec import decode_booking, encode_booking, instant_to_text as ts
from corechat.storage.sqlite_db import SqliteDatabase
from corechat.suppliers.port import BookingNotFound


class SqliteBookingLedger:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def insert_if_absent(self, supplier_key: str, booking: Booking) -> Booking:
        def transaction(db: sqlite3.Connection) -> Booking:
            db.execute(
                "INSERT INTO demo_bookings (booking_id, supplier_key, status, booking, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (supplier_key) DO NOTHING",
                (
                    booking.booking_id,
                    supplier_key,
                    booking.status,
                    encode_booking(booking),
                    ts(booking.created_at),
                    ts(booking.created_at),
                ),
            )
            row = db.execute("SELECT booking FROM demo_bookings WHERE supplier_key = ?", (supplier_key,)).fetchone()
            return decode_booking(row[0])

        return await self._db.write(transaction)

    async def get_by_key(self, supplier_key: str) -> Booking | None:
        def query(db: sqlite3.Connection) -> Booking | None:
            row = db.execute("SELECT booking FROM demo_bookings WHERE supplier_key = ?", (supplier_key,)).fetchone()
            return decode_booking(row[0]) if row else None

        return await self._db.lookup(query)

    async def get(self, booking_id: str) -> Booking | None:
        def query(db: sqlite3.Connection) -> Booking | None:
            row = db.execute("SELECT booking FROM demo_bookings WHERE booking_id = ?", (booking_id,)).fetchone()
            return decode_booking(row[0]) if row else None

        return await self._db.lookup(query)

    async def mark_cancelled(self, booking_id: str, cancelled_at: dt.datetime) -> Booking:
        def transaction(db: sqlite3.Connection) -> Booking:
            row = db.execute("SELECT booking FROM demo_bookings WHERE booking_id = ?", (booking_id,)).fetchone()
            if row is None:
                raise BookingNotFound(booking_id)
            booking = decode_booking(row[0])
            if booking.status == "cancelled":
                return booking
            cancelled = msgspec.structs.replace(booking, status="cancelled", cancelled_at=cancelled_at)
            db.execute(
                "UPDATE demo_bookings SET status = 'cancelled', booking = ?, updated_at = ? WHERE booking_id = ?",
                (encode_booking(cancelled), ts(cancelled_at), booking_id),
            )
            return cancelled

        return await self._db.write(transaction)
