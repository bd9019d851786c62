"""Rate limits shared through Redis, and served anyway when Redis is down (fail open, readiness degraded)."""

from __future__ import annotations

import os
import uuid

import httpx
import msgspec
import pytest
import redis.asyncio

from corechat.bootstrap import build

REDIS_URL = os.environ.get("CORECHAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
UNREACHABLE = "redis://127.0.0.1:1/0"
SESSIONS = "/api/partner/v1/core-chat/sessions"


async def redis_or_skip() -> None:
    client = redis.asyncio.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        await client.ping()
    except Exception:  # noqa: BLE001
        pytest.skip(f"no Redis at {REDIS_URL}")
    finally:
        await client.aclose()


async def built(settings, clock, redis_url):
    return await build(msgspec.structs.replace(settings, redis_url=redis_url), clock=clock)


def client_of(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app.asgi), base_url="http://testserver")


async def test_two_apps_on_one_redis_share_the_partners_window(settings, clock, issue_partner):
    await redis_or_skip()
    # Redis outlives the test database: a fresh partner id keeps earlier runs' windows out of this one.
    small = await issue_partner(rate_limit_per_minute=5, name=f"redis-{uuid.uuid4().hex[:12]}")
    first, second = await built(settings, clock, REDIS_URL), await built(settings, clock, REDIS_URL)
    try:
        async with client_of(first) as one, client_of(second) as two:
            statuses = [(await (one if i % 2 else two).get(f"{SESSIONS}/s", headers=small.headers)).status_code
                        for i in range(8)]
            ready = (await one.get("/readyz")).json()
    finally:
        await first.close()
        await second.close()
    assert statuses == [404] * 5 + [429] * 3
    assert ready["rateLimit"] == "redis"


async def test_an_unreachable_redis_still_serves_and_reports_degraded(settings, clock, issue_partner):
    small = await issue_partner(rate_limit_per_minute=2)
    app = await built(settings, clock, UNREACHABLE)
    try:
        async with client_of(app) as http:
            statuses = [(await http.get(f"{SESSIONS}/s", headers=small.headers)).status_code for _ in range(3)]
            ready = await http.get("/readyz")
    finally:
        await app.close()
    assert statuses == [404, 404, 429]
    assert (ready.status_code, ready.json()) == (200, {"status": "degraded", "store": "ok", "rateLimit": "degraded"})
