"""Builders of store records for the storage tests, as a ``seed`` fixture."""

from __future__ import annotations

import datetime as dt

import pytest

from corechat.storage.ports import (
    ApiKeyRecord,
    EventRecord,
    KeyClaim,
    PartnerRecord,
    Scope,
    SessionRecord,
    Store,
)

T0 = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.timezone.utc)
TEST_SCOPE = Scope("tenant-a", "test")


class Seed:
    """Makes partners, keys and sessions in the store; also builds events and key claims."""

    T0 = T0
    scope = TEST_SCOPE

    def __init__(self, store: Store) -> None:
        self.store = store

    async def partner(
        self, partner_id: str = "acme", tenant_id: str = "tenant-a", mode: str = "test", rate_limit: int = 120
    ) -> PartnerRecord:
        partner = PartnerRecord(
            partner_id=partner_id,
            tenant_id=tenant_id,
            name=partner_id.title(),
            mode=mode,
            rate_limit_per_minute=rate_limit,
            created_at=T0,
        )
        await self.store.create_partner(partner)
        return partner

    async def api_key(
        self, key_id: str, partner: PartnerRecord, key_hash: bytes, created_at: dt.datetime = T0
    ) -> ApiKeyRecord:
        key = ApiKeyRecord(
            key_id=key_id,
            partner_id=partner.partner_id,
            tenant_id=partner.tenant_id,
            mode=partner.mode,
            rate_limit_per_minute=partner.rate_limit_per_minute,
            expires_at=None,
            revoked_at=None,
        )
        await self.store.add_api_key(key, key_hash, created_at)
        return key

    async def session(self, session_id: str = "sess_1", partner: PartnerRecord | None = None) -> SessionRecord:
        if partner is None:
            partner = await self.partner()
        session = SessionRecord(
            session_id=session_id,
            tenant_id=partner.tenant_id,
            mode=partner.mode,
            partner_id=partner.partner_id,
            actor_id="traveller-1",
            timezone_offset_minutes=-480,
            channel_id="partner-chat",
            workspace_id=None,
            conversation_id=f"partner-chat:{session_id}",
            thread_ts=session_id,
            created_at=T0,
            updated_at=T0,
            event_count=0,
            state=b'{"turns":0}',
        )
        await self.store.create_session(session)
        return session

    @staticmethod
    def event(session_id: str, seq: int, event_id: str | None = None, at: dt.datetime = T0) -> EventRecord:
        return EventRecord(
            session_id=session_id,
            seq=seq,
            event_id=event_id or f"evt_{seq}",
            kind="user_message",
            text=f"turn {seq}",
            result_status="ok",
            recorded_at=at,
            input=b'{"kind":"user_message"}',
            outcome=b'{"seq":%d}' % seq,
        )

    @staticmethod
    def key_claim(key: str = "idem-1", request_hash: str = "hash-1", partner_id: str = "acme") -> KeyClaim:
        return KeyClaim(partner_id=partner_id, key=key, request_hash=request_hash)


@pytest.fixture
def seed(store: Store) -> Seed:
    return Seed(store)
