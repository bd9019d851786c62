"""``corechat claims in-doubt``: the operator's view of claims whose process died, on both stores."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest

from corechat.cli import main
from corechat.clock import UTC, FixedClock
from corechat.faults import AFTER_CLAIM, AFTER_SUPPLIER


@pytest.fixture
def clock() -> FixedClock:
    # Well before the wall clock the command reads, so the dead claims' leases have expired for it.
    return FixedClock(dt.datetime(2026, 1, 5, 12, 0, 0, tzinfo=UTC))


class Died(BaseException):
    pass


async def die_holding_the_claim(harness, monkeypatch, point: str) -> tuple[str, dict]:
    session_id, body = await harness.quoted_session()
    supplier = harness.app.supplier

    async def die(at: str) -> None:
        if at == AFTER_CLAIM or supplier.calls.get("book", 0) > 0:
            raise Died(at)

    async def released_nothing(*args, **kwargs) -> None:
        return None

    harness.app.faults.arm(point, die, times=None)
    monkeypatch.setattr(harness.app.store, "release", released_nothing)
    with pytest.raises(Died):
        await harness.post_event(session_id, **body)
    monkeypatch.undo()
    harness.app.faults.disarm()
    return session_id, body


async def command(capsys, *argv: str) -> tuple[int, str]:
    code = await asyncio.to_thread(main, list(argv))
    return code, capsys.readouterr().out


async def test_in_doubt_lists_dead_claims_with_the_suppliers_word(harness, monkeypatch, capsys):
    booked_session, booked = await die_holding_the_claim(harness, monkeypatch, AFTER_SUPPLIER)
    unbooked_session, unbooked = await die_holding_the_claim(harness, monkeypatch, AFTER_CLAIM)
    (booking_id,) = [b for _, b in harness.ledger()]

    code, out = await command(capsys, "claims", "in-doubt", "--json", "--database-url", harness.database_url)

    assert code == 0
    listed = {item["key"]: item for item in json.loads(out)}
    assert {k: (v["verdict"], v["bookingId"], v["settled"]) for k, v in listed.items()} == {
        booked["idempotencyKey"]: ("booked", booking_id, False),
        unbooked["idempotencyKey"]: ("not_booked", None, False),
    }
    assert listed[booked["idempotencyKey"]]["sessionId"] == booked_session


async def test_in_doubt_settle_releases_only_what_charged_nothing(harness, monkeypatch, capsys):
    _, booked = await die_holding_the_claim(harness, monkeypatch, AFTER_SUPPLIER)
    unbooked_session, unbooked = await die_holding_the_claim(harness, monkeypatch, AFTER_CLAIM)

    code, out = await command(capsys, "claims", "in-doubt", "--settle", "--database-url", harness.database_url)
    code_after, out_after = await command(capsys, "claims", "in-doubt", "--json", "--database-url", harness.database_url)

    assert code == code_after == 0
    assert "supplier: not_booked (released)" in out
    assert [item["key"] for item in json.loads(out_after)] == [booked["idempotencyKey"]]
    retried = await harness.post_event(unbooked_session, **unbooked)
    assert retried.json()["data"]["result"]["status"] == "booked"
