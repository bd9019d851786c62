"""The store, on SQLite or PostgreSQL: ``open_store(database_url)``; migrations in ``corechat.storage.migrate``.

Only this package holds SQL. The runtime uses the raw drivers (sqlite3, asyncpg); Alembic and
SQLAlchemy are loaded only to migrate.
"""

from __future__ import annotations

from typing import Protocol

from corechat.storage.ports import Store
from corechat.storage.urls import SqliteUrl, parse_database_url
from corechat.suppliers.bookings import BookingLedger


class DatabaseStore(Store, Protocol):
    """A ``Store`` that also keeps the demo supplier's bookings, in the same database."""

    def booking_ledger(self) -> BookingLedger: ...


async def open_store(
    database_url: str,
    *,
    migrate: bool = False,
    pool_min_size: int = 1,
    pool_max_size: int = 10,
    sqlite_readers: int = 2,
    busy_timeout_ms: int = 5000,
) -> DatabaseStore:
    """Open the store at ``sqlite:///path`` or ``postgresql://...``; with ``migrate``, upgrade it first.

    The schema must be current for the store to work (``Store.check`` says whether it is).
    """
    url = parse_database_url(database_url)
    if migrate:
        from corechat.storage.migrate import upgrade_async

        await upgrade_async(database_url)
    if isinstance(url, SqliteUrl):
        from corechat.storage.sqlite_store import SqliteStore

        url.path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteStore(url.path, readers=sqlite_readers, busy_timeout_ms=busy_timeout_ms)
    from corechat.storage.postgres_store import PostgresStore

    return await PostgresStore.connect(url.dsn, min_size=pool_min_size, max_size=pool_max_size)


__all__ = ["DatabaseStore", "open_store"]
