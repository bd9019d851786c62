"""Who is calling: the partner key from one of the three credential headers, checked against the store.

- No credential header, or only empty ones: 401 ``missing_partner_api_key``.
- A malformed key, a bad checksum, an unknown, revoked or expired key, a non-Bearer Authorization,
  or two credential headers with different values: 403 ``invalid_partner_api_key``.
Keys are looked up by their SHA-256 hash (the store never holds a raw key) through a short TTL
cache, and never logged.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable

from corechat import apikeys
from corechat.clock import Clock
from corechat.errors import InvalidApiKey, MissingApiKey
from corechat.service.commands import Caller
from corechat.storage.ports import ApiKeyRecord, Store

KEY_HEADERS = (b"x-partner-api-key", b"api-key")
AUTHORIZATION = b"authorization"
_NOT_A_BEARER = object()


def credential_from(headers: Iterable[tuple[bytes, bytes]]) -> str:
    """The one raw key the request presents, or the contract's 401/403."""
    values: set[object] = set()
    for name, raw in headers:
        if name in KEY_HEADERS:
            value = raw.decode("latin-1").strip()
        elif name == AUTHORIZATION:
            scheme, _, rest = raw.decode("latin-1").strip().partition(" ")
            if not scheme:
                continue
            value = rest.strip() if scheme.lower() == "bearer" else _NOT_A_BEARER
        else:
            continue
        if value != "":
            values.add(value)
    if not values:
        raise MissingApiKey()
    if len(values) > 1:
        raise InvalidApiKey()
    (value,) = values
    if not isinstance(value, str):
        raise InvalidApiKey()
    return value


class _TtlCache:
    def __init__(self, ttl_seconds: float, max_entries: int = 10_000) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._entries: OrderedDict[bytes, tuple[float, ApiKeyRecord | None]] = OrderedDict()

    def get(self, key: bytes) -> tuple[bool, ApiKeyRecord | None]:
        entry = self._entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return False, None
        return True, entry[1]

    def put(self, key: bytes, record: ApiKeyRecord | None) -> None:
        if self._ttl <= 0:
            return
        self._entries[key] = (time.monotonic() + self._ttl, record)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()


class Authenticator:
    def __init__(self, store: Store, clock: Clock, *, cache_seconds: float) -> None:
        self._store = store
        self._clock = clock
        self._cache = _TtlCache(cache_seconds)

    async def authenticate(self, headers: Iterable[tuple[bytes, bytes]]) -> Caller:
        raw = credential_from(headers)
        if apikeys.parse(raw) is None:
            raise InvalidApiKey()
        record = await self._find(apikeys.hash_key(raw))
        if record is None or not self._usable(record):
            raise InvalidApiKey()
        return Caller(
            partner_id=record.partner_id,
            tenant_id=record.tenant_id,
            mode=record.mode,
            key_id=record.key_id,
            rate_limit_per_minute=record.rate_limit_per_minute,
        )

    def forget(self) -> None:
        """Drop cached lookups (after revoking or rotating a key in this process)."""
        self._cache.clear()

    async def _find(self, key_hash: bytes) -> ApiKeyRecord | None:
        hit, record = self._cache.get(key_hash)
        if hit:
            return record
        record = await self._store.find_api_key(key_hash)
        self._cache.put(key_hash, record)
        return record

    def _usable(self, record: ApiKeyRecord) -> bool:
        now = self._clock.now()
        if record.revoked_at is not None and record.revoked_at <= now:
            return False
        return record.expires_at is None or record.expires_at > now
