"""``corechat db copy``: a deployment moves between SQLite and PostgreSQL with every row intact."""

from __future__ import annotations

import datetime as dt

import pytest

from corechat import partners
from corechat.cli import main
from corechat.storage import open_store
from corechat.storage.copy import CopyRefused, copy_database
from corechat.storage.migrate import upgrade
from corechat.storage.ports import EventRecord, KeyClaim, Scope, SessionRecord
from tests.contracts.booking_ledger_contract import make_booking

T0 = dt.datetime(2026, 11, 29, 12, 0, 0, 123456, tzinfo=dt.timezone.utc)
SCOPE = Scope("tenant-a", "test")


async def fill(url: str) -> str:
    """One of everything, through the store; answers the partner's API key."""
    store = await open_store(url)
    try:
        issued = await partners.create_partner(store, tenant_id="tenant-a", name="acme", now=T0)
        await partners.rotate_key(store, "acme", now=T0, grace=dt.timedelta(hours=1))
        await store.create_session(
            SessionRecord(
                session_id="sess_1", tenant_id="tenant-a", mode="test", partner_id="acme", actor_id="a",
                timezone_offset_minutes=60, channel_id="partner-chat", workspace_id="ws", conversation_id="c",
                thread_ts="t", created_at=T0, updated_at=T0, event_count=0, state=b"{}",
            )
        )
        key = KeyClaim(partner_id="acme", key="k1", request_hash="h1")
        await store.claim(SCOPE, "sess_1", key, owner="w", now=T0, lease_seconds=30, retention_seconds=86400)
        await store.finish(
            SCOPE,
            EventRecord(
                session_id="sess_1", seq=1, event_id="evt_1", kind="user_message", text="hi",
                result_status="ok", recorded_at=T0, input=b'{"in":1}', outcome=b'{"out":1}',
            ),
            owner="w", new_state=b'{"s":1}', key=key, response_body=b'{"data":"exact"}',
        )
        await store.booking_ledger().insert_if_absent("supplier-key", make_booking())
        return issued.api_key
    finally:
        await store.close()


async def snapshot(url: str) -> tuple:
    store = await open_store(url)
    try:
        return (
            await store.list_partners(),
            await store.list_api_keys("acme"),
            await store.get_session(SCOPE, "sess_1"),
            await store.list_events(SCOPE, "sess_1"),
            await store.get_idempotency("acme", "k1"),
            await store.booking_ledger().get_by_key("supplier-key"),
        )
    finally:
        await store.close()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'source.db'}"
    upgrade(url)
    return url


async def test_sqlite_copies_to_postgresql_and_back_unchanged(sqlite_url, fresh_postgres_database, tmp_path):
    await fill(sqlite_url)
    postgres_url = fresh_postgres_database()
    upgrade(postgres_url)
    back_url = f"sqlite:///{tmp_path / 'back.db'}"
    upgrade(back_url)

    copied = await copy_database(sqlite_url, postgres_url)
    await copy_database(postgres_url, back_url)

    assert copied == {
        "tenants": 1, "partners": 1, "api_keys": 2, "sessions": 1, "events": 1, "idempotency": 1, "demo_bookings": 1,
    }
    original = await snapshot(sqlite_url)
    assert await snapshot(postgres_url) == original
    assert await snapshot(back_url) == original


async def test_a_copy_refuses_a_target_with_rows(sqlite_url, tmp_path):
    await fill(sqlite_url)
    target = f"sqlite:///{tmp_path / 'target.db'}"
    upgrade(target)
    await fill(target)

    with pytest.raises(CopyRefused, match="not empty"):
        await copy_database(sqlite_url, target)


async def test_a_copy_refuses_an_unmigrated_side(sqlite_url, tmp_path):
    target = tmp_path / "blank.db"
    target.touch()

    with pytest.raises(CopyRefused, match="target schema is at None"):
        await copy_database(sqlite_url, f"sqlite:///{target}")


def test_the_copy_command_migrates_the_target_and_reports_counts(sqlite_url, tmp_path, capsys):
    import asyncio

    api_key = asyncio.run(fill(sqlite_url))
    target = f"sqlite:///{tmp_path / 'new' / 'target.db'}"

    code = main(["db", "copy", "--from", sqlite_url, "--to", target])

    out = capsys.readouterr().out
    assert code == 0
    assert out == (
        "Copied 1 tenants, 1 partners, 2 api_keys, 1 sessions, 1 events, 1 idempotency, 1 demo_bookings.\n"
    )

    async def key_works() -> bool:
        from corechat import apikeys

        store = await open_store(target)
        try:
            return await store.find_api_key(apikeys.hash_key(api_key)) is not None
        finally:
            await store.close()

    assert asyncio.run(key_works())
