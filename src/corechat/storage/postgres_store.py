"""The store on PostgreSQL through an asyncpg pool: every SQL statement of the PostgreSQL side (but the ledger's).

Row locks order as key, then session, in every transaction that takes both (``claim``, ``finish``,
``release``), so two of them never wait on each other in a cycle. Leases are taken by conditional
UPDATEs; a new key by ``INSERT ... ON CONFLICT DO NOTHING``, which waits for a concurrent insert of
the same key to commit or roll back before it answers.
"""

from __future__ import annotations

import datetime as dt

import asyncpg

from corechat.storage import records
from corechat.storage.claims import REFUSALS, judge_existing_key
from corechat.storage.codec import require_aware
from corechat.storage.ports import (
    AlreadyExists,
    ApiKeyRecord,
    ClaimResult,
    EventIdTaken,
    EventRecord,
    IdempotencyRecord,
    KeyClaim,
    LeaseLost,
    PartnerRecord,
    Scope,
    SessionRecord,
)
from corechat.storage.postgres_ledger import PostgresBookingLedger
from corechat.storage.records import (
    API_KEY_COLUMNS,
    EVENT_COLUMNS,
    IDEMPOTENCY_COLUMNS,
    PARTNER_COLUMNS,
    SESSION_COLUMNS,
)
from corechat.storage.schema import HEAD_REVISION


def instant(value: dt.datetime) -> dt.datetime:
    return value


async def _keep_session_state(connection: asyncpg.Connection) -> None:
    """The pool's reset on release, instead of asyncpg's default reset query.

    That query (advisory unlocks, CLOSE ALL, UNLISTEN, RESET ALL) is a round trip on every release,
    i.e. on every store call, undoing what this store never does: it takes no session-level advisory
    lock, opens no cursor, listens to nothing and sets nothing. An open transaction is still rolled
    back on release: asyncpg does that before calling this.
    """


class _Refused(Exception):
    """Leaves a claim's transaction, rolling it back, with the answer to give."""

    def __init__(self, result: ClaimResult) -> None:
        super().__init__()
        self.result = result


class PostgresStore:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool
        self._ledger = PostgresBookingLedger(pool)

    @classmethod
    async def connect(cls, dsn: str, *, min_size: int = 1, max_size: int = 10) -> PostgresStore:
        pool = await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, reset=_keep_session_state)
        return cls(pool)

    def booking_ledger(self) -> PostgresBookingLedger:
        return self._ledger

    # -- lifecycle

    async def close(self) -> None:
        await self._pool.close()

    async def check(self) -> None:
        try:
            revision = await self._pool.fetchval("SELECT version_num FROM alembic_version")
        except asyncpg.UndefinedTableError as exc:
            raise RuntimeError("the schema was never migrated: run corechat db upgrade") from exc
        if revision != HEAD_REVISION:
            raise RuntimeError(f"the schema is at {revision}, not {HEAD_REVISION}: run corechat db upgrade")

    # -- partners and keys

    async def find_api_key(self, key_hash: bytes) -> ApiKeyRecord | None:
        row = await self._pool.fetchrow(
            f"SELECT {API_KEY_COLUMNS} FROM api_keys k JOIN partners p ON p.id = k.partner_id"
            " WHERE k.key_hash = $1",
            key_hash,
        )
        return records.api_key(row, instant) if row else None

    async def create_partner(self, partner: PartnerRecord) -> None:
        require_aware(partner.created_at)
        async with self._pool.acquire() as db, db.transaction():
            await db.execute(
                "INSERT INTO tenants (id, created_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
                partner.tenant_id,
                partner.created_at,
            )
            try:
                await db.execute(
                    f"INSERT INTO partners ({PARTNER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)",
                    partner.partner_id,
                    partner.tenant_id,
                    partner.name,
                    partner.mode,
                    partner.rate_limit_per_minute,
                    partner.created_at,
                )
            except asyncpg.UniqueViolationError as exc:
                raise AlreadyExists(f"partner {partner.partner_id} already exists") from exc

    async def add_api_key(self, key: ApiKeyRecord, key_hash: bytes, created_at: dt.datetime) -> None:
        try:
            await self._pool.execute(
                "INSERT INTO api_keys (id, partner_id, key_hash, mode, created_at, expires_at, revoked_at)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                key.key_id,
                key.partner_id,
                key_hash,
                key.mode,
                require_aware(created_at),
                require_aware(key.expires_at),
                require_aware(key.revoked_at),
            )
        except asyncpg.UniqueViolationError as exc:
            raise AlreadyExists(f"API key {key.key_id} already exists") from exc

    async def list_partners(self) -> list[PartnerRecord]:
        rows = await self._pool.fetch(f"SELECT {PARTNER_COLUMNS} FROM partners ORDER BY created_at, id")
        return [records.partner(row, instant) for row in rows]

    async def get_partner(self, partner_id: str) -> PartnerRecord | None:
        row = await self._pool.fetchrow(f"SELECT {PARTNER_COLUMNS} FROM partners WHERE id = $1", partner_id)
        return records.partner(row, instant) if row else None

    async def list_api_keys(self, partner_id: str) -> list[ApiKeyRecord]:
        rows = await self._pool.fetch(
            f"SELECT {API_KEY_COLUMNS} FROM api_keys k JOIN partners p ON p.id = k.partner_id"
            " WHERE k.partner_id = $1 ORDER BY k.created_at, k.id",
            partner_id,
        )
        return [records.api_key(row, instant) for row in rows]

    async def expire_api_keys(self, partner_id: str, at: dt.datetime, except_key_id: str) -> None:
        await self._pool.execute(
            "UPDATE api_keys SET expires_at = $1 WHERE partner_id = $2 AND id <> $3"
            " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $1)",
            require_aware(at),
            partner_id,
            except_key_id,
        )

    async def revoke_api_key(self, key_id: str, at: dt.datetime) -> bool:
        row = await self._pool.fetchrow(
            "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 RETURNING id",
            require_aware(at),
            key_id,
        )
        return row is not None

    # -- sessions and events

    async def create_session(self, session: SessionRecord) -> None:
        try:
            await self._pool.execute(
                f"INSERT INTO sessions ({SESSION_COLUMNS})"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                session.session_id,
                session.tenant_id,
                session.mode,
                session.partner_id,
                session.actor_id,
                session.timezone_offset_minutes,
                session.channel_id,
                session.workspace_id,
                session.conversation_id,
                session.thread_ts,
                require_aware(session.created_at),
                require_aware(session.updated_at),
                session.event_count,
                session.state,
            )
        except asyncpg.UniqueViolationError as exc:
            raise AlreadyExists(f"session {session.session_id} already exists") from exc

    async def get_session(self, scope: Scope, session_id: str) -> SessionRecord | None:
        row = await self._pool.fetchrow(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = $1 AND tenant_id = $2 AND mode = $3",
            session_id,
            scope.tenant_id,
            scope.mode,
        )
        return records.session(row, instant) if row else None

    async def list_events(self, scope: Scope, session_id: str) -> list[EventRecord]:
        rows = await self._pool.fetch(
            f"SELECT {EVENT_COLUMNS} FROM events e JOIN sessions s ON s.id = e.session_id"
            " WHERE e.session_id = $1 AND s.tenant_id = $2 AND s.mode = $3 ORDER BY e.seq",
            session_id,
            scope.tenant_id,
            scope.mode,
        )
        return [records.event(row, instant) for row in rows]

    # -- idempotency and the per-event write path

    async def get_idempotency(self, partner_id: str, key: str) -> IdempotencyRecord | None:
        row = await self._pool.fetchrow(
            f"SELECT {IDEMPOTENCY_COLUMNS} FROM idempotency WHERE partner_id = $1 AND key = $2", partner_id, key
        )
        return records.idempotency(row, instant) if row else None

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
        require_aware(now)
        lease_expires_at = now + dt.timedelta(seconds=lease_seconds)
        expires_at = now + dt.timedelta(seconds=retention_seconds)
        async with self._pool.acquire() as db:
            if key is None:  # one statement: its own transaction
                return await _lease_session(db, scope, session_id, owner, now, lease_expires_at, resumed=False)
            try:
                async with db.transaction():
                    resumed = await _claim_key(db, key, session_id, owner, now, lease_expires_at, expires_at)
                    result = await _lease_session(
                        db, scope, session_id, owner, now, lease_expires_at, resumed=resumed
                    )
                    if result.outcome != "claimed":
                        raise _Refused(result)  # roll the key back
                    return result
            except _Refused as refused:
                return refused.result

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
        require_aware(event.recorded_at)
        async with self._pool.acquire() as db:
            if key is None:  # one statement: its own transaction
                await _append_event(db, scope, event, owner, new_state)
                return
            async with db.transaction():
                await _finish_key_and_append(db, scope, event, owner, new_state, key, response_body)

    async def release(self, scope: Scope, session_id: str, *, owner: str, key: KeyClaim | None) -> None:
        async with self._pool.acquire() as db, db.transaction():
            if key is not None:
                await db.execute(
                    "DELETE FROM idempotency WHERE partner_id = $1 AND key = $2"
                    " AND status = 'in_progress' AND lease_owner = $3",
                    key.partner_id,
                    key.key,
                    owner,
                )
            await db.execute(
                "UPDATE sessions SET lease_owner = NULL, lease_expires_at = NULL"
                " WHERE id = $1 AND tenant_id = $2 AND mode = $3 AND lease_owner = $4",
                session_id,
                scope.tenant_id,
                scope.mode,
                owner,
            )

    async def list_in_doubt_claims(self, now: dt.datetime, limit: int = 1000) -> list[IdempotencyRecord]:
        rows = await self._pool.fetch(
            f"SELECT {IDEMPOTENCY_COLUMNS} FROM idempotency WHERE status = 'in_progress'"
            " AND (lease_expires_at IS NULL OR lease_expires_at <= $1) ORDER BY created_at LIMIT $2",
            require_aware(now),
            limit,
        )
        return [records.idempotency(row, instant) for row in rows]

    async def purge_idempotency(self, before: dt.datetime) -> int:
        status = await self._pool.execute("DELETE FROM idempotency WHERE expires_at < $1", require_aware(before))
        return int(status.split()[-1])


async def _lease_session(
    db: asyncpg.Connection,
    scope: Scope,
    session_id: str,
    owner: str,
    now: dt.datetime,
    lease_expires_at: dt.datetime,
    *,
    resumed: bool,
) -> ClaimResult:
    row = await db.fetchrow(
        "UPDATE sessions SET lease_owner = $4, lease_expires_at = $5"
        " WHERE id = $1 AND tenant_id = $2 AND mode = $3"
        " AND (lease_owner IS NULL OR lease_owner = $4 OR lease_expires_at <= $6)"
        f" RETURNING {SESSION_COLUMNS}",
        session_id,
        scope.tenant_id,
        scope.mode,
        owner,
        lease_expires_at,
        now,
    )
    if row is not None:
        return ClaimResult(outcome="claimed", resumed=resumed, session=records.session(row, instant))
    exists = await db.fetchval(
        "SELECT 1 FROM sessions WHERE id = $1 AND tenant_id = $2 AND mode = $3",
        session_id,
        scope.tenant_id,
        scope.mode,
    )
    return ClaimResult(outcome="session_busy" if exists else "session_gone")


async def _claim_key(
    db: asyncpg.Connection,
    key: KeyClaim,
    session_id: str,
    owner: str,
    now: dt.datetime,
    lease_expires_at: dt.datetime,
    expires_at: dt.datetime,
) -> bool:
    """Take the key for this request, or raise ``_Refused``. True when an abandoned claim was taken over."""
    while True:
        inserted = await db.fetchval(
            f"INSERT INTO idempotency ({IDEMPOTENCY_COLUMNS})"
            " VALUES ($1, $2, $3, $4, 'in_progress', $5, $6, NULL, $7, $8)"
            " ON CONFLICT (partner_id, key) DO NOTHING RETURNING 1",
            key.partner_id,
            key.key,
            key.request_hash,
            session_id,
            owner,
            lease_expires_at,
            now,
            expires_at,
        )
        if inserted is not None:
            return False
        row = await db.fetchrow(
            f"SELECT {IDEMPOTENCY_COLUMNS} FROM idempotency WHERE partner_id = $1 AND key = $2 FOR UPDATE",
            key.partner_id,
            key.key,
        )
        if row is None:
            continue  # released or purged between the two statements: insert again
        existing = records.idempotency(row, instant)
        verdict = judge_existing_key(existing, key.request_hash, now)
        if verdict in REFUSALS:
            record = existing if verdict == "key_done" else None
            raise _Refused(ClaimResult(outcome=verdict, record=record))  # type: ignore[arg-type]
        if verdict == "take_over":
            await db.execute(
                "UPDATE idempotency SET lease_owner = $3, lease_expires_at = $4, session_id = $5"
                " WHERE partner_id = $1 AND key = $2",
                key.partner_id,
                key.key,
                owner,
                lease_expires_at,
                session_id,
            )
            return True
        await db.execute(  # replace: the old record outlived its retention
            "UPDATE idempotency SET request_hash = $3, session_id = $4, status = 'in_progress',"
            " lease_owner = $5, lease_expires_at = $6, response_body = NULL, created_at = $7, expires_at = $8"
            " WHERE partner_id = $1 AND key = $2",
            key.partner_id,
            key.key,
            key.request_hash,
            session_id,
            owner,
            lease_expires_at,
            now,
            expires_at,
        )
        return False


async def _append_event(
    db: asyncpg.Connection, scope: Scope, event: EventRecord, owner: str, new_state: bytes
) -> None:
    """Store the state and append the event, in one statement, if we hold the lease and ``seq`` is next."""
    try:
        appended = await db.fetchval(
            "WITH leased AS ("
            " UPDATE sessions SET state = $10, event_count = $2, updated_at = $7, lease_owner = NULL,"
            " lease_expires_at = NULL"
            " WHERE id = $1 AND tenant_id = $11 AND mode = $12 AND lease_owner = $13 AND event_count = $2 - 1"
            " RETURNING id)"
            " INSERT INTO events (session_id, seq, event_id, kind, text, result_status, recorded_at, input, outcome)"
            " SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM leased RETURNING 1",
            event.session_id,
            event.seq,
            event.event_id,
            event.kind,
            event.text,
            event.result_status,
            event.recorded_at,
            event.input,
            event.outcome,
            new_state,
            scope.tenant_id,
            scope.mode,
            owner,
        )
    except asyncpg.UniqueViolationError as exc:
        if exc.constraint_name == "uq_events_event_id":
            raise EventIdTaken(event.event_id) from None
        raise
    if appended is None:
        await _explain_finish_refusal(db, scope, event, owner)


async def _finish_key_and_append(
    db: asyncpg.Connection,
    scope: Scope,
    event: EventRecord,
    owner: str,
    new_state: bytes,
    key: KeyClaim,
    response_body: bytes | None,
) -> None:
    """Mark the key done, store the state and append the event: one statement, one round trip.

    The session's UPDATE is gated on the key's by an uncorrelated subquery (a one-time filter, run
    before the sessions are scanned), so the key row is locked before the session row, as everywhere.
    """
    try:
        row = await db.fetchrow(
            "WITH done AS ("
            " UPDATE idempotency SET status = 'done', response_body = $15, lease_owner = NULL,"
            " lease_expires_at = NULL, session_id = $1"
            " WHERE partner_id = $14 AND key = $16 AND status = 'in_progress' AND lease_owner = $13"
            " RETURNING 1),"
            " leased AS ("
            " UPDATE sessions SET state = $10, event_count = $2, updated_at = $7, lease_owner = NULL,"
            " lease_expires_at = NULL"
            " WHERE id = $1 AND tenant_id = $11 AND mode = $12 AND lease_owner = $13 AND event_count = $2 - 1"
            " AND EXISTS (SELECT 1 FROM done)"
            " RETURNING id),"
            " appended AS ("
            " INSERT INTO events (session_id, seq, event_id, kind, text, result_status, recorded_at, input, outcome)"
            " SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM leased RETURNING 1)"
            " SELECT (SELECT count(*) FROM done), (SELECT count(*) FROM appended)",
            event.session_id,
            event.seq,
            event.event_id,
            event.kind,
            event.text,
            event.result_status,
            event.recorded_at,
            event.input,
            event.outcome,
            new_state,
            scope.tenant_id,
            scope.mode,
            owner,
            key.partner_id,
            response_body,
            key.key,
        )
    except asyncpg.UniqueViolationError as exc:
        if exc.constraint_name == "uq_events_event_id":
            raise EventIdTaken(event.event_id) from None
        raise
    if row[0] == 0:
        raise LeaseLost(event.session_id)
    if row[1] == 0:
        await _explain_finish_refusal(db, scope, event, owner)


async def _explain_finish_refusal(db: asyncpg.Connection, scope: Scope, event: EventRecord, owner: str) -> None:
    row = await db.fetchrow(
        "SELECT lease_owner, event_count FROM sessions WHERE id = $1 AND tenant_id = $2 AND mode = $3",
        event.session_id,
        scope.tenant_id,
        scope.mode,
    )
    if row is None or row[0] != owner:
        raise LeaseLost(event.session_id)
    raise ValueError(f"event seq {event.seq} is not the session's next ({row[1] + 1})")
