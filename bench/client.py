"""A small keep-alive HTTP/1.1 client on asyncio streams, for setting up pools and timing single requests.

Lighter than a general client, so the time it adds to a measured latency is small and the same at
every step of a run; it reads only ``Content-Length`` bodies, which is all our servers send.
"""

from __future__ import annotations

import asyncio
import json
import time


class Connection:
    def __init__(self, host: str, port: int, api_key: str) -> None:
        self._host = host
        self._port = port
        self._key = api_key.encode()
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def __aenter__(self) -> Connection:
        self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
        return self

    async def __aexit__(self, *exc) -> None:
        if self._writer is not None:
            self._writer.close()

    async def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, float]:
        """Status, decoded JSON body and the wall time in seconds from sending to the last byte read."""
        payload = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
        head = (
            f"{method} {path} HTTP/1.1\r\nhost: {self._host}\r\nx-partner-api-key: ".encode()
            + self._key
            + b"\r\ncontent-type: application/json\r\ncontent-length: "
            + str(len(payload)).encode()
            + b"\r\n\r\n"
        )
        started = time.perf_counter()
        self._writer.write(head + payload)
        raw_head = await self._reader.readuntil(b"\r\n\r\n")
        lines = raw_head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        raw = await self._reader.readexactly(length) if length else b""
        elapsed = time.perf_counter() - started
        return status, (json.loads(raw) if raw else {}), elapsed


async def each_concurrently(items, work, *, concurrency: int = 16) -> list:
    """``work(connection_index, item)`` for every item, ``concurrency`` at a time; results in order."""
    results: list = [None] * len(items)
    queue: asyncio.Queue = asyncio.Queue()
    for index, item in enumerate(items):
        queue.put_nowait((index, item))

    async def worker(slot: int) -> None:
        while not queue.empty():
            index, item = queue.get_nowait()
            results[index] = await work(slot, item)

    await asyncio.gather(*(worker(slot) for slot in range(concurrency)))
    return results
