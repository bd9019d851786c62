"""Crash safety (issue 7, item 1): ``corechat serve`` on SQLite and on PostgreSQL, SIGKILLed at random
moments while clients book, confirm and cancel with idempotency keys, retrying after every failure.

After each kill: ``PRAGMA integrity_check`` is ok (SQLite). After each restart: every acknowledged
event is still in its session. At the end: every key replays its one outcome byte for byte, every
charge in the supplier's ledger is the one booking of one session, and no key is left in progress.

5 kills per store here; ``make soak`` (CORECHAT_SOAK=1) runs 100, with injected crashes between the
supplier's answer and the finish as well. The seed is printed; CORECHAT_RELIABILITY_SEED repeats a run.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from corechat.faults import CRASH_EXIT_CODE

SESSIONS = "/api/partner/v1/core-chat/sessions"
EVENTS = "/api/partner/v1/core-chat/events"
SEARCH = "Seattle Mar 20-23 1 room refundable"
SEED = int(os.environ.get("CORECHAT_RELIABILITY_SEED", "20261129"))
SOAK = os.environ.get("CORECHAT_SOAK", "") not in ("", "0")
KILLS = int(os.environ.get("CORECHAT_CRASH_KILLS", "100" if SOAK else "5"))
WORKERS = 4
LEASE_SECONDS = 2
STARTUP_SECONDS = 60
RETRY_PAUSE_SECONDS = 0.05
REPLAY_SAMPLE = 100
# Refusals that mean "not settled yet, try again": the key is held by a request that may be dead
# (its lease expires), the service or the server is unavailable.
RETRYABLE = {409: "idempotency_request_in_progress", 503: None, 500: None, 429: None}


def figure(name: str, value: object) -> None:
    print(f"[reliability] {name}: {value}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def corechat(*args: str, env: dict[str, str]) -> str:
    return subprocess.run(
        [sys.executable, "-m", "corechat", *args], env=env, capture_output=True, text=True, timeout=120, check=True
    ).stdout


class Served:
    """One store's ``corechat serve``, killed and restarted on the same port."""

    def __init__(self, name: str, database_url: str, workdir: Path, rng: random.Random) -> None:
        self.name = name
        self.database_url = database_url
        self.workdir = workdir
        self.rng = rng
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "CORECHAT_DATABASE_URL": database_url,
            "CORECHAT_LOG_FILE": str(workdir / f"{name}.log"),
            "CORECHAT_LEASE_SECONDS": str(LEASE_SECONDS),
            "CORECHAT_SHUTDOWN_GRACE_SECONDS": "0",
            "CORECHAT_FAULT_SEED": str(SEED),
        }
        self.env.pop("CORECHAT_REDIS_URL", None)
        if SOAK:
            self.env["CORECHAT_FAULTS"] = "after_supplier:exit:0.01"
        self.process: subprocess.Popen | None = None
        self.kills = 0
        self.crashes = 0  # injected exits
        self.startup_seconds: list[float] = []

    def prepare(self) -> str:
        corechat("db", "upgrade", env=self.env)
        issued = json.loads(
            corechat("partners", "create", "--tenant", "crash", "--name", f"crash-{self.name}", "--rate-limit",
                     "1000000", "--json", env=self.env)
        )
        return issued["apiKey"]

    async def start(self) -> None:
        started = time.perf_counter()
        # A new draw of injected faults per start: with one seed, every restart would crash at the same call.
        self.env["CORECHAT_FAULT_SEED"] = str(SEED + len(self.startup_seconds) + self.kills + self.crashes)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "corechat", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        async with httpx.AsyncClient(timeout=1) as http:
            deadline = time.monotonic() + STARTUP_SECONDS
            while time.monotonic() < deadline:
                if self.process.poll() == CRASH_EXIT_CODE and "CORECHAT_FAULTS" in self.env:
                    # An injected crash hit a retried request before we saw the server up: start again.
                    self.crashes += 1
                    return await self.start()
                assert self.process.poll() is None, f"{self.name}: corechat serve exited at start"
                try:
                    if (await http.get(f"{self.base_url}/api/partner/v1/openapi.yaml")).status_code == 200:
                        self.startup_seconds.append(time.perf_counter() - started)
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
        raise AssertionError(f"{self.name}: corechat serve did not start in time")

    def kill(self) -> None:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.kills += 1
        else:
            self.crashes += 1
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def integrity(self) -> str:
        if not self.database_url.startswith("sqlite:///"):
            return "ok"
        connection = sqlite3.connect(self.database_url.removeprefix("sqlite:///"))
        try:
            return connection.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            connection.close()


class Ledger:
    """What the clients were told: acknowledged answers by (session, key)."""

    def __init__(self) -> None:
        self.acks: dict[tuple[str, str], tuple[dict, bytes]] = {}  # (session, key) -> (request, body)
        self.sessions: set[str] = set()
        self.retries = 0
        self.retried: set[tuple[str, str]] = set()  # keys that met a failure before their outcome
        self.journeys = 0
        self.booked = 0
        self.cancelled = 0


class Client:
    def __init__(self, served: Served, api_key: str, ledger: Ledger, number: int) -> None:
        self.served = served
        self.headers = {"x-partner-api-key": api_key}
        self.ledger = ledger
        self.number = number

    async def settle(self, http: httpx.AsyncClient, path: str, body: dict) -> httpx.Response:
        """Send until the answer is an outcome: every failure is retried with the same request."""
        key = (body.get("sessionId"), body.get("idempotencyKey"))
        while True:
            try:
                response = await http.post(self.served.base_url + path, json=body, headers=self.headers)
            except httpx.TransportError:
                self._retrying(key)
                await asyncio.sleep(RETRY_PAUSE_SECONDS)
                continue
            if response.status_code in RETRYABLE:
                expected = RETRYABLE[response.status_code]
                if expected is None or response.json().get("code") == expected:
                    self._retrying(key)
                    await asyncio.sleep(RETRY_PAUSE_SECONDS)
                    continue
            return response

    def _retrying(self, key: tuple) -> None:
        self.ledger.retries += 1
        if key[1] is not None:
            self.ledger.retried.add(key)

    async def event(self, http: httpx.AsyncClient, session_id: str, **fields) -> dict:
        body = {"sessionId": session_id, **fields}
        response = await self.settle(http, EVENTS, body)
        assert response.status_code == 200, response.text
        self.ledger.acks[(session_id, fields["idempotencyKey"])] = (body, response.content)
        return response.json()["data"]

    async def journey(self, http: httpx.AsyncClient, n: int) -> None:
        created = await self.settle(http, SESSIONS, {"actor": {"actorId": f"crash_user_{self.number}"}})
        assert created.status_code == 200, created.text
        session_id = created.json()["data"]["sessionId"]
        self.ledger.sessions.add(session_id)
        prefix = f"w{self.number}:j{n}"
        answer = await self.event(http, session_id, text=SEARCH, idempotencyKey=f"{prefix}:search")
        for step in range(1, 8):
            if answer["result"]["status"] != "shortlist" and answer["result"]["status"] not in (
                "price_changed", "option_unavailable"
            ):
                break
            action = answer["result"]["artifacts"]["nextActions"][0]
            answer = await self.event(
                http, session_id, kind=action["kind"], payload=action["payload"], idempotencyKey=f"{prefix}:book{step}"
            )
        if answer["result"]["status"] != "payment_required":
            return
        pay = answer["result"]["artifacts"]["nextActions"][0]
        answer = await self.event(
            http, session_id, kind=pay["kind"], payload=pay["payload"], idempotencyKey=f"{prefix}:pay"
        )
        if answer["result"]["status"] != "booked":
            return
        self.ledger.booked += 1
        cancel = {"kind": "action_cancel_booking", "payload": {"acceptPenalty": True}}
        answer = await self.event(http, session_id, **cancel, idempotencyKey=f"{prefix}:cancel")
        if answer["result"]["status"] == "cancelled":
            self.ledger.cancelled += 1

    async def run(self, stop: asyncio.Event) -> None:
        async with httpx.AsyncClient(timeout=30) as http:
            n = 0
            while not stop.is_set():
                n += 1
                await self.journey(http, n)
                self.ledger.journeys += 1


def check_acknowledged(served: Served, ledger: Ledger) -> None:
    """Every acknowledged event is stored (read straight from the events table: one query)."""
    acknowledged = {json.loads(body)["data"]["event"]["id"] for _, body in list(ledger.acks.values())}
    stored = {row[0] for row in rows(served.database_url, "SELECT event_id FROM events")}
    lost = acknowledged - stored
    assert not lost, f"{served.name}: acknowledged events lost: {sorted(lost)[:5]}"


async def check_outcomes(served: Served, api_key: str, ledger: Ledger) -> None:
    """Each retried key (and a seeded sample of the others) replays its one outcome; every charge is
    exactly one session's booking."""
    headers = {"x-partner-api-key": api_key}
    bookings: list[str] = []
    others = sorted(k for k in ledger.acks if k not in ledger.retried)
    sample = set(ledger.retried) | set(served.rng.sample(others, min(REPLAY_SAMPLE, len(others))))
    figure(f"{served.name}: keys replayed (retried keys + sample)", f"{len(sample)} ({len(ledger.retried)} retried)")
    async with httpx.AsyncClient(timeout=30, base_url=served.base_url) as http:
        for (session_id, key), (request, body) in sorted(ledger.acks.items()):
            if (session_id, key) not in sample:
                continue
            replay = await http.post(EVENTS, json=request, headers=headers)
            assert (replay.status_code, replay.content) == (200, body), f"{served.name}: {key} has two outcomes"
        for session_id in ledger.sessions:
            snapshot = (await http.get(f"{SESSIONS}/{session_id}", headers=headers)).json()["data"]
            bookings.extend(b["bookingId"] for b in snapshot["state"]["bookings"])
    charged = [row[0] for row in rows(served.database_url, "SELECT booking_id FROM demo_bookings")]
    assert len(bookings) == len(set(bookings)), f"{served.name}: a booking is recorded twice"
    assert sorted(bookings) == sorted(charged), f"{served.name}: charges and recorded bookings differ"
    assert rows(served.database_url, "SELECT key FROM idempotency WHERE status = 'in_progress'") == []


def rows(database_url: str, statement: str) -> list[tuple]:
    if database_url.startswith("sqlite:///"):
        connection = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        try:
            return connection.execute(statement).fetchall()
        finally:
            connection.close()
    import asyncpg

    async def fetch() -> list[tuple]:
        connection = await asyncpg.connect(database_url)
        try:
            return [tuple(r) for r in await connection.fetch(statement)]
        finally:
            await connection.close()

    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, fetch()).result()


async def torture(served: Served, rng: random.Random) -> None:
    api_key = served.prepare()
    ledger = Ledger()
    stop = asyncio.Event()
    await served.start()
    workers = [asyncio.create_task(Client(served, api_key, ledger, n).run(stop)) for n in range(WORKERS)]
    try:
        while served.kills < KILLS:
            await asyncio.sleep(rng.uniform(0.2, 1.2))
            served.kill()
            assert served.integrity() == "ok", f"{served.name}: integrity check failed after a kill"
            await served.start()
            check_acknowledged(served, ledger)
        stop.set()
        await asyncio.gather(*workers)
        check_acknowledged(served, ledger)
        await check_outcomes(served, api_key, ledger)
    finally:
        stop.set()
        for worker in workers:
            worker.cancel()
        served.stop()
    figure(f"{served.name}: kills / injected crashes", f"{served.kills} / {served.crashes}")
    figure(f"{served.name}: journeys / acknowledged events / bookings / cancellations",
           f"{ledger.journeys} / {len(ledger.acks)} / {ledger.booked} / {ledger.cancelled}")
    figure(f"{served.name}: retries after failures", ledger.retries)
    figure(f"{served.name}: restart seconds (median)", round(sorted(served.startup_seconds)[len(served.startup_seconds) // 2], 2))


@pytest.mark.slow
async def test_killed_servers_lose_no_acknowledged_write_and_book_once(tmp_path, request):
    figure("crash safety seed / kills per store", f"{SEED} / {KILLS}")
    stores = [Served("sqlite", f"sqlite:///{tmp_path / 'crash.db'}", tmp_path, random.Random(SEED))]
    if os.environ.get("CORECHAT_TEST_DATABASE_URL"):
        url = request.getfixturevalue("fresh_postgres_database")()
        stores.append(Served("postgresql", url, tmp_path, random.Random(SEED + 1)))
    else:
        figure("postgresql", "skipped: CORECHAT_TEST_DATABASE_URL is not set")
    await asyncio.gather(*(torture(served, served.rng) for served in stores))
