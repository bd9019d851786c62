"""The SQLite writer's group commit: each write is still a transaction of its own."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest

from corechat.storage.sqlite_db import SqliteDatabase


@pytest.fixture
async def db(tmp_path):
    path = tmp_path / "writer.db"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
    database = SqliteDatabase(path)
    yield database
    await database.close()


def insert(*numbers: int, fail: bool = False):
    def transaction(connection: sqlite3.Connection) -> int:
        for n in numbers:
            connection.execute("INSERT INTO t (n) VALUES (?)", (n,))
        if fail:
            raise LookupError("changed my mind")
        return len(numbers)

    return transaction


async def stored(db: SqliteDatabase) -> list[int]:
    return await db.read(lambda c: [row[0] for row in c.execute("SELECT n FROM t ORDER BY n")])


async def test_a_failing_write_is_undone_alone_within_its_group(db):
    gate = threading.Event()
    blocker = asyncio.ensure_future(db.write(lambda _: gate.wait(10)))
    await asyncio.sleep(0.01)  # the writer is now held inside the blocker's group
    writes = [
        asyncio.ensure_future(db.write(insert(1, 2))),
        asyncio.ensure_future(db.write(insert(3, 4, fail=True))),
        asyncio.ensure_future(db.write(insert(5))),
    ]
    await asyncio.sleep(0)  # all three queued: they form the next group
    gate.set()
    await blocker
    results = await asyncio.gather(*writes, return_exceptions=True)

    assert results[0] == 2 and results[2] == 1
    assert isinstance(results[1], LookupError)
    assert await stored(db) == [1, 2, 5]


async def test_a_constraint_violation_fails_only_its_own_write(db):
    await db.write(insert(1))

    results = await asyncio.gather(db.write(insert(2)), db.write(insert(1)), db.write(insert(3)), return_exceptions=True)

    assert results[0] == 1 and results[2] == 1
    assert isinstance(results[1], sqlite3.IntegrityError)
    assert await stored(db) == [1, 2, 3]


async def test_many_concurrent_writes_all_land(db):
    await asyncio.gather(*(db.write(insert(n)) for n in range(500)))

    assert await stored(db) == list(range(500))


async def test_a_write_is_visible_to_readers_once_it_returns(db):
    await db.write(insert(7))

    assert await stored(db) == [7]


async def test_a_closed_database_refuses_writes(db):
    await db.close()

    with pytest.raises(RuntimeError):
        await db.write(insert(1))
