"""Fixtures for the edge on fakes: in-process stand-ins for the edge's collaborators: a service that records its commands, keys in a dict."""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from corechat.config import Settings
from corechat.errors import CoreChatError, InvalidApiKey
from corechat.http.app import PartnerApi
from corechat.http.auth import credential_from
from corechat.http.health import Health
from corechat.jsoncodec import encode
from corechat.ratelimit import MemoryLimiter
from corechat.service.commands import Caller, CreateSession, Reply, SendEvent

ACME = Caller(partner_id="acme", tenant_id="tenant-a", mode="test", key_id="key_1", rate_limit_per_minute=120)
ACME_KEY = "ck_test_acme"


class FakeAuthenticator:
    def __init__(self, keys: dict[str, Caller]) -> None:
        self.keys = keys

    async def authenticate(self, headers: Iterable[tuple[bytes, bytes]]) -> Caller:
        caller = self.keys.get(credential_from(headers))
        if caller is None:
            raise InvalidApiKey()
        return caller


class FakeService:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Caller, object]] = []
        self.fail_with: BaseException | None = None
        self.replayed = False

    async def create_session(self, caller: Caller, command: CreateSession) -> Reply:
        return self._answer("create_session", caller, command)

    async def send_event(self, caller: Caller, command: SendEvent) -> Reply:
        return self._answer("send_event", caller, command)

    async def get_session(self, caller: Caller, session_id: str) -> Reply:
        return self._answer("get_session", caller, session_id)

    def _answer(self, name: str, caller: Caller, command: object) -> Reply:
        self.calls.append((name, caller, command))
        if self.fail_with is not None:
            raise self.fail_with
        return Reply(body=encode({"data": {"operation": name}}), replayed=self.replayed)


class FakeStore:
    def __init__(self) -> None:
        self.broken: CoreChatError | Exception | None = None

    async def check(self) -> None:
        if self.broken is not None:
            raise self.broken


def build_app(service: FakeService, *, settings: Settings | None = None, callers: dict[str, Caller] | None = None,
              limiter=None, store: FakeStore | None = None) -> PartnerApi:
    limiter = limiter or MemoryLimiter()
    return PartnerApi(
        service=service,
        authenticator=FakeAuthenticator(callers if callers is not None else {ACME_KEY: ACME}),
        limiter=limiter,
        health=Health(store or FakeStore(), limiter),
        settings=settings or Settings(),
        contract=b"openapi: 3.0.3\n",
    )


def client_for(app: PartnerApi, client_address: str = "127.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(client_address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


# ---- fixtures

import pytest  # noqa: E402


@pytest.fixture
def service() -> FakeService:
    return FakeService()


@pytest.fixture
def make_client(service: FakeService):
    clients: list[httpx.AsyncClient] = []

    def make(**options) -> httpx.AsyncClient:
        address = options.pop("client_address", "127.0.0.1")
        client = client_for(build_app(service, **options), address)
        clients.append(client)
        return client

    yield make


@pytest.fixture
def edge(make_client) -> httpx.AsyncClient:
    return make_client()


@pytest.fixture
def acme_headers() -> dict[str, str]:
    return {"x-partner-api-key": ACME_KEY}


@pytest.fixture
def broken_store() -> FakeStore:
    store = FakeStore()
    store.broken = RuntimeError("database is locked")
    return store
