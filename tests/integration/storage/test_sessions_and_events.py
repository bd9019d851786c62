"""Sessions are read only through their scope (tenant and mode); events come back in sequence order."""

from __future__ import annotations

import pytest

from corechat.storage.ports import AlreadyExists, Scope


async def test_a_created_session_reads_back_unchanged(store, seed):
    session = await seed.session("sess_1")

    assert await store.get_session(seed.scope, "sess_1") == session


async def test_a_session_of_another_tenant_does_not_exist(store, seed):
    await seed.session("sess_1")
    other = await seed.partner("globex", tenant_id="tenant-b")
    await seed.session("sess_2", partner=other)

    assert await store.get_session(Scope("tenant-b", "test"), "sess_1") is None
    assert await store.list_events(Scope("tenant-b", "test"), "sess_1") == []
    assert (await store.get_session(Scope("tenant-b", "test"), "sess_2")).partner_id == "globex"


async def test_a_test_mode_session_is_invisible_to_live_keys(store, seed):
    await seed.session("sess_1")

    assert await store.get_session(Scope("tenant-a", "live"), "sess_1") is None


async def test_an_unknown_session_is_none(store, seed):
    assert await store.get_session(seed.scope, "sess_missing") is None


async def test_a_session_id_is_created_once(store, seed):
    session = await seed.session("sess_1")

    with pytest.raises(AlreadyExists):
        await store.create_session(session)


async def test_events_list_in_sequence_order_with_their_bytes(store, seed):
    await seed.session("sess_1")
    for seq in (1, 2, 3):
        claim = await store.claim(
            seed.scope, "sess_1", None, owner="w", now=seed.T0, lease_seconds=30, retention_seconds=86400
        )
        assert claim.outcome == "claimed"
        await store.finish(
            seed.scope, seed.event("sess_1", seq), owner="w", new_state=b"s%d" % seq, key=None, response_body=None
        )

    events = await store.list_events(seed.scope, "sess_1")

    assert events == [seed.event("sess_1", seq) for seq in (1, 2, 3)]
    session = await store.get_session(seed.scope, "sess_1")
    assert (session.event_count, session.state) == (3, b"s3")
