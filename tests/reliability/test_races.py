"""Races (issue 7, item 3), on both stores: concurrent identical writes, concurrent turns on one
session, and a burst against a rate-limited key."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

CONCURRENCY = 50
SESSIONS = "/api/partner/v1/core-chat/sessions"
SEARCH = "Seattle Mar 20-23 1 room refundable"


def figure(name: str, value: object) -> None:
    print(f"[reliability] {name}: {value}")


async def test_fifty_identical_writes_per_key_give_one_outcome(harness):
    booking_session, pay = await harness.quoted_session()
    search_session = await harness.create_session()
    search = {"text": SEARCH, "idempotencyKey": "race:search"}

    started = time.perf_counter()
    answers = await asyncio.gather(
        *(harness.post_event(booking_session, **pay) for _ in range(CONCURRENCY)),
        *(harness.post_event(search_session, **search) for _ in range(CONCURRENCY)),
    )
    figure("100 identical writes on 2 keys, seconds", round(time.perf_counter() - started, 3))

    for session_id, body, group in (
        (booking_session, pay, answers[:CONCURRENCY]),
        (search_session, search, answers[CONCURRENCY:]),
    ):
        done = [a for a in group if a.status_code == 200]
        refused = [a for a in group if a.status_code != 200]
        figure(f"{body['idempotencyKey']} answered / in progress", f"{len(done)} / {len(refused)}")
        assert done
        assert {(a.status_code, a.json()["code"]) for a in refused} <= {(409, "idempotency_request_in_progress")}
        assert len({a.content for a in done}) == 1
        settled = await harness.post_event(session_id, **body)
        assert settled.content == done[0].content
        events = (await harness.snapshot(session_id))["events"]
        assert [e["eventId"] for e in events if e["kind"] == events[-1]["kind"]][-1:] == [
            done[0].json()["data"]["event"]["id"]
        ]
    assert done[0].json()["data"]["result"]["status"] == "shortlist"
    booked = answers[0] if answers[0].status_code == 200 else next(a for a in answers[:CONCURRENCY] if a.status_code == 200)
    assert booked.json()["data"]["result"]["status"] == "booked"
    assert len(harness.ledger()) == 1
    snapshot = await harness.snapshot(booking_session)
    assert [e["kind"] for e in snapshot["events"]].count("action_confirm_payment_card") == 1
    assert harness.in_progress_keys() == []


async def test_fifty_different_turns_on_one_session_are_all_applied_in_order(harness):
    session_id = await harness.create_session()
    clients = CONCURRENCY // 2

    async def client(n: int) -> list[str]:
        ids = []
        for turn in ("first", "second"):
            answer = await harness.event(session_id, text=f"client {n:02d} {turn}", idempotencyKey=f"c{n}:{turn}")
            ids.append(answer["event"]["id"])
        return ids

    started = time.perf_counter()
    answered = await asyncio.gather(*(client(n) for n in range(clients)))
    figure("50 turns on one session, seconds", round(time.perf_counter() - started, 3))

    events = (await harness.snapshot(session_id))["events"]
    texts = [e["text"] for e in events]
    assert len(events) == CONCURRENCY
    assert sorted(e["eventId"] for e in events) == sorted(i for ids in answered for i in ids)
    assert sorted(texts) == sorted(f"client {n:02d} {t}" for n in range(clients) for t in ("first", "second"))
    for n, (first, second) in enumerate(answered):
        position = {e["eventId"]: index for index, e in enumerate(events)}
        assert position[first] < position[second], f"client {n}'s turns were applied out of order"


@pytest.mark.parametrize("limiter", ["memory", "redis"])
async def test_two_hundred_concurrent_requests_against_a_120_a_minute_key_admit_exactly_120(make_harness, limiter):
    redis_url = os.environ.get("CORECHAT_TEST_REDIS_URL")
    if limiter == "redis" and not redis_url:
        pytest.skip("CORECHAT_TEST_REDIS_URL is not set")
    harness = await make_harness(redis_url=redis_url if limiter == "redis" else None)
    limited = await harness.issue(rate_limit_per_minute=120)
    headers = {"x-partner-api-key": limited.api_key}

    started = time.perf_counter()
    answers = await asyncio.gather(*(harness.http.get(f"{SESSIONS}/sess_0_none", headers=headers) for _ in range(200)))
    figure(f"200 requests on a 120/minute key ({limiter}), seconds", round(time.perf_counter() - started, 3))

    statuses = [a.status_code for a in answers]
    assert (statuses.count(404), statuses.count(429)) == (120, 80)
    assert {a.json()["code"] for a in answers if a.status_code == 429} == {"rate_limited"}
