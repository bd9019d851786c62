"""Two ``corechat serve`` processes sharing Redis count one minute window per partner; with Redis
unreachable a process still serves (fail open to its own windows), reports degraded, logs one
warning (at most one a minute), never a 500."""

from __future__ import annotations

import asyncio
import os

import httpx
import pytest
import redis

from .conftest import EVENTS, SESSIONS, figure, free_port

pytestmark = pytest.mark.slow

# A database number of its own keeps these windows away from other users of the same Redis; every
# test database issues fresh partner ids, so earlier runs' windows never count here.
REDIS_URL = os.environ.get("CORECHAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0").rpartition("/")[0] + "/11"
LIMIT = 120
REQUESTS = 200


@pytest.fixture(scope="module")
def servers(start_servers):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    unreachable = f"redis://127.0.0.1:{free_port()}/0"  # a port nobody listens on
    shared = start_servers({"redis_url": REDIS_URL}, {"redis_url": REDIS_URL}, {"redis_url": unreachable})
    return {"shared": shared[:2], "unreachable": shared[2]}


async def test_two_processes_on_one_redis_admit_exactly_the_limit(servers, issue_key):
    headers = {"x-partner-api-key": issue_key(rate_limit=LIMIT)}
    one, two = servers["shared"]
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=REQUESTS)) as http:
        responses = await asyncio.gather(*(
            http.get(f"{(one if n % 2 else two).base_url}{SESSIONS}/s", headers=headers) for n in range(REQUESTS)
        ))
        ready = [(await http.get(f"{server.base_url}/readyz")).json()["rateLimit"] for server in (one, two)]
        # The window is Redis's: when its key expires on the Redis server's clock, both processes admit
        # again at once, whatever their own clocks say of the minute.
        partner_id = next(r for r in responses if r.status_code == 429).json()["details"]["partnerId"]
        redis.Redis.from_url(REDIS_URL).pexpire(f"corechat:rl:partner:{partner_id}", 0)
        after = [(await http.get(f"{server.base_url}{SESSIONS}/s", headers=headers)).status_code for server in (one, two)]
    statuses = [r.status_code for r in responses]
    by_server = [[r.status_code for r in responses[n::2]].count(404) for n in (1, 0)]
    figure("shared window: admitted by first / second process", f"{by_server[0]} / {by_server[1]}")
    assert (statuses.count(404), statuses.count(429)) == (LIMIT, REQUESTS - LIMIT)
    assert ready == ["redis", "redis"]
    assert after == [404, 404]


async def test_with_redis_unreachable_requests_are_served_and_readiness_is_degraded(servers, issue_key):
    base_url = servers["unreachable"].base_url
    headers = {"x-partner-api-key": issue_key(rate_limit=LIMIT)}
    async with httpx.AsyncClient(timeout=60, base_url=base_url) as http:
        created = await http.post(SESSIONS, json={"actor": {"actorId": "mp_user"}}, headers=headers)
        session_id = created.json()["data"]["sessionId"]
        turn = await http.post(
            EVENTS, json={"sessionId": session_id, "text": "Seattle Mar 20-23 1 room", "idempotencyKey": "t1"},
            headers=headers,
        )
        snapshot = await http.get(f"{SESSIONS}/{session_id}", headers=headers)
        more = [(await http.get(f"{SESSIONS}/{session_id}", headers=headers)).status_code for _ in range(20)]
        ready = await http.get("/readyz")
    assert [created.status_code, turn.status_code, snapshot.status_code] == [200, 200, 200]
    assert turn.json()["data"]["result"]["status"] == "shortlist"
    assert snapshot.headers["x-ratelimit-limit"] == str(LIMIT)
    assert more == [200] * 20
    # Logged at most once a minute, however many requests meet the unreachable Redis.
    assert len(servers["unreachable"].log_events("ratelimit_degraded")) == 1
    assert (ready.status_code, ready.json()) == (200, {"status": "degraded", "store": "ok", "rateLimit": "degraded"})
