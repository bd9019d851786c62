"""Alembic's environment, for the database named in ``config.attributes["database_url"]``.

SQLite runs online through the standard library's driver, in one ``BEGIN IMMEDIATE`` transaction
(the write lock is taken before the version is read, so concurrent runs queue up). PostgreSQL runs
offline: Alembic renders the SQL and ``corechat.storage.migrate`` executes it through asyncpg under
an advisory lock, so no second PostgreSQL driver (nor SQLAlchemy's async layer) is needed. A
migration therefore expresses itself as DDL and plain SQL, never by reading rows back in Python.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context
from sqlalchemy.pool import NullPool

from corechat.storage.urls import SqliteUrl, parse_database_url


def run_offline(url: str) -> None:
    context.configure(url=url, literal_binds=True, transactional_ddl=False)
    context.run_migrations()


def run_sqlite(url: SqliteUrl) -> None:
    engine = sa.create_engine(url.sqlalchemy_url, poolclass=NullPool, connect_args={"timeout": 60})

    @sa.event.listens_for(engine, "connect")
    def _manual_transactions(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _write_lock_first(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with engine.connect() as connection:
            context.configure(connection=connection, transactional_ddl=True, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


def main() -> None:
    url = parse_database_url(context.config.attributes["database_url"])
    if context.is_offline_mode():
        # The plain dialect name: rendering SQL needs no driver.
        run_offline(url.sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://"))
    elif isinstance(url, SqliteUrl):
        run_sqlite(url)
    else:
        raise RuntimeError("PostgreSQL migrations run offline: use corechat.storage.migrate.upgrade")


main()
