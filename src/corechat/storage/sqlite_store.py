"""The store on SQLite: every SQL statement of the SQLite side (but the booking ledger's)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from corechat.storage.claims import REFUSALS, judge_existing_key, lease_is_free
from corechat.storage.codec import (
    instant_to_text as ts,
    optional_instant_to_text as opt_ts,
    optional_text_to_instant as opt_instant,
    text_to_instant as instant,
)
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
from corechat.storage import records
from corechat.storage.records import (
    API_KEY_COLUMNS,
    EVENT_COLUMNS,
    IDEMPOTENCY_COLUMNS,
    PARTNER_COLUMNS,
    SESSION_COLUMNS,
)
from corechat.storage.schema import HEAD_REVISION
from corechat.storage.sqlite_db import SqliteDatabase
from corechat.storage.sqlite_ledger import SqliteBookingLedger

class SqliteStore:
    def __init__(self, path: Path, *, readers: int = 2, busy_timeout_ms: int = 5000) -> None:
        self._db = SqliteDatabase(path, readers=readers, busy_timeout_ms=busy_timeout_ms)
        self._ledger = SqliteBookingLedger(self._db)

    def booking_ledger(self) -> SqliteBookingLedger:
        return self._ledger

    # -- lifecycle

    async def close(self) -> None:
        await self._db.close()

    async def check(self) -> None:
        def query(db: sqlite3.Connection) -> str | None:
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None

        try:
            revision = await self._db.read(query)
        except sqlite3.OperationalError as exc:
            raise RuntimeError(f"the SQLite store is not usable: {exc}") from exc
        if revision != HEAD_REVISION:
            raise RuntimeError(f"the schema is at {revision}, not {HEAD_REVISION}: run corechat db upgrade")

    # -- partners and keys

    async def find_api_key(self, key_hash: bytes) -> ApiKeyRecord | None:
        def query(db: sqlite3.Connection) -> ApiKeyRecord | None:
            row = db.execute(
                f"SELECT {API_KEY_COLUMNS} FROM api_keys k JOIN partners p ON p.id = k.partner_id"
                " WHERE k.key_hash = ?",
                (key_hash,),
            ).fetchone()
            return records.api_key(row, instant) if row else None

        return await self._db.lookup(query)

    async def create_partner(self, partner: PartnerRecord) -> None:
        def transaction(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO tenants (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
                (partner.tenant_id, ts(partner.created_at)),
            )
            try:
                db.execute(
                    f"INSERT INTO partners ({PARTNER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        partner.partner_id,
                        partner.tenant_id,
                        partner.name,
                        partner.mode,
                        partner.rate_limit_per_minute,
                        ts(partner.created_at),
                    ),
                )
            except sqlite3.IntegrityError as exc:
                raise _already_exists(exc, f"partner {partner.partner_id}") from exc

        await self._db.write(transaction)

    async def add_api_key(self, key: ApiKeyRecord, key_hash: bytes, created_at: dt.datetime) -> None:
        def transaction(db: sqlite3.Connection) -> None:
            try:
                db.execute(
                    "INSERT INTO api_keys (id, partner_id, key_hash, mode, created_at, expires_at, revoked_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        key.key_id,
                        key.partner_id,
                        key_hash,
                        key.mode,
                        ts(created_at),
                        opt_ts(key.expires_at),
                        opt_ts(key.revoked_at),
                    ),
                )
            except sqlite3.IntegrityError as exc:
                raise _already_exists(exc, f"API key {key.key_id}") from exc

        await self._db.write(transaction)

    async def list_partners(self) -> list[PartnerRecord]:
        def query(db: sqlite3.Connection) -> list[PartnerRecord]:
            rows = db.execute(f"SELECT {PARTNER_COLUMNS} FROM partners ORDER BY created_at, id").fetchall()
            return [records.partner(row, instant) for row in rows]

        return await self._db.read(query)

    async def get_partner(self, partner_id: str) -> PartnerRecord | None:
        def query(db: sqlite3.Connection) -> PartnerRecord | None:
            row = db.execute(f"SELECT {PARTNER_COLUMNS} FROM partners WHERE id = ?", (partner_id,)).fetchone()
            return records.partner(row, instant) if row else None

        return await self._db.read(query)

    async def list_api_keys(self, partner_id: str) -> list[ApiKeyRecord]:
        def query(db: sqlite3.Connection) -> list[ApiKeyRecord]:
            rows = db.execute(
                f"SELECT {API_KEY_COLUMNS} FROM api_keys k JOIN partners p ON p.id = k.partner_id"
                " WHERE k.partner_id = ? ORDER BY k.created_at, k.id",
                (partner_id,),
            ).fetchall()
            return [records.api_key(row, instant) for row in rows]

        return await self._db.read(query)

    async def expire_api_keys(self, partner_id: str, at: dt.datetime, except_key_id: str) -> None:
        def transaction(db: sqlite3.Connection) -> None:
            db.execute(
                "UPDATE api_keys SET expires_at = ? WHERE partner_id = ? AND id != ?"
                " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
                (ts(at), partner_id, except_key_id, ts(at)),
            )

        await self._db.write(transaction)

    async def revoke_api_key(self, key_id: str, at: dt.datetime) -> bool:
        def transaction(db: sqlite3.Connection) -> bool:
            cursor = db.execute(
                "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", (ts(at), key_id)
            )
            return cursor.rowcount > 0

        return await self._db.write(transaction)

    # -- sessions and events

    async def create_session(self, session: SessionRecord) -> None:
        def transaction(db: sqlite3.Connection) -> None:
            try:
                db.execute(
                    f"INSERT INTO sessions ({SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
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
                        ts(session.created_at),
                        ts(session.updated_at),
                        session.event_count,
                        session.state,
                    ),
                )
            except sqlite3.IntegrityError as exc:
                raise _already_exists(exc, f"session {session.session_id}") from exc

        await self._db.write(transaction)

    async def get_session(self, scope: Scope, session_id: str) -> SessionRecord | None:
        def query(db: sqlite3.Connection) -> SessionRecord | None:
            return _select_session(db, scope, session_id)

        return await self._db.lookup(query)

    async def list_events(self, scope: Scope, session_id: str) -> list[EventRecord]:
        def query(db: sqlite3.Connection) -> list[EventRecord]:
            rows = db.execute(
                f"SELECT {EVENT_COLUMNS} FROM events e JOIN sessions s ON s.id = e.session_id"
                " WHERE e.session_id = ? AND s.tenant_id = ? AND s.mode = ? ORDER BY e.seq",
                (session_id, scope.tenant_id, scope.mode),
            ).fetchall()
            return [records.event(row, instant) for row in rows]

        return await self._db.read(query)

    # -- idempotency and the per-event write path

    async def get_idempotency(self, partner_id: str, key: str) -> IdempotencyRecord | None:
        def query(db: sqlite3.Connection) -> IdempotencyRecord | None:
            return _select_idempotency(db, partner_id, key)

        return await self._db.lookup(query)

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
        lease_expires_at = ts(now + dt.timedelta(seconds=lease_seconds))

        def transaction(db: sqlite3.Connection) -> ClaimResult:
            verdict = None
            if key is not None:
                existing = _select_idempotency(db, key.partner_id, key.key)
                if existing is not None:
                    verdict = judge_existing_key(existing, key.request_hash, now)
                    if verdict in REFUSALS:
                        record = existing if verdict == "key_done" else None
                        return ClaimResult(outcome=verdict, record=record)  # type: ignore[arg-type]
            lease = db.execute(
                "SELECT lease_owner, lease_expires_at FROM sessions WHERE id = ? AND tenant_id = ? AND mode = ?",
                (session_id, scope.tenant_id, scope.mode),
            ).fetchone()
            if lease is None:
                return ClaimResult(outcome="session_gone")
            if not lease_is_free(lease[0], opt_instant(lease[1]), owner, now):
                return ClaimResult(outcome="session_busy")
            db.execute(
                "UPDATE sessions SET lease_owner = ?, lease_expires_at = ? WHERE id = ?",
                (owner, lease_expires_at, session_id),
            )
            if key is not None:
                if verdict == "take_over":
                    db.execute(
                        "UPDATE idempotency SET lease_owner = ?, lease_expires_at = ?, session_id = ?"
                        " WHERE partner_id = ? AND key = ?",
                        (owner, lease_expires_at, session_id, key.partner_id, key.key),
                    )
                else:
                    db.execute(
                        f"INSERT OR REPLACE INTO idempotency ({IDEMPOTENCY_COLUMNS})"
                        " VALUES (?, ?, ?, ?, 'in_progress', ?, ?, NULL, ?, ?)",
                        (
                            key.partner_id,
                            key.key,
                            key.request_hash,
                            session_id,
                            owner,
                            lease_expires_at,
                            ts(now),
                            ts(now + dt.timedelta(seconds=retention_seconds)),
                        ),
                    )
            session = _select_session(db, scope, session_id)
            return ClaimResult(outcome="claimed", resumed=verdict == "take_over", session=session)

        return await self._db.write(transaction)

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
        def transaction(db: sqlite3.Connection) -> None:
            session = db.execute(
                "SELECT lease_owner, event_count FROM sessions WHERE id = ? AND tenant_id = ? AND mode = ?",
                (event.session_id, scope.tenant_id, scope.mode),
            ).fetchone()
            if session is None or session[0] != owner:
                raise LeaseLost(event.session_id)
            if event.seq != session[1] + 1:
                raise ValueError(f"event seq {event.seq} is not the session's next ({session[1] + 1})")
            if key is not None:
                claimed = db.execute(
                    "SELECT 1 FROM idempotency WHERE partner_id = ? AND key = ?"
                    " AND status = 'in_progress' AND lease_owner = ?",
                    (key.partner_id, key.key, owner),
                ).fetchone()
                if claimed is None:
                    raise LeaseLost(event.session_id)
            if db.execute("SELECT 1 FROM events WHERE event_id = ?", (event.event_id,)).fetchone():
                raise EventIdTaken(event.event_id)
            db.execute(
                "INSERT INTO events (session_id, seq, event_id, kind, text, result_status, recorded_at, input, outcome)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    event.session_id,
                    event.seq,
                    event.event_id,
                    event.kind,
                    event.text,
                    event.result_status,
                    ts(event.recorded_at),
                    event.input,
                    event.outcome,
                ),
            )
            db.execute(
                "UPDATE sessions SET state = ?, event_count = ?, updated_at = ?, lease_owner = NULL,"
                " lease_expires_at = NULL WHERE id = ?",
                (new_state, event.seq, ts(event.recorded_at), event.session_id),
            )
            if key is not None:
                db.execute(
                    "UPDATE idempotency SET status = 'done', response_body = ?, lease_owner = NULL,"
                    " lease_expires_at = NULL, session_id = ? WHERE partner_id = ? AND key = ?",
                    (response_body, event.session_id, key.partner_id, key.key),
                )

        await self._db.write(transaction)

    async def release(self, scope: Scope, session_id: str, *, owner: str, key: KeyClaim | None) -> None:
        def transaction(db: sqlite3.Connection) -> None:
            if key is not None:
                db.execute(
                    "DELETE FROM idempotency WHERE partner_id = ? AND key = ?"
                    " AND status = 'in_progress' AND lease_owner = ?",
                    (key.partner_id, key.key, owner),
                )
            db.execute(
                "UPDATE sessions SET lease_owner = NULL, lease_expires_at = NULL"
                " WHERE id = ? AND tenant_id = ? AND mode = ? AND lease_owner = ?",
                (session_id, scope.tenant_id, scope.mode, owner),
            )

        await self._db.write(transaction)

    async def list_in_doubt_claims(self, now: dt.datetime, limit: int = 1000) -> list[IdempotencyRecord]:
        def query(db: sqlite3.Connection) -> list[IdempotencyRecord]:
            rows = db.execute(
                f"SELECT {IDEMPOTENCY_COLUMNS} FROM idempotency WHERE status = 'in_progress'"
                " AND (lease_expires_at IS NULL OR lease_expires_at <= ?) ORDER BY created_at LIMIT ?",
                (ts(now), limit),
            ).fetchall()
            return [records.idempotency(row, instant) for row in rows]

        return await self._db.read(query)

    async def purge_idempotency(self, before: dt.datetime) -> int:
        def transaction(db: sqlite3.Connection) -> int:
            return db.execute("DELETE FROM idempotency WHERE expires_at < ?", (ts(before),)).rowcount

        return await self._db.write(transaction)


def _select_session(db: sqlite3.Connection, scope: Scope, session_id: str) -> SessionRecord | None:
    row = db.execute(
        f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ? AND tenant_id = ? AND mode = ?",
        (session_id, scope.tenant_id, scope.mode),
    ).fetchone()
    return records.session(row, instant) if row else None


def _select_idempotency(db: sqlite3.Connection, partner_id: str, key: str) -> IdempotencyRecord | None:
    row = db.execute(
        f"SELECT {IDEMPOTENCY_COLUMNS} FROM idempotency WHERE partner_id = ? AND key = ?", (partner_id, key)
    ).fetchone()
    return records.idempotency(row, instant) if row else None


def _already_exists(exc: sqlite3.IntegrityError, what: str) -> Exception:
    if "UNIQUE" in str(exc) or "PRIMARY KEY" in str(exc):
        return AlreadyExists(f"{what} already exists")
    return exc
