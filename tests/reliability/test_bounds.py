"""Bounds (issue 7, item 8), on both stores: the per-session event cap, and a slow or failing supplier
or wallet answered as a conversation result once the supplier timeout passes, never a hang or a 5xx."""

from __future__ import annotations

import asyncio

import pytest

from corechat.suppliers.port import SupplierError

SEARCH = "Seattle Mar 20-23 1 room refundable"
TIMEOUT_SECONDS = 0.5
STALL_SECONDS = 30  # far past the timeout: only the timeout can end the call
HANG_GUARD_SECONDS = 20  # a request still running by then is a hung request


async def answered(request):
    return await asyncio.wait_for(request, HANG_GUARD_SECONDS)


async def test_a_session_refuses_events_past_its_cap_with_a_409(make_harness):
    harness = await make_harness(session_event_limit=3)
    session_id = await harness.create_session()
    for n in range(3):
        await harness.event(session_id, text=f"hello {n}", idempotencyKey=f"turn:{n}")
    calls = {"list_events": 0}
    real_list_events = harness.app.store.list_events

    async def counted(*args, **kwargs):
        calls["list_events"] += 1
        return await real_list_events(*args, **kwargs)

    harness.app.store.list_events = counted

    refused = await harness.post_event(session_id, text="one more", idempotencyKey="turn:3")
    snapshot = await harness.snapshot(session_id)

    assert refused.status_code == 409
    body = refused.json()
    assert (body["code"], body["details"]) == ("session_event_limit", {"limit": 3})
    assert len(snapshot["events"]) == 3
    assert calls["list_events"] == 1
    assert harness.in_progress_keys() == []
    retried = await harness.post_event(session_id, text="one more", idempotencyKey="turn:3")
    assert retried.status_code == 409


@pytest.mark.parametrize("trouble", ["stall", "fail"])
async def test_a_slow_or_failing_search_is_supplier_unavailable(make_harness, trouble):
    harness = await make_harness(supplier_timeout_seconds=TIMEOUT_SECONDS)
    session_id = await harness.create_session()
    if trouble == "stall":
        harness.app.supplier.stall("search", STALL_SECONDS)
    else:
        harness.app.supplier.fail("search", SupplierError("down"))

    answer = await answered(harness.post_event(session_id, text=SEARCH, idempotencyKey="search"))

    assert answer.status_code == 200
    assert answer.json()["data"]["result"]["status"] == "supplier_unavailable"
    again = await answered(harness.post_event(session_id, text=SEARCH, idempotencyKey="search:again"))
    assert again.json()["data"]["result"]["status"] == "shortlist"


@pytest.mark.parametrize("trouble", ["stall", "fail"])
async def test_a_slow_or_failing_booking_is_booking_failed_and_charges_nothing(make_harness, trouble):
    harness = await make_harness(supplier_timeout_seconds=TIMEOUT_SECONDS)
    session_id, pay = await harness.quoted_session()
    if trouble == "stall":
        harness.app.supplier.stall("book", STALL_SECONDS)
    else:
        harness.app.supplier.fail("book", SupplierError("down"))

    answer = await answered(harness.post_event(session_id, **pay))

    assert answer.status_code == 200
    result = answer.json()["data"]["result"]
    assert (result["status"], result["artifacts"]["reason"]) == ("booking_failed", "supplier_error")
    assert harness.ledger() == []
    assert harness.in_progress_keys() == []


@pytest.mark.parametrize("method", ["price_check", "list_cards", "cancel"])
@pytest.mark.parametrize("trouble", ["stall", "fail"])
async def test_every_other_port_call_is_bounded_and_never_a_5xx(make_harness, method, trouble):
    harness = await make_harness(supplier_timeout_seconds=TIMEOUT_SECONDS)
    session_id = await harness.create_session()
    found = await harness.event(session_id, text=SEARCH, idempotencyKey="search")
    option = found["result"]["artifacts"]["shortlist"][0]
    if method == "cancel":
        session_id, pay = await harness.quoted_session()
        booked = await harness.event(session_id, **pay)
        assert booked["result"]["status"] == "booked"
    port = harness.app.wallet if method == "list_cards" else harness.app.supplier
    if trouble == "stall":
        port.stall(method, STALL_SECONDS)
    else:
        port.fail(method, SupplierError("down"))

    if method == "cancel":
        request = harness.post_event(session_id, kind="action_cancel_booking", payload={}, idempotencyKey="cancel")
    else:
        request = harness.post_event(
            session_id, kind="action_book_option", payload={"optionId": option["optionId"]}, idempotencyKey="book"
        )
    answer = await answered(request)

    assert answer.status_code < 500, answer.text
    if answer.status_code == 200:
        print(f"[reliability] {trouble} {method}: {answer.json()['data']['result']['status']}")
    assert harness.in_progress_keys() == []
    assert harness.leased_sessions() == []
