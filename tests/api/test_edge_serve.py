"""`corechat serve --demo` as a real process: migrates a new SQLite file, prints the demo key, serves, and
stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_ready(base_url: str, process: subprocess.Popen) -> httpx.Response:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        try:
            return httpx.get(f"{base_url}/readyz", timeout=1)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("corechat serve did not start")


def test_serve_demo_migrates_prints_the_key_serves_and_stops_on_sigterm(tmp_path):
    env = {**os.environ, "CORECHAT_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh' / 'corechat.db'}",
           "CORECHAT_LOG_FILE": str(tmp_path / "corechat.log")}
    env.pop("CORECHAT_REDIS_URL", None)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "corechat", "serve", "--demo", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        ready = wait_until_ready(base_url, process)
        key = (tmp_path / "var" / "demo-api-key").read_text().strip()
        created = httpx.post(f"{base_url}/api/partner/v1/core-chat/sessions", json={"actor": {"actorId": "u"}},
                             headers={"x-partner-api-key": key})
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=15)
        stdout = process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert ready.json() == {"status": "ready", "store": "ok", "rateLimit": "memory"}
    assert (created.status_code, created.headers["x-partner-id"]) == (200, "demo")
    assert created.json()["data"]["tenantId"] == "demo-tenant"
    assert key.startswith("ck_test_") and key in stdout
    assert oct((tmp_path / "var" / "demo-api-key").stat().st_mode & 0o777) == "0o600"
    assert status == 0
    assert key not in (tmp_path / "corechat.log").read_text()


@pytest.mark.slow
def test_serve_with_two_workers_answers_on_one_port_and_stops_on_sigterm(tmp_path):
    env = {**os.environ, "CORECHAT_DATABASE_URL": f"sqlite:///{tmp_path / 'corechat.db'}",
           "CORECHAT_LOG_FILE": str(tmp_path / "corechat.log")}
    env.pop("CORECHAT_REDIS_URL", None)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "corechat", "serve", "--demo", "--workers", "2", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base_url, process)
        key = (tmp_path / "var" / "demo-api-key").read_text().strip()
        with httpx.Client(base_url=base_url, headers={"x-partner-api-key": key}) as http:
            created = [http.post("/api/partner/v1/core-chat/sessions", json={"actor": {"actorId": f"u{i}"}})
                       for i in range(6)]
            snapshots = [http.get(f"/api/partner/v1/core-chat/sessions/{r.json()['data']['sessionId']}")
                         for r in created]
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert [r.status_code for r in created + snapshots] == [200] * 12
    assert status == 0
