"""Reading a request body: JSON content types only, capped while reading, chunked bodies too."""

from __future__ import annotations

from starlette.types import Receive

from corechat.errors import PayloadTooLarge, UnsupportedMediaType


def check_content_type(value: str | None) -> None:
    """A missing Content-Type is read as JSON; an explicit non-JSON one is a 415."""
    if value is None or value.strip() == "":
        return
    media_type = value.split(";", 1)[0].strip().lower()
    if media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json")):
        return
    raise UnsupportedMediaType()


def check_declared_length(value: str | None, limit: int) -> None:
    """Refuse before reading when Content-Length already says too much (a lying one is caught while reading)."""
    if value is None:
        return
    try:
        declared = int(value)
    except ValueError:
        return
    if declared > limit:
        raise PayloadTooLarge(limit)


async def read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        if chunk:
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge(limit)
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)
