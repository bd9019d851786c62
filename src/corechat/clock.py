"""Time and randomness, injected: nothing in the core reads the wall clock or a random source itself."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Protocol

UTC = dt.timezone.utc


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current instant, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC)


class FixedClock:
    """A clock for tests: stands still until moved."""

    def __init__(self, at: dt.datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at.astimezone(UTC)

    def now(self) -> dt.datetime:
        return self._at

    def advance(self, **delta: float) -> None:
        self._at += dt.timedelta(**delta)


class IdSource(Protocol):
    def token(self, alphabet: str, length: int) -> str:
        """``length`` characters drawn uniformly from ``alphabet``."""
        ...


class SecureIds:
    """Ids from the operating system's CSPRNG."""

    def token(self, alphabet: str, length: int) -> str:
        size = len(alphabet)
        if not 0 < size <= 256:
            return "".join(secrets.choice(alphabet) for _ in range(length))
        # One read of the CSPRNG per token, not one per character. Bytes at or past the largest
        # multiple of the alphabet's size are dropped, so every character stays equally likely.
        limit = 256 - 256 % size
        chars: list[str] = []
        while len(chars) < length:
            chars.extend(alphabet[b % size] for b in secrets.token_bytes(length + 8) if b < limit)
        return "".join(chars[:length])


def local_today(now: dt.datetime, timezone_offset_minutes: int | None) -> dt.date:
    """The actor's local date: UTC plus their offset (CONVERSATION.md §4), never the machine's zone."""
    return (now.astimezone(UTC) + dt.timedelta(minutes=timezone_offset_minutes or 0)).date()


def iso_millis(at: dt.datetime) -> str:
    """ISO-8601 UTC with milliseconds and ``Z``: ``2026-02-18T23:22:33.407Z``."""
    if at.tzinfo is not UTC:  # the stores hand back UTC already; converting again costs more than formatting
        at = at.astimezone(UTC)
    return at.isoformat(timespec="milliseconds")[:-6] + "Z"  # isoformat ends "+00:00" in UTC
