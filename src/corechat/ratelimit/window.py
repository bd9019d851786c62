"""What a rate-limit check answers, whichever backend counted it."""

from __future__ import annotations

import math
from typing import Protocol

import msgspec


class Window(msgspec.Struct, frozen=True, kw_only=True):
    allowed: bool
    limit: int
    remaining: int
    reset_after: float  # seconds until the current minute window resets

    @property
    def retry_after(self) -> int:
        """Whole seconds until the window resets (the Retry-After header), at least 1."""
        return max(1, math.ceil(self.reset_after))


class Limiter(Protocol):
    async def hit(self, key: str, limit: int) -> Window:
        """Count one request against ``key``'s minute window."""

    async def peek(self, key: str, limit: int) -> Window:
        """The window as it stands, without counting."""

    @property
    def state(self) -> str:
        """"memory", "redis", or "degraded" (Redis configured but unreachable: counting in memory)."""

    async def close(self) -> None: ...


WINDOW_SECONDS = 60
