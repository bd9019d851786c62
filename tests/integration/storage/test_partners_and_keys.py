"""Partners and key hashes in the store, and the administration use cases over them."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from corechat import apikeys, partners
from corechat.storage.ports import AlreadyExists, ApiKeyRecord

HOUR = dt.timedelta(hours=1)


async def test_a_partner_is_created_with_its_tenant_and_read_back(store, seed):
    partner = await seed.partner("acme", tenant_id="tenant-a")

    assert await store.get_partner("acme") == partner
    assert await store.list_partners() == [partner]


async def test_two_partners_may_share_a_tenant(store, seed):
    await seed.partner("acme", tenant_id="tenant-a")
    await seed.partner("globex", tenant_id="tenant-a")

    assert [p.partner_id for p in await store.list_partners()] == ["acme", "globex"]


async def test_a_partner_id_is_created_once(store, seed):
    partner = await seed.partner("acme")

    with pytest.raises(AlreadyExists):
        await store.create_partner(partner)


async def test_an_unknown_partner_is_none(store):
    assert await store.get_partner("nobody") is None


async def test_a_key_is_found_by_its_hash_with_its_partner_and_limit(store, seed):
    partner = await seed.partner("acme", tenant_id="tenant-a", mode="live", rate_limit=300)
    key = await seed.api_key("key_1", partner, b"h" * 32)

    found = await store.find_api_key(b"h" * 32)

    assert found == key
    assert (found.tenant_id, found.mode, found.rate_limit_per_minute) == ("tenant-a", "live", 300)
    assert await store.find_api_key(b"x" * 32) is None


async def test_a_key_hash_is_stored_once(store, seed):
    partner = await seed.partner()
    await seed.api_key("key_1", partner, b"h" * 32)

    with pytest.raises(AlreadyExists):
        await seed.api_key("key_2", partner, b"h" * 32)


async def test_keys_list_in_creation_order(store, seed):
    partner = await seed.partner()
    await seed.api_key("key_b", partner, b"b" * 32, created_at=seed.T0)
    await seed.api_key("key_a", partner, b"a" * 32, created_at=seed.T0 + HOUR)

    assert [k.key_id for k in await store.list_api_keys("acme")] == ["key_b", "key_a"]


async def test_expiring_keys_spares_the_new_one_and_revoked_ones(store, seed):
    partner = await seed.partner()
    await seed.api_key("key_old", partner, b"o" * 32)
    await seed.api_key("key_gone", partner, b"g" * 32)
    await store.revoke_api_key("key_gone", seed.T0)
    await seed.api_key("key_new", partner, b"n" * 32)

    await store.expire_api_keys("acme", seed.T0 + HOUR, except_key_id="key_new")

    keys = {k.key_id: (k.expires_at, k.revoked_at) for k in await store.list_api_keys("acme")}
    assert keys == {
        "key_old": (seed.T0 + HOUR, None),
        "key_gone": (None, seed.T0),
        "key_new": (None, None),
    }


async def test_expiring_never_extends_an_earlier_expiry(store, seed):
    partner = await seed.partner()
    await seed.api_key("key_old", partner, b"o" * 32)
    await store.expire_api_keys("acme", seed.T0 + HOUR, except_key_id="none")

    await store.expire_api_keys("acme", seed.T0 + 5 * HOUR, except_key_id="none")

    assert (await store.find_api_key(b"o" * 32)).expires_at == seed.T0 + HOUR


async def test_revoking_keeps_the_first_revocation_time(store, seed):
    partner = await seed.partner()
    await seed.api_key("key_1", partner, b"h" * 32)

    assert await store.revoke_api_key("key_1", seed.T0) is True
    assert await store.revoke_api_key("key_1", seed.T0 + HOUR) is True
    assert (await store.find_api_key(b"h" * 32)).revoked_at == seed.T0
    assert await store.revoke_api_key("key_unknown", seed.T0) is False


# -- the use cases


async def test_create_partner_issues_a_working_key_stored_as_its_hash(store, seed):
    issued = await partners.create_partner(
        store, tenant_id="tenant-a", name="Acme Travel", mode="live", rate_limit_per_minute=60, now=seed.T0
    )

    assert (issued.partner_id, issued.tenant_id, issued.mode, issued.rate_limit_per_minute) == (
        "acme-travel",
        "tenant-a",
        "live",
        60,
    )
    assert apikeys.parse(issued.api_key) == "live"
    found = await store.find_api_key(apikeys.hash_key(issued.api_key))
    assert found == ApiKeyRecord(
        key_id=issued.key_id,
        partner_id="acme-travel",
        tenant_id="tenant-a",
        mode="live",
        rate_limit_per_minute=60,
        expires_at=None,
        revoked_at=None,
    )


async def test_rotation_keeps_old_keys_for_the_grace_period(store, seed):
    first = await partners.create_partner(store, tenant_id="tenant-a", name="acme", now=seed.T0)

    second = await partners.rotate_key(store, "acme", now=seed.T0 + HOUR, grace=dt.timedelta(hours=24))

    old = await store.find_api_key(apikeys.hash_key(first.api_key))
    new = await store.find_api_key(apikeys.hash_key(second.api_key))
    assert old.expires_at == seed.T0 + 25 * HOUR
    assert (new.partner_id, new.expires_at, new.revoked_at) == ("acme", None, None)


async def test_rotating_an_unknown_partner_fails(store, seed):
    with pytest.raises(partners.UnknownPartner):
        await partners.rotate_key(store, "nobody", now=seed.T0)


async def test_listing_shows_each_partner_with_its_keys(store, seed):
    issued = await partners.create_partner(store, tenant_id="tenant-a", name="acme", now=seed.T0)

    listed = await partners.list_partners(store)

    assert [(item.partner.partner_id, [k.key_id for k in item.keys]) for item in listed] == [
        ("acme", [issued.key_id])
    ]


async def test_the_demo_partner_is_made_once_and_its_key_written_owner_only(store, seed, tmp_path):
    key_file = tmp_path / "var" / "demo-api-key"

    key = await partners.ensure_demo_partner(store, key_file, now=seed.T0)

    assert key_file.read_text() == key + "\n"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    demo = await store.get_partner("demo")
    assert (demo.tenant_id, demo.mode) == ("demo-tenant", "test")
    assert (await store.find_api_key(apikeys.hash_key(key))).partner_id == "demo"


async def test_the_demo_key_is_reused_while_it_still_works(store, seed, tmp_path):
    key_file = tmp_path / "demo-api-key"
    first = await partners.ensure_demo_partner(store, key_file, now=seed.T0)

    again = await partners.ensure_demo_partner(store, key_file, now=seed.T0 + HOUR)

    assert again == first
    assert len(await store.list_api_keys("demo")) == 1


async def test_a_revoked_demo_key_is_replaced(store, seed, tmp_path):
    key_file = tmp_path / "demo-api-key"
    first = await partners.ensure_demo_partner(store, key_file, now=seed.T0)
    await store.revoke_api_key((await store.find_api_key(apikeys.hash_key(first))).key_id, seed.T0)

    second = await partners.ensure_demo_partner(store, key_file, now=seed.T0 + HOUR)

    assert second != first
    assert key_file.read_text() == second + "\n"
    assert (await store.find_api_key(apikeys.hash_key(second))).revoked_at is None


async def test_a_demo_key_file_from_another_database_is_replaced(store, seed, tmp_path):
    key_file = tmp_path / "demo-api-key"
    key_file.write_text(apikeys.generate("test") + "\n")
    await partners.ensure_demo_partner(store, tmp_path / "first-key", now=seed.T0)

    key = await partners.ensure_demo_partner(store, key_file, now=seed.T0)

    assert (await store.find_api_key(apikeys.hash_key(key))).partner_id == "demo"
    assert key_file.read_text() == key + "\n"
