"""Authentication: which header holds the key, and which keys the store vouches for."""

from __future__ import annotations

import datetime as dt

import pytest

from corechat import apikeys
from corechat.clock import UTC, FixedClock
from corechat.errors import InvalidApiKey, MissingApiKey
from corechat.http.auth import Authenticator, credential_from
from corechat.service.commands import Caller
from corechat.storage.ports import ApiKeyRecord

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def headers(**values: str) -> list[tuple[bytes, bytes]]:
    return [(name.replace("_", "-").encode(), value.encode()) for name, value in values.items()]


def test_the_key_comes_from_any_of_the_three_headers():
    assert credential_from(headers(x_partner_api_key="k1")) == "k1"
    assert credential_from(headers(api_key=" k1 ")) == "k1"
    assert credential_from(headers(authorization="Bearer k1")) == "k1"


def test_empty_headers_count_as_missing():
    with pytest.raises(MissingApiKey):
        credential_from(headers(x_partner_api_key="", api_key=" ", authorization="Bearer  "))


def test_two_different_keys_are_invalid():
    with pytest.raises(InvalidApiKey):
        credential_from(headers(x_partner_api_key="k1", authorization="Bearer k2"))


def test_a_repeated_header_with_different_values_is_invalid():
    with pytest.raises(InvalidApiKey):
        credential_from([(b"api-key", b"k1"), (b"api-key", b"k2")])


class CountingStore:
    def __init__(self, records: dict[bytes, ApiKeyRecord]) -> None:
        self.records = records
        self.lookups = 0

    async def find_api_key(self, key_hash: bytes) -> ApiKeyRecord | None:
        self.lookups += 1
        return self.records.get(key_hash)


def record(**changes) -> ApiKeyRecord:
    values = dict(key_id="key_1", partner_id="acme", tenant_id="tenant-a", mode="test", rate_limit_per_minute=60,
                  expires_at=None, revoked_at=None)
    values.update(changes)
    return ApiKeyRecord(**values)


def authenticator(raw: str, rec: ApiKeyRecord | None, cache_seconds: float = 0) -> tuple[Authenticator, CountingStore]:
    store = CountingStore({apikeys.hash_key(raw): rec} if rec else {})
    return Authenticator(store, FixedClock(NOW), cache_seconds=cache_seconds), store  # type: ignore[arg-type]


async def test_a_live_key_resolves_to_its_caller():
    raw = apikeys.generate("test")
    auth, _ = authenticator(raw, record())
    caller = await auth.authenticate(headers(x_partner_api_key=raw))
    assert caller == Caller(partner_id="acme", tenant_id="tenant-a", mode="test", key_id="key_1", rate_limit_per_minute=60)


async def test_a_malformed_key_is_refused_without_a_lookup():
    raw = apikeys.generate("test")
    typo = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    auth, store = authenticator(raw, record())
    with pytest.raises(InvalidApiKey):
        await auth.authenticate(headers(x_partner_api_key=typo))
    assert store.lookups == 0


@pytest.mark.parametrize(
    "rec",
    [None, record(revoked_at=NOW), record(expires_at=NOW), record(expires_at=NOW - dt.timedelta(seconds=1))],
    ids=["unknown", "revoked", "expired-now", "expired"],
)
async def test_unknown_revoked_and_expired_keys_are_invalid(rec):
    raw = apikeys.generate("test")
    auth, _ = authenticator(raw, rec)
    with pytest.raises(InvalidApiKey):
        await auth.authenticate(headers(api_key=raw))


async def test_a_rotated_key_works_until_its_expiry():
    raw = apikeys.generate("live")
    auth, _ = authenticator(raw, record(mode="live", expires_at=NOW + dt.timedelta(hours=1)))
    assert (await auth.authenticate(headers(api_key=raw))).mode == "live"


async def test_lookups_are_cached_for_the_ttl():
    raw = apikeys.generate("test")
    auth, store = authenticator(raw, record(), cache_seconds=60)
    for _ in range(3):
        await auth.authenticate(headers(api_key=raw))
    assert store.lookups == 1
    auth.forget()
    await auth.authenticate(headers(api_key=raw))
    assert store.lookups == 2


async def test_a_zero_ttl_looks_up_every_time():
    raw = apikeys.generate("test")
    auth, store = authenticator(raw, record(), cache_seconds=0)
    for _ in range(2):
        await auth.authenticate(headers(api_key=raw))
    assert store.lookups == 2
