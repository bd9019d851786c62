"""``corechat db copy``: move every row from one store to another (SQLite <-> PostgreSQL), in one go.

Both databases must be at the newest migration and the target empty. The source is read in one
consistent snapshot; the target is written in one transaction, so a failed copy leaves it empty.
Stop the service (or accept losing writes made during the copy) before moving a deployment.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from typing import Any, Protocol

import asyncpg

from corechat.storage.codec import instant_to_text, text_to_instant
from corechat.storage.schema import COLUMNS, HEAD_REVISION, INSTANT_COLUMNS, TABLES
from corechat.storage.urls import PostgresUrl, SqliteUrl, parse_database_url

BATCH = 500
PARENTS_FIRST = tuple(reversed(TABLES))


class CopyRefused(Exception):
    pass


class _Side(Protocol):
    async def revision(self) -> str | None: ...
    async def count(self, table: str) -> int: ...
    def rows(self, table: str) -> AsyncIterator[list[tuple[Any, ...]]]: ...
    async def insert(self, table: str, rows: list[tuple[Any, ...]]) -> None: ...
    async def begin(self, *, writing: bool) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    async def close(self) -> None: ...


async def copy_database(source_url: str, target_url: str) -> dict[str, int]:
    """Copy every table; answers the number of rows copied per table."""
    if parse_database_url(source_url) == parse_database_url(target_url):
        raise CopyRefused("the source and the target are the same database")
    source = await _open(source_url)
    try:
        target = await _open(target_url)
        try:
            return await _copy(source, target)
        finally:
            await target.close()
    finally:
        await source.close()


async def _copy(source: _Side, target: _Side) -> dict[str, int]:
    for name, side in (("source", source), ("target", target)):
        revision = await side.revision()
        if revision != HEAD_REVISION:
            raise CopyRefused(f"the {name} schema is at {revision}, not {HEAD_REVISION}: run corechat db upgrade")
    await source.begin(writing=False)
    await target.begin(writing=True)
    try:
        for table in PARENTS_FIRST:
            if await target.count(table):
                raise CopyRefused(f"the target is not empty (table {table} has rows)")
        copied: dict[str, int] = {}
        for table in PARENTS_FIRST:
            copied[table] = 0
            async for batch in source.rows(table):
                await target.insert(table, batch)
                copied[table] += len(batch)
    except BaseException:
        await target.rollback()
        await source.rollback()
        raise
    await target.commit()
    await source.commit()
    return copied


async def _open(url: str) -> _Side:
    parsed = parse_database_url(url)
    if isinstance(parsed, SqliteUrl):
        if not parsed.path.exists():
            raise CopyRefused(f"no SQLite database at {parsed.path}")
        return _SqliteSide(parsed)
    return await _PostgresSide.connect(parsed)


def _select(table: str) -> str:
    return f"SELECT {', '.join(COLUMNS[table])} FROM {table}"


class _SqliteSide:
    def __init__(self, url: SqliteUrl) -> None:
        self._db = sqlite3.connect(url.path, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA foreign_keys=ON")
        self._instants = {t: [c in INSTANT_COLUMNS for c in COLUMNS[t]] for t in COLUMNS}

    async def revision(self) -> str | None:
        try:
            row = self._db.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None
        return row[0] if row else None

    async def count(self, table: str) -> int:
        return self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    async def rows(self, table: str) -> AsyncIterator[list[tuple[Any, ...]]]:
        instants = self._instants[table]
        cursor = self._db.execute(_select(table))
        while batch := cursor.fetchmany(BATCH):
            yield [
                tuple(text_to_instant(v) if is_instant and v is not None else v for v, is_instant in zip(row, instants))
                for row in batch
            ]

    async def insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        instants = self._instants[table]
        columns = COLUMNS[table]
        self._db.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [
                tuple(instant_to_text(v) if is_instant and v is not None else v for v, is_instant in zip(row, instants))
                for row in rows
            ],
        )

    async def begin(self, *, writing: bool) -> None:
        self._db.execute("BEGIN IMMEDIATE" if writing else "BEGIN")

    async def commit(self) -> None:
        self._db.execute("COMMIT")

    async def rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    async def close(self) -> None:
        self._db.close()


class _PostgresSide:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self._db = connection
        self._transaction: Any = None

    @classmethod
    async def connect(cls, url: PostgresUrl) -> _PostgresSide:
        return cls(await asyncpg.connect(url.dsn))

    async def revision(self) -> str | None:
        if await self._db.fetchval("SELECT to_regclass('alembic_version')") is None:
            return None
        return await self._db.fetchval("SELECT version_num FROM alembic_version")

    async def count(self, table: str) -> int:
        return await self._db.fetchval(f"SELECT count(*) FROM {table}")

    async def rows(self, table: str) -> AsyncIterator[list[tuple[Any, ...]]]:
        batch: list[tuple[Any, ...]] = []
        async for record in self._db.cursor(_select(table), prefetch=BATCH):
            batch.append(tuple(record))
            if len(batch) == BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    async def insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        await self._db.copy_records_to_table(table, records=rows, columns=list(COLUMNS[table]))

    async def begin(self, *, writing: bool) -> None:
        isolation = "read_committed" if writing else "repeatable_read"
        self._transaction = self._db.transaction(isolation=isolation, readonly=not writing)
        await self._transaction.start()

    async def commit(self) -> None:
        await self._transaction.commit()

    async def rollback(self) -> None:
        if self._transaction is not None and not self._transaction.is_completed():
            await self._transaction.rollback()

    async def close(self) -> None:
        await self._db.close()
