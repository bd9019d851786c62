"""The request id: a well-formed incoming ``x-request-id`` is kept, anything else gets a new UUID4."""

from __future__ import annotations

import re
import uuid

_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_from(incoming: str | None) -> str:
    if incoming is not None and _WELL_FORMED.fullmatch(incoming):
        return incoming
    return str(uuid.uuid4())
