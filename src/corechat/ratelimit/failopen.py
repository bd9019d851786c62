"""Redis when it answers, per-process memory windows when it does not: rate limiting never fails a request.

A Redis failure is logged at most once a minute; while Redis is down the state is "degraded" (readiness
reports it) and Redis is tried again after a short pause rather than on every request.
"""

from __future__ import annotations

import logging
import time

from corechat.ratelimit.memory import MemoryLimiter
from corechat.ratelimit.shared import RedisLimiter
from corechat.ratelimit.window import Window

logger = logging.getLogger("corechat.ratelimit")

WARN_EVERY_SECONDS = 60.0
RETRY_AFTER_SECONDS = 5.0


class FailOpenLimiter:
    def __init__(self, primary: RedisLimiter, fallback: MemoryLimiter) -> None:
        self._primary = primary
        self._fallback = fallback
        self._down_until = 0.0
        self._last_warning = float("-inf")
        self._degraded = False

    @property
    def state(self) -> str:
        return "degraded" if self._degraded else "redis"

    async def hit(self, key: str, limit: int) -> Window:
        if time.monotonic() >= self._down_until:
            try:
                window = await self._primary.hit(key, limit)
            except Exception as exc:  # noqa: BLE001 - any Redis failure means: count in memory
                self._failed(exc)
            else:
                self._degraded = False
                return window
        return await self._fallback.hit(key, limit)

    async def peek(self, key: str, limit: int) -> Window:
        if time.monotonic() >= self._down_until:
            try:
                window = await self._primary.peek(key, limit)
            except Exception as exc:  # noqa: BLE001
                self._failed(exc)
            else:
                self._degraded = False
                return window
        return await self._fallback.peek(key, limit)

    async def close(self) -> None:
        await self._primary.close()
        await self._fallback.close()

    def _failed(self, exc: Exception) -> None:
        now = time.monotonic()
        self._degraded = True
        self._down_until = now + RETRY_AFTER_SECONDS
        if now - self._last_warning >= WARN_EVERY_SECONDS:
            self._last_warning = now
            logger.warning(
                "redis unreachable, rate limits counted per process",
                extra={"fields": {"event": "ratelimit_degraded", "error": type(exc).__name__}},
            )
