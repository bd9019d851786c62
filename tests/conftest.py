"""The test databases every suite shares: ``database_url`` runs a test once on SQLite and once on PostgreSQL.

SQLite: a fresh copy of a database migrated once per run. PostgreSQL: on CORECHAT_TEST_DATABASE_URL,
a database with a random name is created and migrated once per run, emptied before each test and
dropped at the end. Without the variable the PostgreSQL runs are skipped; with it and no server
reachable they fail.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from corechat.storage.migrate import upgrade
from corechat.storage.schema import TABLES
from corechat.storage.urls import PostgresUrl, parse_database_url

TEST_DATABASE_ENV = "CORECHAT_TEST_DATABASE_URL"
STORES = ["sqlite", "postgresql"]


def _with_database(dsn: str, database: str) -> str:
    base, _, _ = dsn.rpartition("/")
    return f"{base}/{database}"


async def _execute(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(dsn, timeout=10)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _admin(dsn: str, statement: str) -> None:
    """Run one statement to completion, also from inside a test's running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(_execute(dsn, statement))
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _execute(dsn, statement)).result()


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "corechat.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """The server URL from CORECHAT_TEST_DATABASE_URL; skips without it, fails when it is unreachable."""
    url = os.environ.get(TEST_DATABASE_ENV)
    if not url:
        pytest.skip(f"{TEST_DATABASE_ENV} is not set")
    parsed = parse_database_url(url)
    if not isinstance(parsed, PostgresUrl):
        pytest.fail(f"{TEST_DATABASE_ENV} must be a postgresql:// URL")
    try:
        _admin(parsed.dsn, "SELECT 1")
    except (OSError, asyncpg.PostgresError, asyncio.TimeoutError) as exc:
        pytest.fail(f"{TEST_DATABASE_ENV} is set but PostgreSQL is unreachable: {exc!r}")
    return parsed.dsn


@pytest.fixture(scope="session")
def fresh_postgres_database(postgres_server_url: str) -> Iterator[callable]:
    """A factory of empty PostgreSQL databases (unmigrated), all dropped at the end of the run."""
    created: list[str] = []

    def make() -> str:
        name = f"corechat_test_{secrets.token_hex(6)}"
        _admin(postgres_server_url, f'CREATE DATABASE "{name}"')
        created.append(name)
        return _with_database(postgres_server_url, name)

    yield make
    for name in created:
        _admin(postgres_server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated_postgres_url(fresh_postgres_database) -> str:
    url = fresh_postgres_database()
    upgrade(url)
    return url


@pytest.fixture(params=STORES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a migrated, empty database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "corechat.db"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("migrated_postgres_url")
    _admin(url, f"TRUNCATE {', '.join(TABLES)}")
    return url
