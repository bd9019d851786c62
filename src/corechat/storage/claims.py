"""The decisions of ``Store.claim``, shared by both stores: what an existing key and a session's lease allow."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from corechat.storage.ports import IdempotencyRecord

KeyVerdict = Literal["key_done", "key_in_progress", "key_reused", "take_over", "replace"]
REFUSALS = ("key_done", "key_in_progress", "key_reused")


def judge_existing_key(record: IdempotencyRecord, request_hash: str, now: dt.datetime) -> KeyVerdict:
    """What a claim may do with a key that is already recorded.

    ``replace``: the record outlived its retention (not purged yet) and counts as absent;
    ``take_over``: an in-progress claim of the same request whose lease expired (its owner died).
    """
    if record.expires_at <= now:
        return "replace"
    if record.request_hash != request_hash:
        return "key_reused"
    if record.status == "done":
        return "key_done"
    if record.lease_expires_at is None or record.lease_expires_at <= now:
        return "take_over"
    return "key_in_progress"


def lease_is_free(lease_owner: str | None, lease_expires_at: dt.datetime | None, owner: str, now: dt.datetime) -> bool:
    return (
        lease_owner is None
        or lease_owner == owner
        or lease_expires_at is None
        or lease_expires_at <= now
    )
