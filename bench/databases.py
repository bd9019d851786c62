"""Fresh databases for a run (a SQLite file under var/bench, or a new PostgreSQL database on
127.0.0.1:5432 that is dropped afterwards), migrated, with a partner whose rate limit load cannot reach,
and bulk seeding of sessions straight in SQL."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
POSTGRES_BASE = "postgresql://postgres@127.0.0.1:5432/"
WORK = Path("var/bench")
CORECHAT = [sys.executable, "-m", "corechat"]
SESSION_COLUMNS = (
    "id, tenant_id, mode, partner_id, actor_id, timezone_offset_minutes, channel_id, workspace_id,"
    " conversation_id, thread_ts, created_at, updated_at, event_count, state"
)


@dataclass
class Partner:
    partner_id: str
    tenant_id: str
    api_key: str


class Database:
    def __init__(self, kind: str, label: str) -> None:
        self.kind = kind
        name = f"bench_{os.getpid()}_{label}"
        if kind == "sqlite":
            WORK.mkdir(parents=True, exist_ok=True)
            self.path = (WORK / f"{name}.db").resolve()
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = name
            self.url = POSTGRES_BASE + name

    def create(self) -> Partner:
        if self.kind == "sqlite":
            self._remove_files()
        else:
            asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', f'CREATE DATABASE "{self.name}"'))
        _corechat("db", "upgrade", "--database-url", self.url)
        issued = json.loads(
            _corechat(
                "partners", "create", "--database-url", self.url, "--tenant", "bench",
                "--name", f"bench {secrets.token_hex(3)}", "--rate-limit", "100000000", "--json",
            )
        )
        return Partner(partner_id=issued["partnerId"], tenant_id=issued["tenantId"], api_key=issued["apiKey"])

    def drop(self) -> None:
        if self.kind == "sqlite":
            self._remove_files()
        else:
            asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))

    def seed_sessions(self, count: int, partner: Partner) -> None:
        """``count`` sessions in one bulk INSERT ... SELECT, each with the state of a real one."""
        if self.kind == "sqlite":
            db = sqlite3.connect(self.path)
            db.execute("PRAGMA cache_size=-262144")  # 256 MB: the index fits while it grows
            try:
                (state,) = db.execute("SELECT state FROM sessions ORDER BY created_at LIMIT 1").fetchone()
                stamp = db.execute("SELECT created_at FROM sessions LIMIT 1").fetchone()[0]
                with db:
                    db.execute(
                        f"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?)"
                        f" INSERT INTO sessions ({SESSION_COLUMNS})"
                        " SELECT printf('sess_seed_%08d', x), ?, 'test', ?, 'actor-' || (x % 1000), NULL, 'partner-chat',"
                        " NULL, printf('partner-chat:sess_seed_%08d', x), printf('sess_seed_%08d', x), ?, ?, 0, ?"
                        " FROM n",
                        (count, partner.tenant_id, partner.partner_id, stamp, stamp, state),
                    )
                db.execute("ANALYZE")
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the server must not inherit the seeding's WAL
            finally:
                db.close()
        else:
            asyncio.run(_seed_postgres(self.url, count, partner))

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm", ".migrate-lock"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


async def _seed_postgres(url: str, count: int, partner: Partner) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        state = await connection.fetchval("SELECT state FROM sessions ORDER BY created_at LIMIT 1")
        await connection.execute(
            f"INSERT INTO sessions ({SESSION_COLUMNS})"
            " SELECT format('sess_seed_%s', lpad(x::text, 8, '0')), $2, 'test', $3, 'actor-' || (x % 1000), NULL,"
            " 'partner-chat', NULL, format('partner-chat:sess_seed_%s', lpad(x::text, 8, '0')),"
            " format('sess_seed_%s', lpad(x::text, 8, '0')), now(), now(), 0, $4"
            " FROM generate_series(1, $1::int) AS x",
            count, partner.tenant_id, partner.partner_id, state,
        )
        await connection.execute("VACUUM ANALYZE sessions")
        await connection.execute("CHECKPOINT")  # the server must not pay for flushing the seeding
    finally:
        await connection.close()


async def _admin(*statements: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def _corechat(*args: str) -> str:
    completed = subprocess.run([*CORECHAT, *args], capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"corechat {' '.join(args[:2])} failed: {completed.stderr.strip()}")
    return completed.stdout
