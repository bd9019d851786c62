"""The ceiling: a raw ASGI app that makes one durable single-row INSERT per request, and nothing else.

No framework, no auth, no validation: what is left is uvicorn plus the raw driver, so its req/s is
the most "one durable write per request" can give on this machine. The row is a corechat session
row in corechat's own schema, written with corechat's durability: SQLite in WAL with
synchronous=FULL (through one writer thread that commits the inserts waiting together in one
transaction, as corechat does, so neither side is judged on a commit strategy the other lacks), or
PostgreSQL through an asyncpg pool with synchronous_commit on.

    BENCH_DATABASE_URL=sqlite:///path.db BENCH_PARTNER_ID=p BENCH_TENANT_ID=t \
        uvicorn bench.ceiling:app --loop uvloop --http httptools
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import queue
import secrets
import sqlite3
import threading
import time

INSERT_COLUMNS = (
    "id, tenant_id, mode, partner_id, actor_id, timezone_offset_minutes, channel_id, workspace_id,"
    " conversation_id, thread_ts, created_at, updated_at, event_count, state"
)
INITIAL_STATE = b'{"criteria":{},"shortlist":null,"pending":null,"bookings":[]}'
MAX_GROUP = 64
_RESPONSE_HEADERS = [(b"content-type", b"application/json")]


def _session_row(tenant_id: str, partner_id: str) -> tuple:
    session_id = f"sess_{int(time.time() * 1000)}_{secrets.token_hex(4)}"
    now = dt.datetime.now(dt.timezone.utc)
    return (
        session_id, tenant_id, "test", partner_id, "actor-1", None, "partner-chat", None,
        f"partner-chat:{session_id}", session_id, now, now, 0, INITIAL_STATE,
    )


class SqliteWriter:
    """One connection on its own thread; the inserts queued together share one COMMIT (one fsync)."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._run, name="ceiling-writer", daemon=True).start()

    async def insert(self, row: tuple) -> None:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queue.put((row, future, loop))
        await future

    def _run(self) -> None:
        db = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA busy_timeout=5000")
        sql = f"INSERT INTO sessions ({INSERT_COLUMNS}) VALUES ({', '.join('?' * 14)})"
        while True:
            group = [self._queue.get()]
            while len(group) < MAX_GROUP:
                try:
                    group.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            error: BaseException | None = None
            try:
                db.execute("BEGIN IMMEDIATE")
                db.executemany(sql, [_sqlite_row(row) for row, _, _ in group])
                db.execute("COMMIT")
            except BaseException as exc:  # noqa: BLE001 - handed to every waiting request
                error = exc
                if db.in_transaction:
                    db.execute("ROLLBACK")
            for _, future, loop in group:
                loop.call_soon_threadsafe(_settle, future, error)


def _sqlite_row(row: tuple) -> tuple:
    stamp = row[10].strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return row[:10] + (stamp, stamp) + row[12:]


def _settle(future: asyncio.Future, error: BaseException | None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)


class PostgresWriter:
    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._pool = None
        self._opening = asyncio.Lock()
        self._sql = f"INSERT INTO sessions ({INSERT_COLUMNS}) VALUES ({', '.join(f'${i}' for i in range(1, 15))})"

    async def insert(self, row: tuple) -> None:
        if self._pool is None:
            await self._open()
        async with self._pool.acquire() as connection:
            await connection.execute(self._sql, *row)

    async def _open(self) -> None:
        import asyncpg

        async with self._opening:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    self._dsn, min_size=10, max_size=10, server_settings={"synchronous_commit": "on"}
                )


def build_app(database_url: str, *, tenant_id: str, partner_id: str):
    if database_url.startswith("sqlite:///"):
        writer = SqliteWriter(database_url[len("sqlite:///"):])
    else:
        writer = PostgresWriter(database_url)

    async def app(scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        more = True
        while more:  # the body is read, as any endpoint must, and not looked at
            message = await receive()
            more = message.get("more_body", False)
        row = _session_row(tenant_id, partner_id)
        await writer.insert(row)
        body = b'{"data":{"sessionId":"%s"}}' % row[0].encode()
        await send({"type": "http.response.start", "status": 200, "headers": _RESPONSE_HEADERS})
        await send({"type": "http.response.body", "body": body})

    return app


def _from_env():
    return build_app(
        os.environ["BENCH_DATABASE_URL"],
        tenant_id=os.environ["BENCH_TENANT_ID"],
        partner_id=os.environ["BENCH_PARTNER_ID"],
    )


def __getattr__(name: str):  # ``uvicorn bench.ceiling:app`` builds it from the environment on first use
    if name == "app":
        globals()["app"] = built = _from_env()
        return built
    raise AttributeError(name)
