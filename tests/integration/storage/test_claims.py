"""``claim``, ``finish`` and ``release``: the idempotency key and the session lease, as ports.py describes them."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from corechat.storage.ports import EventIdTaken, LeaseLost, Scope

LEASE = 30.0
DAY = 86_400.0


def later(seed, seconds: float) -> dt.datetime:
    return seed.T0 + dt.timedelta(seconds=seconds)


async def claim(store, seed, key=None, *, owner="w1", at=None, session_id="sess_1", scope=None):
    return await store.claim(
        scope or seed.scope,
        session_id,
        key,
        owner=owner,
        now=at or seed.T0,
        lease_seconds=LEASE,
        retention_seconds=DAY,
    )


async def finish(store, seed, seq, key=None, *, owner="w1", event_id=None, body=b'{"data":1}'):
    await store.finish(
        seed.scope,
        seed.event("sess_1", seq, event_id),
        owner=owner,
        new_state=b"state-%d" % seq,
        key=key,
        response_body=body if key is not None else None,
    )


# -- claiming a new key


async def test_a_new_key_is_claimed_with_the_session(store, seed):
    session = await seed.session()
    key = seed.key_claim()

    result = await claim(store, seed, key)

    assert (result.outcome, result.resumed, result.session) == ("claimed", False, session)
    record = await store.get_idempotency("acme", "idem-1")
    assert (record.status, record.request_hash, record.session_id) == ("in_progress", "hash-1", "sess_1")
    assert (record.lease_owner, record.lease_expires_at) == ("w1", later(seed, LEASE))
    assert (record.created_at, record.expires_at) == (seed.T0, later(seed, DAY))


async def test_a_claim_without_a_key_takes_only_the_session(store, seed):
    await seed.session()

    result = await claim(store, seed)

    assert result.outcome == "claimed"
    assert (await claim(store, seed, owner="w2")).outcome == "session_busy"


async def test_a_claim_on_a_missing_session_is_session_gone_and_keeps_no_key(store, seed):
    await seed.partner()

    result = await claim(store, seed, seed.key_claim(), session_id="sess_missing")

    assert result.outcome == "session_gone"
    assert await store.get_idempotency("acme", "idem-1") is None


async def test_a_claim_outside_the_session_scope_is_session_gone(store, seed):
    await seed.session()

    result = await claim(store, seed, scope=Scope("tenant-a", "live"))

    assert result.outcome == "session_gone"


# -- a key already recorded


async def test_a_done_key_answers_its_stored_response(store, seed):
    await seed.session()
    key = seed.key_claim()
    await claim(store, seed, key)
    await finish(store, seed, 1, key, body=b'{"data":{"exact":"bytes"}}')

    result = await claim(store, seed, key, owner="w2", at=later(seed, 1))

    assert result.outcome == "key_done"
    assert result.record.response_body == b'{"data":{"exact":"bytes"}}'
    assert result.record.status == "done"


async def test_a_key_in_progress_with_a_live_lease_is_key_in_progress(store, seed):
    await seed.session()
    key = seed.key_claim()
    await claim(store, seed, key)

    result = await claim(store, seed, key, owner="w2", at=later(seed, LEASE - 1))

    assert (result.outcome, result.record) == ("key_in_progress", None)


async def test_a_key_with_another_request_is_key_reused(store, seed):
    await seed.session()
    await claim(store, seed, seed.key_claim(request_hash="hash-1"))

    result = await claim(store, seed, seed.key_claim(request_hash="hash-2"), owner="w2")

    assert result.outcome == "key_reused"


async def test_a_done_key_with_another_request_is_key_reused(store, seed):
    await seed.session()
    key = seed.key_claim()
    await claim(store, seed, key)
    await finish(store, seed, 1, key)

    result = await claim(store, seed, seed.key_claim(request_hash="hash-2"), owner="w2")

    assert result.outcome == "key_reused"


async def test_an_abandoned_claim_of_the_same_request_is_taken_over(store, seed):
    await seed.session()
    key = seed.key_claim()
    await claim(store, seed, key, owner="crashed")

    result = await claim(store, seed, key, owner="w2", at=later(seed, LEASE))

    assert (result.outcome, result.resumed) == ("claimed", True)
    record = await store.get_idempotency("acme", "idem-1")
    assert (record.lease_owner, record.lease_expires_at) == ("w2", later(seed, 2 * LEASE))
    assert record.created_at == seed.T0


async def test_a_key_past_its_retention_counts_as_new(store, seed):
    await seed.session()
    key = seed.key_claim()
    await claim(store, seed, key)
    await finish(store, seed, 1, key)

    result = await claim(store, seed, seed.key_claim(request_hash="hash-2"), owner="w2", at=later(seed, DAY))

    assert (result.outcome, result.resumed) == ("claimed", False)
    record = await store.get_idempotency("acme", "idem-1")
    assert (record.status, record.request_hash, record.created_at) == ("in_progress", "hash-2", later(seed, DAY))


async def test_keys_are_scoped_per_partner(store, seed):
    acme = await seed.partner("acme")
    await seed.partner("globex")
    await seed.session("sess_1", partner=acme)
    await claim(store, seed, seed.key_claim(partner_id="acme"))

    await seed.session("sess_2", partner=acme)
    result = await claim(store, seed, seed.key_claim(partner_id="globex"), owner="w2", session_id="sess_2")

    assert result.outcome == "claimed"


# -- the session lease


async def test_a_busy_session_rolls_the_new_key_back(store, seed):
    await seed.session()
    await claim(store, seed, owner="w1")

    result = await claim(store, seed, seed.key_claim(), owner="w2", at=later(seed, 1))

    assert result.outcome == "session_busy"
    assert await store.get_idempotency("acme", "idem-1") is None


async def test_a_busy_session_leaves_an_abandoned_claim_to_its_owner(store, seed):
    await seed.session()
    key = seed.key_claim()
    await claim(store, seed, key, owner="crashed")
    await claim(store, seed, owner="other", at=later(seed, LEASE))  # the session lease moved on

    result = await claim(store, seed, key, owner="w2", at=later(seed, LEASE + 1))

    assert result.outcome == "session_busy"
    assert (await store.get_idempotency("acme", "idem-1")).lease_owner == "crashed"


async def test_an_expired_session_lease_is_taken(store, seed):
    await seed.session()
    await claim(store, seed, owner="w1")

    result = await claim(store, seed, owner="w2", at=later(seed, LEASE))

    assert result.outcome == "claimed"


async def test_the_claim_answers_the_session_as_of_the_claim(store, seed):
    await seed.session()
    await claim(store, seed)
    await finish(store, seed, 1)

    result = await claim(store, seed, owner="w2")

    assert (result.session.event_count, result.session.state) == (1, b"state-1")


# -- finish


async def test_finish_appends_the_event_stores_the_state_and_the_response(store, seed):
    await seed.session()
    key = seed.key_claim()
    await claim(store, seed, key)

    await finish(store, seed, 1, key, body=b'{"data":"reply"}')

    session = await store.get_session(seed.scope, "sess_1")
    assert (session.event_count, session.state, session.updated_at) == (1, b"state-1", seed.T0)
    record = await store.get_idempotency("acme", "idem-1")
    assert (record.status, record.response_body, record.lease_owner, record.lease_expires_at) == (
        "done",
        b'{"data":"reply"}',
        None,
        None,
    )
    assert await store.list_events(seed.scope, "sess_1") == [seed.event("sess_1", 1)]


async def test_finish_releases_the_session_lease(store, seed):
    await seed.session()
    await claim(store, seed, owner="w1")
    await finish(store, seed, 1, owner="w1")

    assert (await claim(store, seed, owner="w2")).outcome == "claimed"


async def test_finish_after_the_lease_was_taken_over_raises_lease_lost_and_changes_nothing(store, seed):
    await seed.session()
    key = seed.key_claim()
    await claim(store, seed, key, owner="slow")
    await claim(store, seed, key, owner="w2", at=later(seed, LEASE))

    with pytest.raises(LeaseLost):
        await finish(store, seed, 1, key, owner="slow")

    assert await store.list_events(seed.scope, "sess_1") == []
    assert (await store.get_idempotency("acme", "idem-1")).status == "in_progress"


async def test_finish_without_a_lease_raises_lease_lost(store, seed):
    await seed.session()

    with pytest.raises(LeaseLost):
        await finish(store, seed, 1, owner="nobody")


async def test_finish_with_a_taken_event_id_raises_and_changes_nothing(store, seed):
    await seed.session()
    await claim(store, seed)
    await finish(store, seed, 1, event_id="evt_same")
    key = seed.key_claim()
    await claim(store, seed, key)

    with pytest.raises(EventIdTaken):
        await finish(store, seed, 2, key, event_id="evt_same")

    session = await store.get_session(seed.scope, "sess_1")
    assert (session.event_count, session.state) == (1, b"state-1")
    assert (await store.get_idempotency("acme", "idem-1")).status == "in_progress"
    await finish(store, seed, 2, key, event_id="evt_same_1")
    assert [e.event_id for e in await store.list_events(seed.scope, "sess_1")] == ["evt_same", "evt_same_1"]


async def test_finish_refuses_a_sequence_number_that_is_not_the_next(store, seed):
    await seed.session()
    await claim(store, seed)

    with pytest.raises(ValueError, match="not the session's next"):
        await finish(store, seed, 2)


# -- release


async def test_release_drops_our_key_and_our_lease(store, seed):
    await seed.session()
    key = seed.key_claim()
    await claim(store, seed, key, owner="w1")

    await store.release(seed.scope, "sess_1", owner="w1", key=key)

    assert await store.get_idempotency("acme", "idem-1") is None
    assert (await claim(store, seed, key, owner="w2")).outcome == "claimed"


async def test_release_by_another_owner_changes_nothing(store, seed):
    await seed.session()
    key = seed.key_claim()
    await claim(store, seed, key, owner="w1")

    await store.release(seed.scope, "sess_1", owner="w2", key=key)

    assert (await store.get_idempotency("acme", "idem-1")).lease_owner == "w1"
    assert (await claim(store, seed, owner="w2")).outcome == "session_busy"


async def test_release_keeps_a_done_key(store, seed):
    await seed.session()
    key = seed.key_claim()
    await claim(store, seed, key, owner="w1")
    await finish(store, seed, 1, key, owner="w1")

    await store.release(seed.scope, "sess_1", owner="w1", key=key)

    assert (await store.get_idempotency("acme", "idem-1")).status == "done"


# -- purge


async def test_purge_removes_only_keys_past_their_retention(store, seed):
    await seed.session()
    await claim(store, seed, seed.key_claim("old"))
    await store.release(seed.scope, "sess_1", owner="w1", key=None)
    await claim(store, seed, seed.key_claim("new"), owner="w2", at=later(seed, 3600))

    purged = await store.purge_idempotency(later(seed, DAY + 1))

    assert purged == 1
    assert await store.get_idempotency("acme", "old") is None
    assert await store.get_idempotency("acme", "new") is not None


# -- concurrency


async def test_of_fifty_concurrent_claims_of_one_key_exactly_one_wins(store, seed):
    await seed.session()
    key = seed.key_claim()

    results = await asyncio.gather(*(claim(store, seed, key, owner=f"w{i}") for i in range(50)))

    outcomes = sorted(r.outcome for r in results)
    assert outcomes == ["claimed"] + ["key_in_progress"] * 49


async def test_of_fifty_concurrent_claims_of_one_session_exactly_one_holds_the_lease(store, seed):
    await seed.session()

    results = await asyncio.gather(*(claim(store, seed, owner=f"w{i}") for i in range(50)))

    assert sorted(r.outcome for r in results) == ["claimed"] + ["session_busy"] * 49


async def test_concurrent_events_on_one_session_all_land_in_order_without_gaps(store, seed):
    await seed.session()

    async def one_event(i: int) -> None:
        owner = f"w{i}"
        while True:
            result = await claim(store, seed, owner=owner)
            if result.outcome == "claimed":
                break
            await asyncio.sleep(0)
        seq = result.session.event_count + 1
        await store.finish(
            seed.scope,
            seed.event("sess_1", seq, f"evt_{owner}"),
            owner=owner,
            new_state=b"after-%d" % seq,
            key=None,
            response_body=None,
        )

    await asyncio.gather(*(one_event(i) for i in range(20)))

    events = await store.list_events(seed.scope, "sess_1")
    assert [e.seq for e in events] == list(range(1, 21))
    assert sorted(e.event_id for e in events) == sorted(f"evt_w{i}" for i in range(20))
    session = await store.get_session(seed.scope, "sess_1")
    assert (session.event_count, session.state) == (20, b"after-20")


async def test_two_stores_on_one_database_share_the_claims(store, seed, database_url):
    """Two processes' worth of connections (SQLite: two writers contending on the file lock)."""
    from corechat.storage import open_store

    await seed.session()
    key = seed.key_claim()
    second = await open_store(database_url)
    try:
        results = await asyncio.gather(
            *(claim(store if i % 2 else second, seed, key, owner=f"w{i}") for i in range(50))
        )
    finally:
        await second.close()

    assert sorted(r.outcome for r in results) == ["claimed"] + ["key_in_progress"] * 49


async def test_a_naive_instant_is_refused(store, seed):
    await seed.session()

    with pytest.raises(ValueError, match="timezone-aware"):
        await claim(store, seed, seed.key_claim(), at=dt.datetime(2026, 11, 29, 12, 0))
