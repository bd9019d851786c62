"""Per-key minute windows: in memory, or shared through Redis (failing open to memory)."""

from __future__ import annotations

from corechat.ratelimit.failopen import FailOpenLimiter
from corechat.ratelimit.memory import MemoryLimiter
from corechat.ratelimit.shared import RedisLimiter
from corechat.ratelimit.window import Limiter, Window


def build_limiter(redis_url: str | None) -> Limiter:
    if redis_url is None:
        return MemoryLimiter()
    return FailOpenLimiter(RedisLimiter(redis_url), MemoryLimiter())


__all__ = ["Limiter", "Window", "build_limiter", "MemoryLimiter", "RedisLimiter", "FailOpenLimiter"]
