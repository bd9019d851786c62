"""Fixtures of the reliability suite: the whole app on each store, with its fault seams reachable.

- ``database_url``: a migrated, empty database, once SQLite and once PostgreSQL (skipped without
  CORECHAT_TEST_DATABASE_URL).
- ``make_app(**settings)``: builds ``corechat.bootstrap.App`` on that database with a ``FixedClock``,
  armed-by-hand ``FaultPoints`` (``app.faults``) and a ``FaultySupplier``/``FaultyWallet``
  (``app.supplier``/``app.wallet``); closed at teardown.
- ``harness``: ``make_app()`` with a partner, an HTTP client and the walk helpers (``Harness``).
- ``SEED``/``SCALE``: the fixed seed (CORECHAT_RELIABILITY_SEED) and the soak factor
  (CORECHAT_SOAK=1 runs the long versions); both printed by the tests that use them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import os
import secrets
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from corechat.clock import UTC, FixedClock
from corechat.config import Settings
from corechat.faults import FaultPoints

SESSIONS = "/api/partner/v1/core-chat/sessions"
EVENTS = "/api/partner/v1/core-chat/events"
SEARCH = "Seattle Mar 20-23 1 room refundable"
SEED = int(os.environ.get("CORECHAT_RELIABILITY_SEED", "20261129"))
SOAK = os.environ.get("CORECHAT_SOAK", "") not in ("", "0")


def figure(name: str, value: object) -> None:
    """Figures are printed (run with -s to see them), never asserted."""
    print(f"[reliability] {name}: {value}")


@pytest.fixture
def figure_printer():
    return figure


# ---- databases


async def _execute(dsn: str, statement: str) -> list:
    connection = await asyncpg.connect(dsn, timeout=10)
    try:
        return await connection.fetch(statement)
    finally:
        await connection.close()


def pg(dsn: str, statement: str) -> list:
    """Run one statement on PostgreSQL to completion, also from inside a running event loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _execute(dsn, statement)).result()


def query(database_url: str, statement: str) -> list[tuple]:
    """Rows of a read-only statement on either store, bypassing the app."""
    if database_url.startswith("sqlite:///"):
        connection = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        try:
            return connection.execute(statement).fetchall()
        finally:
            connection.close()
    return [tuple(row) for row in pg(database_url, statement)]


# ---- the app


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 11, 29, 12, 0, 0, tzinfo=UTC))


@pytest.fixture
async def make_app(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator:
    from corechat.bootstrap import build

    built = []

    async def make(**overrides):
        values = dict(
            database_url=database_url,
            log_file=str(tmp_path / "corechat.log"),
            api_key_cache_seconds=0,
            reconcile_interval_seconds=0,  # tests settle by hand unless they ask for the loop
        )
        settings = Settings(**{**values, **overrides})
        app = await build(settings, clock=clock, faults=FaultPoints(SEED), faulty_ports=True)
        built.append(app)
        return app

    yield make
    for app in built:
        await app.close()


class Harness:
    """One app, one partner, an HTTP client on the ASGI app, and the protocol's walk."""

    def __init__(self, app, http: httpx.AsyncClient, partner, database_url: str, clock: FixedClock) -> None:
        self.app = app
        self.http = http
        self.partner = partner
        self.headers = {"x-partner-api-key": partner.api_key}
        self.database_url = database_url
        self.clock = clock

    async def create_session(self, actor_id: str = "partner_user_001") -> str:
        response = await self.http.post(SESSIONS, json={"actor": {"actorId": actor_id}}, headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()["data"]["sessionId"]

    async def post_event(self, session_id: str, **fields) -> httpx.Response:
        return await self.http.post(EVENTS, json={"sessionId": session_id, **fields}, headers=self.headers)

    async def event(self, session_id: str, **fields) -> dict:
        response = await self.post_event(session_id, **fields)
        assert response.status_code == 200, response.text
        return response.json()["data"]

    async def snapshot(self, session_id: str) -> dict:
        response = await self.http.get(f"{SESSIONS}/{session_id}", headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()["data"]

    async def quoted_session(self) -> tuple[str, dict]:
        """A session at ``payment_required``; returns its id and the body that confirms the default card."""
        session_id = await self.create_session()
        answer = await self.event(session_id, text=SEARCH, idempotencyKey=f"{session_id}:search")
        for step in range(1, 8):
            if answer["result"]["status"] == "payment_required":
                break
            assert answer["result"]["status"] in ("shortlist", "price_changed", "option_unavailable"), answer
            action = answer["result"]["artifacts"]["nextActions"][0]
            answer = await self.event(
                session_id, kind=action["kind"], payload=action["payload"], idempotencyKey=f"{session_id}:book:{step}"
            )
        assert answer["result"]["status"] == "payment_required", answer
        artifacts = answer["result"]["artifacts"]
        card = next(c for c in artifacts["paymentCards"] if c["isDefault"])
        pay = next(a for a in artifacts["nextActions"] if a["payload"].get("paymentCardId") == card["paymentCardId"])
        body = {"kind": pay["kind"], "payload": pay["payload"], "idempotencyKey": f"{session_id}:pay"}
        return session_id, body

    async def issue(self, **fields):
        """Another partner on the same app (``tenant_id``, ``mode``, ``rate_limit_per_minute``)."""
        return await issue(self.app, self.clock, **fields)

    def ledger(self) -> list[tuple[str, str]]:
        """The demo supplier's bookings (its charges): (supplier_key, booking_id) rows."""
        return query(self.database_url, "SELECT supplier_key, booking_id FROM demo_bookings ORDER BY supplier_key")

    def dump(self) -> str:
        """Every stored row of every table, as text (bytes decoded), for scanning."""
        from corechat.storage.schema import TABLES

        parts = []
        for table in TABLES:
            for row in query(self.database_url, f"SELECT * FROM {table}"):
                parts.extend(v.decode("utf-8", "replace") if isinstance(v, (bytes, memoryview)) else str(v)
                             for v in (bytes(x) if isinstance(x, memoryview) else x for x in row))
        return "\n".join(parts)

    def in_progress_keys(self) -> list[tuple]:
        return query(self.database_url, "SELECT partner_id, key FROM idempotency WHERE status = 'in_progress'")

    def leased_sessions(self) -> list[tuple]:
        return query(self.database_url, "SELECT id FROM sessions WHERE lease_owner IS NOT NULL")


async def issue(app, clock: FixedClock, *, tenant_id: str = "tenant-a", mode: str = "test", rate_limit_per_minute: int = 120):
    from corechat import partners

    return await partners.create_partner(
        app.store,
        tenant_id=tenant_id,
        name=f"{tenant_id}-{mode}-{secrets.token_hex(3)}",
        mode=mode,
        rate_limit_per_minute=rate_limit_per_minute,
        now=clock.now(),
    )


@pytest.fixture
async def make_harness(make_app, database_url: str, clock: FixedClock) -> AsyncIterator:
    clients: list[httpx.AsyncClient] = []

    async def make(**settings) -> Harness:
        app = await make_app(**settings)
        partner = await issue(app, clock)
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app.asgi), base_url="http://testserver")
        clients.append(http)
        return Harness(app, http, partner, database_url, clock)

    yield make
    for http in clients:
        await http.aclose()


@pytest.fixture
async def harness(make_harness) -> Harness:
    return await make_harness()
