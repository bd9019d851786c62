"""The identifiers the service mints: session ids, event ids, lease owners and supplier keys.

CONVERSATION.md §0: ``sess_<epoch ms>_<8 of [a-z0-9]>``, ``evt_<epoch ms>`` (``_<n>`` when taken),
``<tenantId>:partner_api:<channelId>:<sessionId>:<eventId>``. The supplier key is derived from the
partner's idempotency key, so a retry of the same request reaches the supplier with the same key.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from corechat.clock import IdSource

BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def epoch_ms(at: dt.datetime) -> int:
    return int(at.timestamp() * 1000)


def new_session_id(now: dt.datetime, ids: IdSource) -> str:
    return f"sess_{epoch_ms(now)}_{ids.token(BASE36, 8)}"


def event_id(now: dt.datetime, suffix: int = 0) -> str:
    base = f"evt_{epoch_ms(now)}"
    return f"{base}_{suffix}" if suffix else base


def trace_id(tenant_id: str, channel_id: str, session_id: str, event_id_: str) -> str:
    return f"{tenant_id}:partner_api:{channel_id}:{session_id}:{event_id_}"


def lease_owner(ids: IdSource) -> str:
    """Unique per request: the store tells our lease from a takeover by it."""
    return f"req_{ids.token(BASE36, 20)}"


def supplier_key(partner_id: str, idempotency_key: str | None) -> str | None:
    if idempotency_key is None:
        return None
    digest = hashlib.sha256(f"{partner_id}\0{idempotency_key}".encode()).hexdigest()
    return digest[:32]



