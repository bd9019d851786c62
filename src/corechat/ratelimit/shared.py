"""Minute windows shared by every process through Redis, one atomic script call per request.

The window starts at a key's first hit and expires on the Redis server's clock, so several
processes (and machines) count against the same window whatever their own clocks say.
"""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis

from corechat.ratelimit.window import WINDOW_SECONDS, Window

_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
"""

_PEEK = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = tonumber(ARGV[1]) end
return {count, ttl}
"""

KEY_PREFIX = "corechat:rl:"
# A burst larger than the pool waits for a connection (up to the timeout) instead of failing: a
# failed hit falls back to per-process memory and would admit more than the limit.
MAX_CONNECTIONS = 50


class RedisLimiter:
    state = "redis"

    def __init__(self, url: str, *, timeout_seconds: float = 0.5) -> None:
        pool = BlockingConnectionPool.from_url(
            url,
            max_connections=MAX_CONNECTIONS,
            timeout=timeout_seconds,
            socket_timeout=timeout_seconds,
            socket_connect_timeout=timeout_seconds,
        )
        self._redis = Redis.from_pool(pool)
        self._hit = self._redis.register_script(_HIT)
        self._peek = self._redis.register_script(_PEEK)

    async def hit(self, key: str, limit: int) -> Window:
        count, ttl_ms = await self._hit(keys=[KEY_PREFIX + key], args=[WINDOW_SECONDS * 1000])
        return _window(int(count), int(ttl_ms), limit, allowed=int(count) <= limit)

    async def peek(self, key: str, limit: int) -> Window:
        count, ttl_ms = await self._peek(keys=[KEY_PREFIX + key], args=[WINDOW_SECONDS * 1000])
        return _window(int(count), int(ttl_ms), limit, allowed=int(count) < limit)

    async def ping(self) -> None:
        await self._redis.ping()

    async def close(self) -> None:
        await self._redis.aclose()


def _window(count: int, ttl_ms: int, limit: int, *, allowed: bool) -> Window:
    return Window(allowed=allowed, limit=limit, remaining=max(0, limit - count), reset_after=ttl_ms / 1000)
