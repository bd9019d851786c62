"""Values as the stores keep them: instants (as text on SQLite) and bookings (as their JSON)."""

from __future__ import annotations

import datetime as dt

import msgspec

from corechat import jsoncodec
from corechat.model import Booking

UTC = dt.timezone.utc


def instant_to_text(at: dt.datetime) -> str:
    """Fixed-width ISO-8601 in UTC, so SQLite compares instants correctly as text."""
    if at.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    if at.tzinfo is not UTC:
        at = at.astimezone(UTC)
    return at.isoformat(timespec="microseconds")  # "2026-02-18T23:22:33.407000+00:00", as strftime gave


def text_to_instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def optional_instant_to_text(at: dt.datetime | None) -> str | None:
    return None if at is None else instant_to_text(at)


def optional_text_to_instant(text: str | None) -> dt.datetime | None:
    return None if text is None else text_to_instant(text)


def require_aware(at: dt.datetime | None) -> dt.datetime | None:
    if at is not None and at.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    return at


_booking_decoder = msgspec.json.Decoder(Booking)


def encode_booking(booking: Booking) -> bytes:
    return jsoncodec.encode(booking)


def decode_booking(data: bytes) -> Booking:
    return _booking_decoder.decode(data)
