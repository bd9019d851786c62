"""Schema migrations: Alembic, configured in code (no alembic.ini on disk), for both stores.

``upgrade`` is safe to run from several processes at once. SQLite: a file lock, then one
``BEGIN IMMEDIATE`` transaction. PostgreSQL: in one transaction, a transaction-scoped advisory
lock, then the version is read and the SQL Alembic renders from it is executed (see
``migrations/env.py``). ``upgrade`` blocks; from async code use ``upgrade_async``.

A new migration: ``command.revision(alembic_config("sqlite:///unused"), "why", rev_id="0002_name")``,
written as DDL that both dialects accept; then update ``schema.HEAD_REVISION`` and ``schema.COLUMNS``
(tests/integration/storage/test_migrations.py checks both against the databases).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import fcntl
import io
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import asyncpg
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from corechat.storage.urls import PostgresUrl, SqliteUrl, parse_database_url

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK_ID = 0x636F726563686174  # "corechat", the advisory lock key of migrations

T = TypeVar("T")


def alembic_config(database_url: str, output_buffer: io.StringIO | None = None) -> Config:
    config = Config(output_buffer=output_buffer)
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = database_url
    return config


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config("sqlite:///unused")).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must have one head, found {heads}")
    return heads[0]


def upgrade(database_url: str) -> None:
    """Bring the database to the newest migration (creating the SQLite file if needed)."""
    url = parse_database_url(database_url)
    if isinstance(url, SqliteUrl):
        _upgrade_sqlite(url, database_url)
    else:
        _without_running_loop(lambda: asyncio.run(_upgrade_postgres(url, database_url)))


async def upgrade_async(database_url: str) -> None:
    await asyncio.to_thread(upgrade, database_url)


def current_revision(database_url: str) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    url = parse_database_url(database_url)
    if isinstance(url, SqliteUrl):
        return _sqlite_revision(url.path)

    async def read() -> str | None:
        connection = await asyncpg.connect(url.dsn)
        try:
            return await _postgres_revision(connection)
        finally:
            await connection.close()

    return _without_running_loop(lambda: asyncio.run(read()))


def _upgrade_sqlite(url: SqliteUrl, database_url: str) -> None:
    url.path.parent.mkdir(parents=True, exist_ok=True)
    with _file_lock(url.path.with_name(url.path.name + ".migrate-lock")):
        connection = sqlite3.connect(url.path, timeout=60)
        try:
            # The journal mode belongs to the file: set it once, outside any transaction.
            connection.execute("PRAGMA journal_mode=WAL")
        finally:
            connection.close()
        command.upgrade(alembic_config(database_url), "head")


async def _upgrade_postgres(url: PostgresUrl, database_url: str) -> None:
    connection = await asyncpg.connect(url.dsn)
    try:
        async with connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK_ID)
            current = await _postgres_revision(connection)
            if current == head_revision():
                return
            script = io.StringIO()
            start = f"{current}:head" if current else "head"
            command.upgrade(alembic_config(database_url, script), start, sql=True)
            await connection.execute(script.getvalue())
    finally:
        await connection.close()


async def _postgres_revision(connection: asyncpg.Connection) -> str | None:
    if await connection.fetchval("SELECT to_regclass('alembic_version')") is None:
        return None
    return await connection.fetchval("SELECT version_num FROM alembic_version")


def _sqlite_revision(path: Path) -> str | None:
    if not path.exists():
        return None
    connection = sqlite3.connect(path, timeout=60)
    try:
        has_table = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        connection.close()


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _without_running_loop(fn: Callable[[], T]) -> T:
    """Run ``fn`` (which calls ``asyncio.run``) on a thread of its own when a loop runs here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()
