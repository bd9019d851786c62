"""The README's curl walk-through, against `corechat serve` run as a real process on a temporary SQLite file."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

SESSIONS = "/api/partner/v1/core-chat/sessions"
EVENTS = "/api/partner/v1/core-chat/events"
STARTUP_SECONDS = 30


def corechat(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "corechat", *args], env=env, capture_output=True, text=True, timeout=60, check=True
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, base_url: str, api_key: str, partner_id: str) -> None:
        self.base_url = base_url
        self.api_key = api_key
        self.partner_id = partner_id


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir: Path = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        "CORECHAT_DATABASE_URL": f"sqlite:///{workdir / 'corechat.db'}",
        "CORECHAT_LOG_FILE": str(workdir / "corechat.log"),
    }
    env.pop("CORECHAT_REDIS_URL", None)
    corechat("db", "upgrade", env=env)
    issued = json.loads(
        corechat("partners", "create", "--tenant", "demo-tenant", "--name", "e2e", "--json", env=env).stdout
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "corechat", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url, process)
        yield Server(base_url, issued["apiKey"], issued["partnerId"])
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_serving(base_url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"corechat serve exited: {process.stderr.read().decode()}")
        try:
            if httpx.get(f"{base_url}/api/partner/v1/openapi.yaml", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("corechat serve did not start in time")


def post(http: httpx.Client, path: str, body: dict) -> dict:
    response = http.post(path, json=body)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def take(http: httpx.Client, session_id: str, action: dict, key: str) -> dict:
    """Post one of ``artifacts.nextActions`` as it stands, the way the README shows."""
    body = {"sessionId": session_id, "kind": action["kind"], "payload": action["payload"], "idempotencyKey": key}
    return post(http, EVENTS, body)


def test_the_readme_walk_from_a_free_text_search_to_a_cancelled_booking(server: Server):
    with httpx.Client(base_url=server.base_url, headers={"x-partner-api-key": server.api_key}, timeout=10) as http:
        session = post(http, SESSIONS, {"actor": {"actorId": "partner_user_001", "timezoneOffsetMinutes": -480}})
        session_id = session["sessionId"]
        assert session["tenantId"] == "demo-tenant"

        answer = post(http, EVENTS, {
            "sessionId": session_id, "text": "Seattle Mar 20-23 1 room refundable",
            "idempotencyKey": f"{session_id}:search:001",
        })
        assert answer["result"]["status"] == "shortlist"

        # Book the first option; a changed price is accepted and a sold-out one replaced by the
        # first alternative, as nextActions offer (the demo supplier re-prices like a real one).
        for step in range(1, 6):
            if answer["result"]["status"] == "payment_required":
                break
            assert answer["result"]["status"] in ("shortlist", "price_changed", "option_unavailable")
            answer = take(http, session_id, answer["result"]["artifacts"]["nextActions"][0], f"{session_id}:book:{step}")
        assert answer["result"]["status"] == "payment_required"
        artifacts = answer["result"]["artifacts"]
        card = next(c for c in artifacts["paymentCards"] if c["isDefault"])
        pay = next(a for a in artifacts["nextActions"] if a["payload"]["paymentCardId"] == card["paymentCardId"])

        booked = take(http, session_id, pay, f"{session_id}:pay:001")
        assert booked["result"]["status"] == "booked"
        booking = booked["result"]["artifacts"]["booking"]
        assert booking["status"] == "confirmed"
        assert booking["paymentCard"] == {"brand": card["brand"], "last4": card["last4"]}

        retried = http.post(EVENTS, json={
            "sessionId": session_id, "kind": pay["kind"], "payload": pay["payload"],
            "idempotencyKey": f"{session_id}:pay:001",
        })
        assert retried.headers["idempotent-replayed"] == "true"
        assert retried.json()["data"] == booked

        cancel = booked["result"]["artifacts"]["nextActions"][0]
        assert (cancel["kind"], cancel["payload"]) == ("action_cancel_booking", {"bookingId": booking["bookingId"]})
        cancelled = take(http, session_id, cancel, f"{session_id}:cancel:001")
        assert cancelled["result"]["status"] == "cancelled"
        assert cancelled["result"]["artifacts"]["booking"]["status"] == "cancelled"

        snapshot = http.get(f"{SESSIONS}/{session_id}")
        assert snapshot.headers["x-partner-id"] == server.partner_id
        statuses = [e["resultStatus"] for e in snapshot.json()["data"]["events"]]
        assert statuses[0] == "shortlist"
        assert statuses[-3:] == ["payment_required", "booked", "cancelled"]
