"""Migrations: one schema on both stores, safe when several processes upgrade at once."""

from __future__ import annotations

import subprocess
import sys

import pytest

from corechat.storage import open_store
from corechat.storage.migrate import current_revision, head_revision, upgrade
from corechat.storage.schema import HEAD_REVISION, TABLES

UPGRADE = "import sys; from corechat.storage.migrate import upgrade; upgrade(sys.argv[1])"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'var' / 'fresh.db'}"
    return request.getfixturevalue("fresh_postgres_database")()


def test_the_runtime_knows_the_newest_migration():
    assert head_revision() == HEAD_REVISION


def test_a_fresh_database_has_no_revision(empty_database_url):
    assert current_revision(empty_database_url) is None


async def test_a_store_on_an_unmigrated_database_fails_its_check(empty_database_url):
    store = await open_store(empty_database_url)
    try:
        with pytest.raises(RuntimeError):
            await store.check()
    finally:
        await store.close()


async def test_an_upgraded_store_passes_its_check(empty_database_url):
    store = await open_store(empty_database_url, migrate=True)
    try:
        await store.check()
    finally:
        await store.close()
    assert current_revision(empty_database_url) == HEAD_REVISION


def test_upgrading_twice_is_harmless(empty_database_url):
    upgrade(empty_database_url)
    upgrade(empty_database_url)

    assert current_revision(empty_database_url) == HEAD_REVISION


def test_concurrent_upgrades_from_several_processes_all_succeed(empty_database_url):
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", UPGRADE, empty_database_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]
    results = [(p.wait(timeout=120), p.stderr.read().decode()) for p in processes]

    assert [code for code, _ in results] == [0, 0, 0], [err for _, err in results]
    assert current_revision(empty_database_url) == HEAD_REVISION


async def test_the_schema_has_every_table(database_url):
    import sqlite3

    import asyncpg

    from corechat.storage.urls import SqliteUrl, parse_database_url

    url = parse_database_url(database_url)
    if isinstance(url, SqliteUrl):
        with sqlite3.connect(url.path) as db:
            names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    else:
        db = await asyncpg.connect(url.dsn)
        try:
            names = {row[0] for row in await db.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        finally:
            await db.close()

    assert names == set(TABLES) | {"alembic_version"}


async def test_the_schema_columns_are_the_ones_the_code_names(database_url):
    """``db copy`` and the stores name every column; a migration that changes one must update schema.py."""
    import sqlite3

    import asyncpg

    from corechat.storage.schema import COLUMNS
    from corechat.storage.urls import SqliteUrl, parse_database_url

    url = parse_database_url(database_url)
    found: dict[str, tuple[str, ...]] = {}
    if isinstance(url, SqliteUrl):
        with sqlite3.connect(url.path) as db:
            for table in TABLES:
                found[table] = tuple(row[1] for row in db.execute(f"PRAGMA table_info({table})"))
    else:
        db = await asyncpg.connect(url.dsn)
        try:
            for table in TABLES:
                rows = await db.fetch(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
                    table,
                )
                found[table] = tuple(row[0] for row in rows)
        finally:
            await db.close()

    assert found == {table: COLUMNS[table] for table in TABLES}
