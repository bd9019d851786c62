"""Fixtures for tests that speak HTTP to the whole app, built through ``corechat.bootstrap``.

- ``clock``: a ``FixedClock`` (2026-11-29T12:00:00Z) injected into the app; move it with ``clock.advance``.
- ``database_url``: each test runs on SQLite (a copy of a file migrated once per run) and on PostgreSQL
  (with CORECHAT_TEST_DATABASE_URL set: a database made and migrated once per run, emptied before each
  test, dropped at the end; without it those runs are skipped).
- ``settings``: ``Settings`` on that database, logging to ``tmp_path/corechat.log``, with the API-key
  cache off (a revoked or rotated-out key is refused at once).
- ``app``: the built ``corechat.bootstrap.App`` (``app.asgi``, ``app.store``, ``app.service``...).
- ``client``: an ``httpx.AsyncClient`` on the ASGI app, base URL http://testserver.
- ``partner`` (tenant "tenant-a", test mode), ``other_tenant_partner`` ("tenant-b", test mode),
  ``live_partner`` ("tenant-a", live mode): ``IssuedPartner`` with ``api_key``, ``partner_id``,
  ``tenant_id``, ``mode`` and ``headers`` (the x-partner-api-key header, ready to send).
- ``issue_partner``: a factory for more partners: ``await issue_partner(tenant_id=..., mode=..., rate_limit_per_minute=...)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import msgspec
import pytest

from corechat.clock import UTC, FixedClock, IdSource, SecureIds
from corechat.config import Settings

BASE_URL = "http://testserver"
SESSIONS = "/api/partner/v1/core-chat/sessions"
EVENTS = "/api/partner/v1/core-chat/events"


class IssuedPartner(msgspec.Struct, frozen=True, kw_only=True):
    partner_id: str
    tenant_id: str
    mode: str
    api_key: str
    rate_limit_per_minute: int

    @property
    def headers(self) -> dict[str, str]:
        return {"x-partner-api-key": self.api_key}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 11, 29, 12, 0, 0, tzinfo=UTC))


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        log_file=str(tmp_path / "corechat.log"),
        api_key_cache_seconds=0,
    )


@pytest.fixture
def ids() -> IdSource:
    """The app's id source: the CSPRNG, as in production. A test whose path depends on the demo
    supplier's per-session draws (a price change, a sell-out) overrides it to fix the session id."""
    return SecureIds()


@pytest.fixture
async def app(settings: Settings, clock: FixedClock, ids: IdSource) -> AsyncIterator[object]:
    from corechat.bootstrap import build

    built = await build(settings, clock=clock, ids=ids)
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app.asgi)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http


@pytest.fixture
def issue_partner(app, clock: FixedClock) -> Callable[..., Awaitable[IssuedPartner]]:
    from corechat import partners

    counter = iter(range(1, 1_000_000))

    async def issue(
        *, tenant_id: str = "tenant-a", mode: str = "test", rate_limit_per_minute: int = 120, name: str | None = None
    ) -> IssuedPartner:
        issued = await partners.create_partner(
            app.store,
            tenant_id=tenant_id,
            name=name or f"{tenant_id}-{mode}-{next(counter)}",
            mode=mode,
            rate_limit_per_minute=rate_limit_per_minute,
            now=clock.now(),
        )
        return IssuedPartner(
            partner_id=issued.partner_id,
            tenant_id=tenant_id,
            mode=mode,
            api_key=issued.api_key,
            rate_limit_per_minute=rate_limit_per_minute,
        )

    return issue


@pytest.fixture
async def partner(issue_partner) -> IssuedPartner:
    return await issue_partner(tenant_id="tenant-a", mode="test")


@pytest.fixture
async def other_tenant_partner(issue_partner) -> IssuedPartner:
    return await issue_partner(tenant_id="tenant-b", mode="test")


@pytest.fixture
async def live_partner(issue_partner) -> IssuedPartner:
    return await issue_partner(tenant_id="tenant-a", mode="live")


# ---- the service's walk-through helpers (appended by the service engineer)


class ChatWalk:
    """The three routes as one partner calls them, so protocol tests read like the protocol."""

    def __init__(self, http: httpx.AsyncClient, partner: IssuedPartner) -> None:
        self.http = http
        self.partner = partner
        self._keys = iter(range(1, 1_000_000))

    def key(self, label: str = "turn") -> str:
        return f"{label}:{next(self._keys):04d}"

    async def create_session(self, actor_id: str = "partner_user_001", **body: object) -> dict:
        response = await self.http.post(
            SESSIONS, json={"actor": {"actorId": actor_id}, **body}, headers=self.partner.headers
        )
        assert response.status_code == 200, response.text
        return response.json()["data"]

    async def post_event(self, session_id: str, **fields: object) -> httpx.Response:
        return await self.http.post(EVENTS, json={"sessionId": session_id, **fields}, headers=self.partner.headers)

    async def event(self, session_id: str, **fields: object) -> dict:
        """A turn that must be answered 200; returns ``data``."""
        response = await self.post_event(session_id, **fields)
        assert response.status_code == 200, response.text
        return response.json()["data"]

    async def quote(self, session_id: str, shortlist: list[dict]) -> tuple[dict, dict]:
        """Book from ``shortlist`` as a partner driven by statuses would, until a card is asked for.

        The demo supplier re-prices like a real one (some quotes change, a few sell out, drawn per
        session): a changed price is accepted, a sold-out option skipped. Returns the option and the
        ``payment_required`` data."""
        for option in shortlist:
            payload = {"optionId": option["optionId"]}
            data = await self.event(session_id, kind="action_book_option", payload=payload, idempotencyKey=self.key("book"))
            if data["result"]["status"] == "price_changed":
                data = await self.event(
                    session_id, kind="action_confirm_price_change", payload=payload, idempotencyKey=self.key("accept")
                )
            if data["result"]["status"] == "payment_required":
                return option, data
        raise AssertionError("no option of the shortlist could be quoted")

    async def snapshot(self, session_id: str) -> dict:
        response = await self.http.get(f"{SESSIONS}/{session_id}", headers=self.partner.headers)
        assert response.status_code == 200, response.text
        return response.json()["data"]


@pytest.fixture
def chat(client: httpx.AsyncClient, partner: IssuedPartner) -> ChatWalk:
    return ChatWalk(client, partner)
