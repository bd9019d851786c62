"""Partner administration over the store: create, list, rotate and revoke keys; the demo partner.

A raw key exists only in what these functions return (to be shown once) and in the demo key file;
the store keeps its SHA-256 hash.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from pathlib import Path

import msgspec

from corechat import apikeys
from corechat.clock import SystemClock
from corechat.model import Mode
from corechat.storage.ports import AlreadyExists, ApiKeyRecord, PartnerRecord, Store

DEFAULT_RATE_LIMIT_PER_MINUTE = 120
DEFAULT_GRACE = dt.timedelta(hours=24)
DEMO_TENANT_ID = "demo-tenant"
DEMO_PARTNER_ID = "demo"
_KEY_ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


class IssuedKey(msgspec.Struct, frozen=True, kw_only=True):
    """A key just made: ``api_key`` is its only copy."""

    partner_id: str
    tenant_id: str
    key_id: str
    api_key: str
    mode: Mode
    rate_limit_per_minute: int


class PartnerWithKeys(msgspec.Struct, frozen=True, kw_only=True):
    partner: PartnerRecord
    keys: list[ApiKeyRecord]


class UnknownPartner(LookupError):
    pass


def partner_id_from_name(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        raise ValueError(f"cannot make a partner id from the name {name!r}: pass one explicitly")
    return slug


async def create_partner(
    store: Store,
    *,
    tenant_id: str,
    name: str,
    mode: Mode = "test",
    rate_limit_per_minute: int = DEFAULT_RATE_LIMIT_PER_MINUTE,
    now: dt.datetime,
    partner_id: str | None = None,
) -> IssuedKey:
    """Create the partner (and its tenant when new) with a first key. Raises ``AlreadyExists``."""
    if mode not in ("test", "live"):
        raise ValueError(f"mode must be test or live, not {mode!r}")
    if rate_limit_per_minute < 1:
        raise ValueError("the rate limit must be at least 1 request per minute")
    partner = PartnerRecord(
        partner_id=partner_id or partner_id_from_name(name),
        tenant_id=tenant_id,
        name=name,
        mode=mode,
        rate_limit_per_minute=rate_limit_per_minute,
        created_at=now,
    )
    await store.create_partner(partner)
    return await _issue_key(store, partner, now)


async def list_partners(store: Store) -> list[PartnerWithKeys]:
    return [
        PartnerWithKeys(partner=partner, keys=await store.list_api_keys(partner.partner_id))
        for partner in await store.list_partners()
    ]


async def rotate_key(
    store: Store, partner_id: str, *, now: dt.datetime, grace: dt.timedelta = DEFAULT_GRACE
) -> IssuedKey:
    """A new key for the partner; its other live keys keep working until ``now + grace``."""
    if grace < dt.timedelta(0):
        raise ValueError("the grace period cannot be negative")
    partner = await store.get_partner(partner_id)
    if partner is None:
        raise UnknownPartner(partner_id)
    issued = await _issue_key(store, partner, now)
    await store.expire_api_keys(partner_id, now + grace, except_key_id=issued.key_id)
    return issued


async def revoke_key(store: Store, key_id: str, *, now: dt.datetime) -> bool:
    """Stop the key at once. False when no key has that id."""
    return await store.revoke_api_key(key_id, now)


async def ensure_demo_partner(store: Store, key_file: Path, *, now: dt.datetime | None = None) -> str:
    """The demo partner's key for ``make run``: the one in ``key_file`` while it still works, else a new one.

    Makes sure tenant ``demo-tenant`` with the test-mode partner ``demo`` exists; a new key is
    written to ``key_file`` with mode 0600.
    """
    now = now or SystemClock().now()
    partner = await store.get_partner(DEMO_PARTNER_ID)
    if partner is None:
        try:
            issued = await create_partner(
                store, tenant_id=DEMO_TENANT_ID, name="Demo", mode="test", now=now, partner_id=DEMO_PARTNER_ID
            )
        except AlreadyExists:  # another process made it first
            partner = await store.get_partner(DEMO_PARTNER_ID)
        else:
            _write_secret(key_file, issued.api_key)
            return issued.api_key
    saved = _read_key(key_file)
    if saved is not None and await _is_live_key_of(store, saved, DEMO_PARTNER_ID, now):
        return saved
    issued = await _issue_key(store, partner, now)
    _write_secret(key_file, issued.api_key)
    return issued.api_key


async def _issue_key(store: Store, partner: PartnerRecord, now: dt.datetime) -> IssuedKey:
    raw = apikeys.generate(partner.mode)
    key_id = "key_" + "".join(secrets.choice(_KEY_ID_ALPHABET) for _ in range(16))
    record = ApiKeyRecord(
        key_id=key_id,
        partner_id=partner.partner_id,
        tenant_id=partner.tenant_id,
        mode=partner.mode,
        rate_limit_per_minute=partner.rate_limit_per_minute,
        expires_at=None,
        revoked_at=None,
    )
    await store.add_api_key(record, apikeys.hash_key(raw), now)
    return IssuedKey(
        partner_id=partner.partner_id,
        tenant_id=partner.tenant_id,
        key_id=key_id,
        api_key=raw,
        mode=partner.mode,
        rate_limit_per_minute=partner.rate_limit_per_minute,
    )


async def _is_live_key_of(store: Store, raw: str, partner_id: str, now: dt.datetime) -> bool:
    if apikeys.parse(raw) is None:
        return False
    record = await store.find_api_key(apikeys.hash_key(raw))
    return (
        record is not None
        and record.partner_id == partner_id
        and record.revoked_at is None
        and (record.expires_at is None or record.expires_at > now)
    )


def _read_key(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip() or None
    except (FileNotFoundError, UnicodeDecodeError):
        return None


def _write_secret(path: Path, secret: str) -> None:
    """Write ``secret`` readable by the owner only, replacing the file in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secret + "\n")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
