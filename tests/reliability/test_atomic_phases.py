"""Atomic phases around the supplier (issue 7, item 2), on both stores.

A fault at each point of a payment confirmation (after the claim, after the supplier booked, before
the finish), a supplier whose answer is lost or late, and a process that dies holding the claim:
the retry with the same key answers the one booking, the ledger holds one charge, no key or
session stays locked past its lease.
"""

from __future__ import annotations

import asyncio

import pytest

from corechat.faults import AFTER_CLAIM, AFTER_SUPPLIER, BEFORE_FINISH, InjectedFault
from corechat.suppliers.port import SupplierError

LEASE_SECONDS = 30


class FailOnceBooked:
    """Fails the first time its point is reached after the supplier's ``book`` ran."""

    def __init__(self, supplier) -> None:
        self.supplier = supplier
        self.fired = False

    async def __call__(self, point: str) -> None:
        if not self.fired and self.supplier.calls.get("book", 0) > 0:
            self.fired = True
            raise InjectedFault(point)


class FailOnce:
    def __init__(self) -> None:
        self.fired = False

    async def __call__(self, point: str) -> None:
        if not self.fired:
            self.fired = True
            raise InjectedFault(point)


async def confirm(harness, session_id: str, body: dict):
    return await harness.post_event(session_id, **body)


async def assert_one_booking_settled(harness, session_id: str, answer) -> None:
    assert answer.status_code == 200, answer.text
    result = answer.json()["data"]["result"]
    assert result["status"] == "booked"
    ledger = harness.ledger()
    assert [booking_id for _, booking_id in ledger] == [result["artifacts"]["booking"]["bookingId"]]
    snapshot = await harness.snapshot(session_id)
    assert [b["bookingId"] for b in snapshot["state"]["bookings"]] == [ledger[0][1]]
    assert [e["kind"] for e in snapshot["events"]].count("action_confirm_payment_card") == 1
    assert harness.in_progress_keys() == []
    assert harness.leased_sessions() == []


@pytest.mark.parametrize("point", [AFTER_CLAIM, AFTER_SUPPLIER, BEFORE_FINISH])
async def test_a_failure_at_each_point_is_retried_into_the_one_booking(harness, point):
    session_id, body = await harness.quoted_session()
    action = FailOnce() if point == AFTER_CLAIM else FailOnceBooked(harness.app.supplier)
    harness.app.faults.arm(point, action, times=None)

    failed = await confirm(harness, session_id, body)
    retried = await confirm(harness, session_id, body)

    assert failed.status_code == 500
    assert failed.json()["code"] == "internal_error"
    assert action.fired
    await assert_one_booking_settled(harness, session_id, retried)


@pytest.mark.parametrize("lost", ["failure", "timeout"])
async def test_a_booking_whose_answer_is_lost_is_answered_not_charged_again(make_harness, lost):
    """The supplier booked, then its answer failed or came too late: the supplier's own record by
    the supplier key is the outcome, so the traveller is never told 'failed' for a charged card."""
    harness = await make_harness(supplier_timeout_seconds=1.0)
    session_id, body = await harness.quoted_session()
    if lost == "failure":
        harness.app.supplier.fail("book", SupplierError("connection reset"), after=True)
    else:
        harness.app.supplier.stall("book", 3.0, after=True)

    answer = await confirm(harness, session_id, body)

    await assert_one_booking_settled(harness, session_id, answer)
    replay = await confirm(harness, session_id, body)
    assert replay.content == answer.content


@pytest.mark.parametrize("lost", ["failure", "timeout"])
async def test_a_cancellation_whose_answer_is_lost_is_answered_cancelled(make_harness, lost):
    """The supplier cancelled, then its answer failed or came too late: asking again under the same
    supplier key answers it, so the session does not keep as active a booking that is cancelled."""
    harness = await make_harness(supplier_timeout_seconds=1.0)
    session_id, body = await harness.quoted_session()
    booked = await confirm(harness, session_id, body)
    booking_id = booked.json()["data"]["result"]["artifacts"]["booking"]["bookingId"]
    if lost == "failure":
        harness.app.supplier.fail("cancel", SupplierError("connection reset"), after=True)
    else:
        harness.app.supplier.stall("cancel", 3.0, after=True)

    answer = await harness.event(
        session_id, kind="action_cancel_booking", payload={"bookingId": booking_id}, idempotencyKey="cancel:lost"
    )

    assert answer["result"]["status"] == "cancelled"
    snapshot = await harness.snapshot(session_id)
    assert [b["status"] for b in snapshot["state"]["bookings"]] == ["cancelled"]


async def test_a_failing_supplier_fails_the_booking_and_charges_nothing(harness):
    session_id, body = await harness.quoted_session()
    harness.app.supplier.fail("book", SupplierError("down"), times=None)

    answer = await confirm(harness, session_id, body)

    assert answer.status_code == 200
    result = answer.json()["data"]["result"]
    assert (result["status"], result["artifacts"]["reason"]) == ("booking_failed", "supplier_error")
    assert harness.ledger() == []
    assert harness.in_progress_keys() == []


class Died(BaseException):
    """Stands for the process dying: nothing after it runs, nothing is released."""


@pytest.mark.parametrize("point", [AFTER_CLAIM, AFTER_SUPPLIER, BEFORE_FINISH])
async def test_a_process_that_dies_holding_the_claim_is_resumed_after_its_lease(harness, monkeypatch, point):
    session_id, body = await harness.quoted_session()
    store = harness.app.store
    real_release = store.release

    async def died(*args, **kwargs):  # a dead process releases nothing
        return None

    class DieOnce(FailOnceBooked):
        async def __call__(self, point: str) -> None:
            if not self.fired and (point == AFTER_CLAIM or self.supplier.calls.get("book", 0) > 0):
                self.fired = True
                raise Died(point)

    harness.app.faults.arm(point, DieOnce(harness.app.supplier), times=None)
    monkeypatch.setattr(store, "release", died)
    with pytest.raises(Died):
        await confirm(harness, session_id, body)
    monkeypatch.setattr(store, "release", real_release)
    charged = len(harness.ledger())

    while_leased = await confirm(harness, session_id, body)
    harness.clock.advance(seconds=LEASE_SECONDS + 1)
    report = await harness.app.reconciler.survey()
    retried = await confirm(harness, session_id, body)

    assert while_leased.status_code == 409
    assert while_leased.json()["code"] == "idempotency_request_in_progress"
    assert [(r.key, r.verdict) for r in report] == [(body["idempotencyKey"], "booked" if charged else "not_booked")]
    await assert_one_booking_settled(harness, session_id, retried)


async def test_the_reconciler_releases_a_dead_claim_that_charged_nothing(harness, monkeypatch):
    session_id, body = await harness.quoted_session()

    async def died(*args, **kwargs):
        return None

    async def die(point: str) -> None:
        raise Died(point)

    harness.app.faults.arm(AFTER_CLAIM, die)
    monkeypatch.setattr(harness.app.store, "release", died)
    with pytest.raises(Died):
        await confirm(harness, session_id, body)
    monkeypatch.undo()

    early = await harness.app.reconciler.settle()
    harness.clock.advance(seconds=LEASE_SECONDS + 1)
    settled = await harness.app.reconciler.settle()

    assert early == []
    assert [(r.key, r.verdict, r.settled) for r in settled] == [(body["idempotencyKey"], "not_booked", True)]
    assert harness.in_progress_keys() == []
    assert harness.leased_sessions() == []
    assert await harness.app.reconciler.survey() == []
    await assert_one_booking_settled(harness, session_id, await confirm(harness, session_id, body))


async def test_the_reconciler_keeps_a_dead_claim_that_booked_for_its_retry(harness, monkeypatch):
    session_id, body = await harness.quoted_session()

    async def died(*args, **kwargs):
        return None

    harness.app.faults.arm(AFTER_SUPPLIER, FailOnceBooked(harness.app.supplier), times=None)
    monkeypatch.setattr(harness.app.store, "release", died)
    assert (await confirm(harness, session_id, body)).status_code == 500
    monkeypatch.undo()
    harness.clock.advance(seconds=LEASE_SECONDS + 1)

    settled = await harness.app.reconciler.settle()
    retried = await confirm(harness, session_id, body)

    (booking_id,) = [b for _, b in harness.ledger()]
    assert [(r.verdict, r.booking_id, r.settled) for r in settled] == [("booked", booking_id, False)]
    await assert_one_booking_settled(harness, session_id, retried)


async def test_the_server_reconciles_on_its_own_at_start_and_then_periodically(make_harness, monkeypatch):
    harness = await make_harness(reconcile_interval_seconds=0.05)
    session_id, body = await harness.quoted_session()

    async def died(*args, **kwargs):
        return None

    async def die(point: str) -> None:
        raise Died(point)

    harness.app.faults.arm(AFTER_CLAIM, die)
    monkeypatch.setattr(harness.app.store, "release", died)
    with pytest.raises(Died):
        await confirm(harness, session_id, body)
    monkeypatch.undo()
    assert harness.in_progress_keys() != []
    harness.clock.advance(seconds=LEASE_SECONDS + 1)

    for _ in range(400):  # the background loop, not this test, releases the dead claim
        if harness.in_progress_keys() == []:
            break
        await asyncio.sleep(0.025)

    assert harness.in_progress_keys() == []
    assert harness.leased_sessions() == []
