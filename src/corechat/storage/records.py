"""Rows to records, for both stores: ``instant`` turns a stored instant into an aware datetime."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Sequence

from corechat.storage.ports import ApiKeyRecord, EventRecord, IdempotencyRecord, PartnerRecord, SessionRecord

Instant = Callable[[Any], dt.datetime]

# The column lists the mappers below read, in order (``k``, ``p`` and ``e`` alias api_keys, partners, events).
API_KEY_COLUMNS = (
    "k.id, k.partner_id, p.tenant_id, k.mode, p.rate_limit_per_minute, k.expires_at, k.revoked_at"
)
PARTNER_COLUMNS = "id, tenant_id, name, mode, rate_limit_per_minute, created_at"
SESSION_COLUMNS = (
    "id, tenant_id, mode, partner_id, actor_id, timezone_offset_minutes, channel_id, workspace_id,"
    " conversation_id, thread_ts, created_at, updated_at, event_count, state"
)
EVENT_COLUMNS = "e.session_id, e.seq, e.event_id, e.kind, e.text, e.result_status, e.recorded_at, e.input, e.outcome"
IDEMPOTENCY_COLUMNS = (
    "partner_id, key, request_hash, session_id, status, lease_owner, lease_expires_at,"
    " response_body, created_at, expires_at"
)


def _optional(instant: Instant, value: Any) -> dt.datetime | None:
    return None if value is None else instant(value)


def api_key(row: Sequence[Any], instant: Instant) -> ApiKeyRecord:
    return ApiKeyRecord(
        key_id=row[0],
        partner_id=row[1],
        tenant_id=row[2],
        mode=row[3],
        rate_limit_per_minute=row[4],
        expires_at=_optional(instant, row[5]),
        revoked_at=_optional(instant, row[6]),
    )


def partner(row: Sequence[Any], instant: Instant) -> PartnerRecord:
    return PartnerRecord(
        partner_id=row[0],
        tenant_id=row[1],
        name=row[2],
        mode=row[3],
        rate_limit_per_minute=row[4],
        created_at=instant(row[5]),
    )


def session(row: Sequence[Any], instant: Instant) -> SessionRecord:
    return SessionRecord(
        session_id=row[0],
        tenant_id=row[1],
        mode=row[2],
        partner_id=row[3],
        actor_id=row[4],
        timezone_offset_minutes=row[5],
        channel_id=row[6],
        workspace_id=row[7],
        conversation_id=row[8],
        thread_ts=row[9],
        created_at=instant(row[10]),
        updated_at=instant(row[11]),
        event_count=row[12],
        state=row[13],
    )


def event(row: Sequence[Any], instant: Instant) -> EventRecord:
    return EventRecord(
        session_id=row[0],
        seq=row[1],
        event_id=row[2],
        kind=row[3],
        text=row[4],
        result_status=row[5],
        recorded_at=instant(row[6]),
        input=row[7],
        outcome=row[8],
    )


def idempotency(row: Sequence[Any], instant: Instant) -> IdempotencyRecord:
    return IdempotencyRecord(
        partner_id=row[0],
        key=row[1],
        request_hash=row[2],
        session_id=row[3],
        status=row[4],
        lease_owner=row[5],
        lease_expires_at=_optional(instant, row[6]),
        response_body=row[7],
        created_at=instant(row[8]),
        expires_at=instant(row[9]),
    )
