"""The store port: everything the service keeps, behind one interface with a SQLite and a PostgreSQL side.

Tenant scoping happens here and only here: every session read takes a ``Scope`` (tenant and key
mode), and a session outside the scope simply does not exist. Each method that writes is one
transaction and commits itself; the service calls at most two of them per request (``claim`` and
``finish``), plus ``release`` on the failure path.

Concurrency model (no in-process locks, so several processes can share one store):
- The idempotency key is claimed with a lease; a claim whose lease expired may be taken over
  (``ClaimResult.resumed``), which is how a retry after a crash resumes instead of re-running.
- The session is leased for the duration of one event (``sessions.lease_owner/lease_expires_at``):
  effects (supplier calls) run while the lease is held and outside any transaction; ``finish``
  appends the event with the next per-session sequence number, stores the new state, marks the
  key done and releases the lease in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Protocol

import msgspec

from corechat.model import Mode


class Scope(msgspec.Struct, frozen=True):
    tenant_id: str
    mode: Mode


class ApiKeyRecord(msgspec.Struct, frozen=True, kw_only=True):
    key_id: str
    partner_id: str
    tenant_id: str
    mode: Mode
    rate_limit_per_minute: int
    expires_at: dt.datetime | None  # set on a rotated-out key: valid until then
    revoked_at: dt.datetime | None


class PartnerRecord(msgspec.Struct, frozen=True, kw_only=True):
    partner_id: str
    tenant_id: str
    name: str
    mode: Mode
    rate_limit_per_minute: int
    created_at: dt.datetime


class SessionRecord(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    tenant_id: str
    mode: Mode
    partner_id: str
    actor_id: str
    timezone_offset_minutes: int | None
    channel_id: str
    workspace_id: str | None
    conversation_id: str
    thread_ts: str
    created_at: dt.datetime
    updated_at: dt.datetime
    event_count: int  # also the sequence number of the latest event
    state: bytes  # the engine's SessionState, JSON


class EventRecord(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    seq: int  # 1, 2, 3 ... per session, no gaps
    event_id: str  # unique across the store
    kind: str
    text: str | None
    result_status: str
    recorded_at: dt.datetime
    input: bytes  # the EventInput, JSON
    outcome: bytes  # the engine's record of the event, JSON: the fold of these rebuilds the state


class IdempotencyRecord(msgspec.Struct, frozen=True, kw_only=True):
    partner_id: str
    key: str
    request_hash: str
    session_id: str | None
    status: Literal["in_progress", "done"]
    lease_owner: str | None
    lease_expires_at: dt.datetime | None
    response_body: bytes | None  # the exact bytes answered, replayed byte for byte
    created_at: dt.datetime
    expires_at: dt.datetime  # kept until then (>= 24 h), then purged


class KeyClaim(msgspec.Struct, frozen=True, kw_only=True):
    partner_id: str
    key: str
    request_hash: str


class ClaimResult(msgspec.Struct, frozen=True, kw_only=True):
    """What ``claim`` found. Only ``claimed`` means the caller now holds the key and the session lease."""

    outcome: Literal["claimed", "key_done", "key_in_progress", "key_reused", "session_busy", "session_gone"]
    resumed: bool = False  # claimed by taking over an expired claim of the same request
    record: IdempotencyRecord | None = None  # for key_done: the stored response to replay
    session: SessionRecord | None = None  # for claimed: the session as of the claim


class LeaseLost(Exception):
    """``finish`` found the session lease no longer ours (it expired and was taken over)."""


class EventIdTaken(Exception):
    """``finish`` found the event id already used; retry with a suffixed id."""


class AlreadyExists(Exception):
    """``create_partner``, ``add_api_key`` or ``create_session`` found its id (or key hash) taken."""


class Store(Protocol):
    # -- lifecycle
    async def close(self) -> None: ...
    async def check(self) -> None:
        """Raise unless the store is reachable and its schema is at the latest migration."""

    # -- partners and keys
    async def find_api_key(self, key_hash: bytes) -> ApiKeyRecord | None: ...
    async def create_partner(self, partner: PartnerRecord) -> None:
        """Creates the tenant too when it does not exist yet."""

    async def add_api_key(self, key: ApiKeyRecord, key_hash: bytes, created_at: dt.datetime) -> None: ...
    async def list_partners(self) -> list[PartnerRecord]: ...
    async def get_partner(self, partner_id: str) -> PartnerRecord | None: ...
    async def list_api_keys(self, partner_id: str) -> list[ApiKeyRecord]: ...
    async def expire_api_keys(self, partner_id: str, at: dt.datetime, except_key_id: str) -> None:
        """Rotation: every other live key of the partner stops working at ``at``."""

    async def revoke_api_key(self, key_id: str, at: dt.datetime) -> bool: ...

    # -- sessions and events
    async def create_session(self, session: SessionRecord) -> None: ...
    async def get_session(self, scope: Scope, session_id: str) -> SessionRecord | None: ...
    async def list_events(self, scope: Scope, session_id: str) -> list[EventRecord]:
        """All events of the session, in sequence order (one query)."""

    # -- idempotency and the per-event write path
    async def get_idempotency(self, partner_id: str, key: str) -> IdempotencyRecord | None: ...
    async def claim(
        self,
        scope: Scope,
        session_id: str,
        key: KeyClaim | None,
        *,
        owner: str,
        now: dt.datetime,
        lease_seconds: float,
        retention_seconds: float,
    ) -> ClaimResult:
        """One transaction: take the key (new, or an expired claim of the same request) and the session lease."""

    async def finish(
        self,
        scope: Scope,
        event: EventRecord,
        *,
        owner: str,
        new_state: bytes,
        key: KeyClaim | None,
        response_body: bytes | None,
    ) -> None:
        """One transaction: append the event (its ``seq`` must be the session's next), store the state,
        mark the key done with the response, release the lease. Raises ``LeaseLost`` or ``EventIdTaken``
        and changes nothing in those cases."""

    async def release(self, scope: Scope, session_id: str, *, owner: str, key: KeyClaim | None) -> None:
        """Failure path: drop our in-progress key (it was not consumed) and our session lease."""

    async def list_in_doubt_claims(self, now: dt.datetime, limit: int = 1000) -> list[IdempotencyRecord]:
        """In-progress keys whose lease expired by ``now`` (their request's process died), oldest first."""

    async def purge_idempotency(self, before: dt.datetime) -> int: ...
