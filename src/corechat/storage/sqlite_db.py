"""SQLite connections for an asyncio service: one writer thread, a few reader threads.

Every write transaction runs on the single writer connection, on its own thread, inside
``BEGIN IMMEDIATE``: writes of this process never contend with each other, other processes queue
on the busy timeout, and an fsync (synchronous=FULL) never blocks the event loop. Reads run on
separate connections, which WAL lets proceed while a write is in flight.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


class SqliteDatabase:
    def __init__(self, path: Path, *, readers: int = 2, busy_timeout_ms: int = 5000) -> None:
        self._path = path
        self._busy_timeout_ms = busy_timeout_ms
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._local = threading.local()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writer")
        self._readers = ThreadPoolExecutor(max_workers=readers, thread_name_prefix="sqlite-reader")

    async def write(self, transaction: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``transaction`` in one BEGIN IMMEDIATE ... COMMIT on the writer connection."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writer, self._run_write, transaction)

    async def read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._readers, self._run_read, query)

    async def close(self) -> None:
        await asyncio.to_thread(self._shutdown)

    def _run_write(self, transaction: Callable[[sqlite3.Connection], T]) -> T:
        connection = self._connection(reader=False)
        connection.execute("BEGIN IMMEDIATE")
        try:
            result = transaction(connection)
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        return result

    def _run_read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        return query(self._connection(reader=True))

    def _connection(self, *, reader: bool) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect(reader=reader)
            self._local.connection = connection
        return connection

    def _connect(self, *, reader: bool) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self._path,
            isolation_level=None,  # we issue BEGIN/COMMIT ourselves
            check_same_thread=False,  # closed from another thread at shutdown
            timeout=self._busy_timeout_ms / 1000,
        )
        connection.execute(f"PRAGMA busy_timeout={int(self._busy_timeout_ms)}")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")  # an acknowledged write survives power loss
        connection.execute("PRAGMA foreign_keys=ON")
        if reader:
            connection.execute("PRAGMA query_only=ON")
        with self._connections_lock:
            self._connections.append(connection)
        return connection

    def _shutdown(self) -> None:
        self._writer.shutdown(wait=True)
        self._readers.shutdown(wait=True)
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()
