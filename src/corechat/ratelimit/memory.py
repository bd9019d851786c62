"""Per-process minute windows: the ``limits`` package's fixed window over its memory storage."""

from __future__ import annotations

import time

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import FixedWindowRateLimiter

from corechat.ratelimit.window import Window


class MemoryLimiter:
    state = "memory"

    def __init__(self) -> None:
        self._storage = MemoryStorage()
        self._strategy = FixedWindowRateLimiter(self._storage)
        self._items: dict[int, RateLimitItemPerMinute] = {}

    async def hit(self, key: str, limit: int) -> Window:
        item = self._item(limit)
        allowed = await self._strategy.hit(item, key)
        return await self._window(item, key, allowed)

    async def peek(self, key: str, limit: int) -> Window:
        item = self._item(limit)
        return await self._window(item, key, await self._strategy.test(item, key))

    async def close(self) -> None:
        await self._storage.reset()

    async def _window(self, item: RateLimitItemPerMinute, key: str, allowed: bool) -> Window:
        stats = await self._strategy.get_window_stats(item, key)
        return Window(
            allowed=allowed,
            limit=item.amount,
            remaining=max(0, stats.remaining),
            reset_after=max(0.0, stats.reset_time - time.time()),
        )

    def _item(self, limit: int) -> RateLimitItemPerMinute:
        item = self._items.get(limit)
        if item is None:
            item = self._items[limit] = RateLimitItemPerMinute(limit)
        return item
