"""Per-process minute windows: fixed windows counted in the ``limits`` package's memory storage.

The storage is used directly (one increment and one expiry read per hit) rather than through the
strategy classes, which rebuild the same key strings several times per call on the hot path.
"""

from __future__ import annotations

import time

from limits.aio.storage import MemoryStorage

from corechat.ratelimit.window import WINDOW_SECONDS, Window


class MemoryLimiter:
    state = "memory"

    def __init__(self) -> None:
        self._storage = MemoryStorage()

    async def hit(self, key: str, limit: int) -> Window:
        count = await self._storage.incr(key, WINDOW_SECONDS)
        return await self._window(key, count, limit, allowed=count <= limit)

    async def peek(self, key: str, limit: int) -> Window:
        count = await self._storage.get(key)
        return await self._window(key, count, limit, allowed=count < limit)

    async def close(self) -> None:
        await self._storage.reset()

    async def _window(self, key: str, count: int, limit: int, *, allowed: bool) -> Window:
        reset_at = await self._storage.get_expiry(key) if count else time.time() + WINDOW_SECONDS
        return Window(
            allowed=allowed,
            limit=limit,
            remaining=max(0, limit - count),
            reset_after=max(0.0, reset_at - time.time()),
        )
