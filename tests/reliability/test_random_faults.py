"""Seeded random faults around booking and cancelling (the long version of item 2), on both stores.

Each round quotes a session, then books and cancels it while one fault drawn from the seeded
generator strikes: a failure or a death at a fault point, a supplier that fails or stalls before
or after doing its work. Every request is retried with its key until it has an outcome (a dead
request's lease is let expire). Then: each booking in the ledger is the session's one booking, a
replay answers the same bytes, and no key or session stays locked.
"""

from __future__ import annotations

import os
import random

from corechat.service.identifiers import supplier_key
from corechat.faults import AFTER_CLAIM, AFTER_SUPPLIER, BEFORE_FINISH, InjectedFault
from corechat.suppliers.port import SupplierError

SEED = int(os.environ.get("CORECHAT_RELIABILITY_SEED", "20261129"))
SOAK = os.environ.get("CORECHAT_SOAK", "") not in ("", "0")
ROUNDS = 150 if SOAK else 6
LEASE_SECONDS = 30
FAULTS = [
    "none", "fail-after_claim", "fail-after_supplier", "fail-before_finish", "die-after_claim",
    "die-after_supplier", "die-before_finish", "supplier-fails-before", "supplier-fails-after",
    "supplier-stalls-after",
]


class Died(BaseException):
    pass


class Strike:
    """Raises ``error`` once, at the first point reached after the port method ``after`` ran (if given)."""

    def __init__(self, error: BaseException, supplier, after: str | None) -> None:
        self.error, self.supplier, self.after, self.fired = error, supplier, after, False

    async def __call__(self, point: str) -> None:
        if self.fired or (self.after is not None and not self.supplier.calls.get(self.after, 0)):
            return
        self.fired = True
        raise self.error


async def settle(harness, session_id: str, body: dict, monkeypatch) -> tuple:
    """Send until answered; a request that died holding its claim is retried after its lease."""
    attempts = 0
    while True:
        attempts += 1
        try:
            answer = await harness.post_event(session_id, **body)
        except Died:
            monkeypatch.undo()  # the process is gone: the next attempt is a new process
            harness.clock.advance(seconds=LEASE_SECONDS + 1)
            continue
        if answer.status_code == 500 or (answer.status_code == 409 and answer.json()["code"] == "idempotency_request_in_progress"):
            harness.clock.advance(seconds=LEASE_SECONDS + 1)
            continue
        assert answer.status_code == 200, answer.text
        return answer, attempts


def strike(harness, monkeypatch, fault: str, method: str) -> None:
    app = harness.app
    if fault == "none":
        return
    kind, _, where = fault.partition("-")
    if kind in ("fail", "die"):
        error = InjectedFault(where) if kind == "fail" else Died(where)
        after = None if where == AFTER_CLAIM else method
        app.faults.arm(where, Strike(error, app.supplier, after), times=None)
        if kind == "die":
            async def released_nothing(*args, **kwargs):
                return None

            monkeypatch.setattr(app.store, "release", released_nothing)
        return
    if where == "fails-before":
        app.supplier.fail(method, SupplierError("down"))
    elif where == "fails-after":
        app.supplier.fail(method, SupplierError("answer lost"), after=True)
    else:
        app.supplier.stall(method, 3.0, after=True)


async def test_seeded_random_faults_book_once_and_settle_every_key(make_harness, monkeypatch):
    harness = await make_harness(supplier_timeout_seconds=1.0)
    caller = await harness.issue(rate_limit_per_minute=1_000_000)
    harness.headers = {"x-partner-api-key": caller.api_key}
    rng = random.Random(SEED)
    drawn: dict[str, int] = {}
    outcomes: dict[str, int] = {}
    for round_ in range(ROUNDS):
        session_id, pay = await harness.quoted_session()
        for step, method in (("pay", "book"), ("cancel", "cancel")):
            fault = rng.choice(FAULTS)
            drawn[fault] = drawn.get(fault, 0) + 1
            strike(harness, monkeypatch, fault, method)
            body = pay if step == "pay" else {"kind": "action_cancel_booking", "payload": {"acceptPenalty": True},
                                              "idempotencyKey": f"{session_id}:cancel"}
            answer, _ = await settle(harness, session_id, body, monkeypatch)
            monkeypatch.undo()
            harness.app.faults.disarm()
            harness.app.supplier.clear()
            status = answer.json()["data"]["result"]["status"]
            outcomes[f"{step}:{status}"] = outcomes.get(f"{step}:{status}", 0) + 1
            replay = await harness.post_event(session_id, **body)
            assert replay.content == answer.content
            if step == "pay" and status != "booked":
                break
        snapshot = await harness.snapshot(session_id)
        recorded = [b["bookingId"] for b in snapshot["state"]["bookings"]]
        charged = [b for k, b in harness.ledger() if k == supplier_key(caller.partner_id, pay["idempotencyKey"])]
        assert recorded == charged, f"round {round_}: charges {charged} but the session records {recorded}"
        assert harness.in_progress_keys() == []
        assert harness.leased_sessions() == []
    print(f"[reliability] random faults (seed {SEED}, {ROUNDS} rounds): drawn {drawn}; outcomes {outcomes}")
