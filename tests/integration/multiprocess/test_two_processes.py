"""Two ``corechat serve`` processes on one PostgreSQL database behave like one, on two ports (as behind
a load balancer) and on one port (``--workers 2``): per-session order and idempotency hold through
the database (row locks, unique constraints), not in-process locks. And X-Forwarded-For is believed
only from CORECHAT_TRUSTED_PROXIES (on two ports the first server trusts 127.0.0.1, where the tests
connect from, as if they were the load balancer; the second trusts no one)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from corechat import apikeys
from corechat.conversation.records import decode_record, replay
from corechat.conversation.state import decode_state

from .conftest import EVENTS, SESSIONS, figure

pytestmark = pytest.mark.slow

SEARCH = "Seattle Mar 20-23 1 room refundable"
CONCURRENT = 50
POOL_SIZE = 4  # CORECHAT_DATABASE_POOL_SIZE of each server: 50 requests at once share 4 connections


def as_bytes(value: object) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value)


async def create_session(http: httpx.AsyncClient, base_url: str, headers: dict) -> str:
    response = await http.post(base_url + SESSIONS, json={"actor": {"actorId": "mp_user"}}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["data"]["sessionId"]


async def event(http: httpx.AsyncClient, base_url: str, headers: dict, session_id: str, **fields) -> dict:
    response = await http.post(base_url + EVENTS, json={"sessionId": session_id, **fields}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def payment_body(http: httpx.AsyncClient, base_url: str, headers: dict, session_id: str) -> dict:
    """Walk a session to payment_required; the body that confirms the default card."""
    answer = await event(http, base_url, headers, session_id, text=SEARCH, idempotencyKey="search")
    for step in range(1, 8):
        if answer["result"]["status"] not in ("shortlist", "price_changed", "option_unavailable"):
            break
        action = answer["result"]["artifacts"]["nextActions"][0]
        answer = await event(
            http, base_url, headers, session_id, kind=action["kind"], payload=action["payload"], idempotencyKey=f"book:{step}"
        )
    assert answer["result"]["status"] == "payment_required", answer
    artifacts = answer["result"]["artifacts"]
    card = next(c for c in artifacts["paymentCards"] if c["isDefault"])
    pay = next(a for a in artifacts["nextActions"] if a["payload"].get("paymentCardId") == card["paymentCardId"])
    return {"sessionId": session_id, "kind": pay["kind"], "payload": pay["payload"], "idempotencyKey": "pay"}


@pytest.fixture(scope="module", params=["two ports", "one port, two workers"])
def servers(request, start_servers):
    """Two servers (two processes on two ports, as behind a load balancer), or one ``--workers 2``
    server named twice (two processes on one port, the kernel spreading connections)."""
    settings = {"database_pool_size": str(POOL_SIZE)}
    if request.param == "two ports":
        started = start_servers({**settings, "trusted_proxies": "127.0.0.1"}, settings)
    else:
        started = start_servers({**settings, "workers": "2"}) * 2
    yield started
    for server in started:  # before the other variant starts (start_servers checks the exit codes)
        server.terminate()
    for server in started:
        server.stop()


@pytest.fixture
def two_ports(servers):
    if servers[0] is servers[1]:
        pytest.skip("the failed-authentication guard counts per process: two ports only")
    return servers


def variant(request: pytest.FixtureRequest) -> str:
    return request.node.callspec.params["servers"]


def client() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=2 * CONCURRENT))


async def test_fifty_identical_book_requests_across_two_processes_book_once(servers, issue_key, rows, request):
    headers = {"x-partner-api-key": issue_key()}
    async with client() as http:
        session_id = await create_session(http, servers[0].base_url, headers)
        body = await payment_body(http, servers[1].base_url, headers, session_id)
        events_before = rows(f"SELECT count(*) FROM events WHERE session_id = '{session_id}'")[0][0]
        bookings_before = rows("SELECT count(*) FROM demo_bookings")[0][0]
        started = time.perf_counter()
        responses = await asyncio.gather(*(
            http.post(servers[n % 2].base_url + EVENTS, json=body, headers=headers) for n in range(CONCURRENT)
        ))
        elapsed = time.perf_counter() - started
        settled = await http.post(servers[0].base_url + EVENTS, json=body, headers=headers)

    statuses = [r.status_code for r in responses]
    figure(f"{variant(request)}: identical book requests: 200 / 409 in progress", f"{statuses.count(200)} / {statuses.count(409)}")
    figure(f"{variant(request)}: identical book requests: seconds for the burst", round(elapsed, 2))
    answered = [r for r in responses if r.status_code == 200]
    assert answered
    assert all(r.status_code == 200 or r.json()["code"] == "idempotency_request_in_progress" for r in responses)
    assert settled.status_code == 200
    assert settled.headers.get("idempotent-replayed") == "true"
    assert settled.json()["data"]["result"]["status"] == "booked"
    assert {r.content for r in answered} == {settled.content}
    assert rows("SELECT count(*) FROM demo_bookings") == [(bookings_before + 1,)]
    assert rows(f"SELECT count(*) FROM events WHERE session_id = '{session_id}'") == [(events_before + 1,)]


async def test_fifty_turns_on_one_session_across_two_processes_are_fifty_events_in_order(servers, issue_key, rows, request):
    headers = {"x-partner-api-key": issue_key()}
    async with client() as http:
        session_id = await create_session(http, servers[0].base_url, headers)
        started = time.perf_counter()
        responses = await asyncio.gather(*(
            http.post(
                servers[n % 2].base_url + EVENTS,
                json={"sessionId": session_id, "text": SEARCH, "idempotencyKey": f"turn:{n}"},
                headers=headers,
            )
            for n in range(CONCURRENT)
        ))
        elapsed = time.perf_counter() - started
    figure(f"{variant(request)}: turns on one session: seconds for the burst", round(elapsed, 2))
    (connections,) = rows(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )[0]
    figure(f"{variant(request)}: connections the two servers hold after the burst", connections)
    assert connections <= 2 * POOL_SIZE  # two processes either way

    assert [r.status_code for r in responses] == [200] * CONCURRENT
    answered_ids = {r.json()["data"]["event"]["id"] for r in responses}
    stored = rows(f"SELECT seq, event_id, outcome FROM events WHERE session_id = '{session_id}' ORDER BY seq")
    assert [seq for seq, _, _ in stored] == list(range(1, CONCURRENT + 1))
    assert {event_id for _, event_id, _ in stored} == answered_ids
    (state,) = rows(f"SELECT state FROM sessions WHERE id = '{session_id}'")[0]
    replayed = replay(decode_record(as_bytes(outcome)) for _, _, outcome in stored)
    assert decode_state(as_bytes(state)) == replayed
    assert replayed.events == CONCURRENT


# The auth-failure guard is per process and blocks an address for a minute, valid key or not: these
# tests come last in the module, and each uses its own addresses (or, untrusted, the server of its own).


async def failures_then(http: httpx.AsyncClient, base_url: str, forwarded: list, last) -> list[int]:
    """Statuses of a bad key from each ``forwarded`` address in turn, then from ``last`` (an address, or
    a list of X-Forwarded-For header lines)."""
    bad = [("x-partner-api-key", apikeys.generate("test"))]
    statuses = []
    for address in [*forwarded, last]:
        lines = address if isinstance(address, list) else [address]
        headers = bad + [("x-forwarded-for", line) for line in lines]
        response = await http.get(f"{base_url}{SESSIONS}/s", headers=headers)
        statuses.append(response.status_code)
    return statuses


async def test_behind_a_trusted_proxy_failures_count_per_forwarded_client(two_ports):
    trusting = two_ports[0].base_url
    async with client() as http:
        blocked = await failures_then(http, trusting, ["203.0.113.7"] * 30, "203.0.113.7")
        other = await failures_then(http, trusting, [], "203.0.113.8")
        chained = await failures_then(http, trusting, [], "203.0.113.7, 127.0.0.1")
        # A proxy that adds its own header line (HAProxy's option forwardfor) after a forged one: the
        # lines are one list, read from the right, so the forged first line is not the client.
        forged_line = await failures_then(http, trusting, [], ["203.0.113.99", "203.0.113.7"])
    assert blocked == [403] * 30 + [429]
    assert other == [403]
    assert chained == [429]  # the trusted hop is skipped: the client is still 203.0.113.7
    assert forged_line == [429]


async def test_without_trusted_proxies_a_forged_forwarded_for_is_not_believed(two_ports):
    untrusting = two_ports[1].base_url
    forged = [f"198.51.100.{n}" for n in range(1, 31)]
    async with client() as http:
        statuses = await failures_then(http, untrusting, forged, "198.51.100.31")
    assert statuses == [403] * 30 + [429]
