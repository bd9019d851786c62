"""SQLite connections for an asyncio service: one writer thread with group commit, a few reader threads.

Every write transaction runs on the single writer connection, on its own thread, so an fsync
(synchronous=FULL) never blocks the event loop and writes of this process never contend. The
writer commits in groups: the transactions waiting when it wakes run one after another inside one
``BEGIN IMMEDIATE``, each in a savepoint of its own (a failing one is rolled back alone), and one
COMMIT makes them all durable with one fsync. No caller hears its result before that COMMIT, so
each still sees an ordinary transaction. Other processes queue on the busy timeout. Reads run on
separate connections, which WAL lets proceed while a write is in flight.
"""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")
MAX_GROUP = 64  # transactions per commit: bounds how long the write lock is held
_STOP = object()


class _Write:
    __slots__ = ("transaction", "future", "loop", "result", "error")

    def __init__(self, transaction: Callable[[sqlite3.Connection], Any], future: asyncio.Future, loop) -> None:
        self.transaction = transaction
        self.future = future
        self.loop = loop
        self.result: Any = None
        self.error: BaseException | None = None


class SqliteDatabase:
    def __init__(self, path: Path, *, readers: int = 2, busy_timeout_ms: int = 5000) -> None:
        self._path = path
        self._busy_timeout_ms = busy_timeout_ms
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._local = threading.local()
        self._writes: queue.SimpleQueue = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write_loop, name="sqlite-writer", daemon=True)
        self._writer.start()
        self._readers = ThreadPoolExecutor(max_workers=readers, thread_name_prefix="sqlite-reader")
        self._closed = False

    async def write(self, transaction: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``transaction`` as one transaction on the writer connection; return once it is durable."""
        if self._closed:
            raise RuntimeError("the store is closed")
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._writes.put(_Write(transaction, future, loop))
        return await future

    async def read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._readers, self._run_read, query)

    async def lookup(self, query: Callable[[sqlite3.Connection], T]) -> T:
        """Run a short read (a row by its key) right here, on the caller's thread and reader connection.

        WAL readers never wait for the writer, so a point lookup takes microseconds: less than handing
        it to a reader thread and back. Scans (a session's events, listings) still go through ``read``.
        """
        if self._closed:
            raise RuntimeError("the store is closed")
        return self._run_read(query)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._writes.put(_STOP)
        await asyncio.to_thread(self._shutdown)

    # -- the writer thread

    def _write_loop(self) -> None:
        connection: sqlite3.Connection | None = None
        while True:
            first = self._writes.get()
            if first is _STOP:
                return
            group = [first]
            while len(group) < MAX_GROUP:
                try:
                    item = self._writes.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    self._writes.put(_STOP)  # finish this group, then stop
                    break
                group.append(item)
            try:
                if connection is None:
                    connection = self._connect(reader=False)
                self._commit_group(connection, group)
            except BaseException as exc:  # the connection, BEGIN or COMMIT failed: nothing is durable
                for write in group:
                    write.result, write.error = None, exc
            for write in group:
                try:
                    write.loop.call_soon_threadsafe(_settle, write.future, write.result, write.error)
                except RuntimeError:  # the caller's event loop is closed: nobody is waiting
                    pass

    @staticmethod
    def _commit_group(connection: sqlite3.Connection, group: list[_Write]) -> None:
        connection.execute("BEGIN IMMEDIATE")
        try:
            for write in group:
                connection.execute("SAVEPOINT one_write")
                try:
                    write.result = write.transaction(connection)
                except Exception as exc:
                    connection.execute("ROLLBACK TO one_write")
                    write.error = exc
                connection.execute("RELEASE one_write")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    # -- readers

    def _run_read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._connect(reader=True)
        return query(connection)

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
        self._writer.join()
        self._readers.shutdown(wait=True)
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()


def _settle(future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
