"""Minute windows: counting, remaining, peeking, Redis shared windows and failing open to memory."""

from __future__ import annotations

import logging
import os
import uuid

import pytest

from corechat.ratelimit import FailOpenLimiter, MemoryLimiter, RedisLimiter, build_limiter
from corechat.ratelimit.window import Window

REDIS_URL = os.environ.get("CORECHAT_TEST_REDIS_URL", os.environ.get("CORECHAT_REDIS_URL", "redis://127.0.0.1:6379/0"))


async def test_memory_windows_admit_the_limit_then_refuse():
    limiter = MemoryLimiter()
    windows = [await limiter.hit("partner:a", 3) for _ in range(4)]
    assert [(w.allowed, w.remaining) for w in windows] == [(True, 2), (True, 1), (True, 0), (False, 0)]
    assert all(w.limit == 3 and 0 < w.reset_after <= 60 for w in windows)


async def test_memory_windows_are_per_key():
    limiter = MemoryLimiter()
    await limiter.hit("partner:a", 1)
    assert (await limiter.hit("partner:b", 1)).allowed


async def test_peek_does_not_count():
    limiter = MemoryLimiter()
    await limiter.hit("auth:1.2.3.4", 2)
    assert (await limiter.peek("auth:1.2.3.4", 2)).allowed
    assert (await limiter.peek("auth:1.2.3.4", 2)).remaining == 1
    await limiter.hit("auth:1.2.3.4", 2)
    assert not (await limiter.peek("auth:1.2.3.4", 2)).allowed


def test_retry_after_is_whole_seconds_and_at_least_one():
    assert Window(allowed=False, limit=1, remaining=0, reset_after=12.2).retry_after == 13
    assert Window(allowed=False, limit=1, remaining=0, reset_after=0.0).retry_after == 1


def test_without_redis_the_limiter_counts_in_memory():
    assert build_limiter(None).state == "memory"


class BrokenRedis:
    def __init__(self) -> None:
        self.calls = 0

    async def hit(self, key: str, limit: int) -> Window:
        self.calls += 1
        raise ConnectionError("redis down")

    peek = hit

    async def close(self) -> None:
        pass


async def test_an_unreachable_redis_fails_open_to_memory_warning_once():
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("corechat.ratelimit")
    logger.addHandler(handler)
    broken = BrokenRedis()
    limiter = FailOpenLimiter(broken, MemoryLimiter())  # type: ignore[arg-type]
    try:
        windows = [await limiter.hit("partner:a", 2) for _ in range(3)]
    finally:
        logger.removeHandler(handler)
    assert [w.allowed for w in windows] == [True, True, False]
    assert limiter.state == "degraded"
    assert broken.calls == 1  # not retried on every request
    assert [r.getMessage() for r in records] == ["redis unreachable, rate limits counted per process"]


async def _redis_or_skip() -> RedisLimiter:
    limiter = RedisLimiter(REDIS_URL)
    try:
        await limiter.ping()
    except Exception:  # noqa: BLE001
        await limiter.close()
        pytest.skip(f"no Redis at {REDIS_URL}")
    return limiter


async def test_redis_windows_are_shared_between_limiters():
    first, second = await _redis_or_skip(), RedisLimiter(REDIS_URL)
    key = f"test:{uuid.uuid4()}"
    try:
        results = [await (first if i % 2 else second).hit(key, 5) for i in range(7)]
        peeked = await first.peek(key, 5)
    finally:
        await first.close()
        await second.close()
    assert [w.allowed for w in results] == [True] * 5 + [False] * 2
    assert [w.remaining for w in results] == [4, 3, 2, 1, 0, 0, 0]
    assert 0 < results[-1].reset_after <= 60
    assert (peeked.allowed, peeked.remaining) == (False, 0)


async def test_a_working_redis_reports_redis_state():
    primary = await _redis_or_skip()
    limiter = FailOpenLimiter(primary, MemoryLimiter())
    try:
        window = await limiter.hit(f"test:{uuid.uuid4()}", 3)
    finally:
        await limiter.close()
    assert (window.allowed, window.remaining, limiter.state) == (True, 2, "redis")
