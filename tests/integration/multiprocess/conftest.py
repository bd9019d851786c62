"""Real ``corechat serve`` processes on one PostgreSQL database (fresh per test module) and Redis.

- ``shared_database``: a PostgreSQL database made for the module and migrated by two ``corechat db
  upgrade`` run at once (skipped without CORECHAT_TEST_DATABASE_URL).
- ``start_servers(*envs)``: one ``corechat serve`` subprocess per dict of extra settings (and
  ``workers``), each on a port of its own, on ``shared_database``; ready (GET /readyz answers) when returned, stopped with SIGTERM
  (and required to exit 0) at the end of the module.
- ``issue_key(rate_limit)``: a new partner through ``corechat partners create``; returns its API key.
- ``rows(statement)``: rows of one statement on ``shared_database``, bypassing the servers.
- ``figure(name, value)``: figures are printed (run with -s), never asserted.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx
import pytest

STARTUP_SECONDS = 60
STOP_SECONDS = 20
SESSIONS = "/api/partner/v1/core-chat/sessions"
EVENTS = "/api/partner/v1/core-chat/events"


def figure(name: str, value: object) -> None:
    print(f"[multiprocess] {name}: {value}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def base_env(database_url: str, workdir: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("CORECHAT_")}
    env.update(
        CORECHAT_DATABASE_URL=database_url,
        CORECHAT_LOG_FILE=str(workdir / "corechat.log"),
        CORECHAT_API_KEY_CACHE_SECONDS="0",
        CORECHAT_SHUTDOWN_GRACE_SECONDS="5",
    )
    return env


def corechat(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "corechat", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finished(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, f"corechat exited {process.returncode}: {err}"
    return out


def fetch(database_url: str, statement: str) -> list[tuple]:
    async def run() -> list[tuple]:
        connection = await asyncpg.connect(database_url, timeout=10)
        try:
            return [tuple(row) for row in await connection.fetch(statement)]
        finally:
            await connection.close()

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


@pytest.fixture(scope="module")
def shared_database(fresh_postgres_database, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_postgres_database()
    env = base_env(url, tmp_path_factory.mktemp("upgrade"))
    # Several processes may run the upgrade at once (a rolling deploy): both must succeed.
    upgrades = [corechat("db", "upgrade", env=env) for _ in range(2)]
    for upgrade in upgrades:
        finished(upgrade)
    return url


@pytest.fixture
def rows(shared_database: str):
    return lambda statement: fetch(shared_database, statement)


@pytest.fixture
def issue_key(shared_database: str, tmp_path: Path):
    def issue(rate_limit: int = 1_000_000) -> str:
        name = f"mp-{secrets.token_hex(4)}"
        out = finished(
            corechat("partners", "create", "--tenant", "multiprocess", "--name", name, "--rate-limit", str(rate_limit),
                     "--json", env=base_env(shared_database, tmp_path))
        )
        return json.loads(out)["apiKey"]

    return issue


class Server:
    def __init__(self, process: subprocess.Popen, port: int, log_path: Path) -> None:
        self.process = process
        self.base_url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self.terminated = False

    def log_events(self, event: str) -> list[dict]:
        """The JSON log lines of this server with ``"event": event``."""
        lines = self.log_path.read_text().splitlines() if self.log_path.exists() else []
        return [record for record in map(json.loads, lines) if record.get("event") == event]

    def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        with httpx.Client(timeout=1) as http:
            while time.monotonic() < deadline:
                assert self.process.poll() is None, f"corechat serve exited at start: {self.process.stderr.read()}"
                try:
                    if http.get(f"{self.base_url}/readyz").status_code in (200, 503):
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        raise AssertionError("corechat serve did not start in time")

    def terminate(self) -> None:
        """One SIGTERM (a second one, like a second Ctrl-C, would not wait for the drain)."""
        if not self.terminated and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.terminated = True

    def stop(self) -> int:
        self.terminate()
        if self.process.poll() is None:
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture(scope="module")
def start_servers(shared_database: str, tmp_path_factory: pytest.TempPathFactory):
    """Servers live for the test module (each takes seconds to start): start them in a module fixture."""
    workdir = tmp_path_factory.mktemp("servers")
    started: list[Server] = []

    def start(*envs: dict[str, str]) -> list[Server]:
        """One server per dict of extra settings (``{"redis_url": ...}`` sets CORECHAT_REDIS_URL;
        ``{"workers": "2"}`` runs ``corechat serve --workers 2``)."""
        servers = []
        for extra in envs:
            extra = dict(extra)
            workers = extra.pop("workers", "1")
            env = base_env(shared_database, workdir)
            env["CORECHAT_LOG_FILE"] = str(workdir / f"server-{len(started) + len(servers)}.log")
            env.update({f"CORECHAT_{name.upper()}": value for name, value in extra.items()})
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "-m", "corechat", "serve", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", workers],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )
            servers.append(Server(process, port, Path(env["CORECHAT_LOG_FILE"])))
        started.extend(servers)
        for server in servers:
            server.wait_ready()
        return servers

    yield start
    for server in started:
        server.terminate()
    codes = [server.stop() for server in started]
    errors = [server.process.stderr.read()[-2000:] for server in started]
    assert codes == [0] * len(started), f"a server did not stop cleanly on SIGTERM: exit codes {codes}: {errors}"
