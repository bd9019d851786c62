"""JSON bytes -> Python values, with every way a body can be broken reported as "Invalid JSON payload".

msgspec already refuses NaN, Infinity, out-of-range numbers, invalid UTF-8, lone surrogates and raw
control characters; very deep nesting surfaces as RecursionError, which is caught here too.
Duplicate keys keep the last value (msgspec's rule), and the request hash sees the same object.
"""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec

from corechat.errors import InvalidJson, InvalidRequest

_decoder = msgspec.json.Decoder()
_canonical = msgspec.json.Encoder(order="sorted")


def decode_json(body: bytes) -> Any:
    if not body.strip():
        raise InvalidJson()
    try:
        return _decoder.decode(body)
    except (msgspec.DecodeError, RecursionError, UnicodeError, ValueError):
        raise InvalidJson() from None


def request_hash(path: str, value: Any) -> str:
    """"Same request" of CONVERSATION.md §8: the endpoint and the body compared canonically."""
    digest = hashlib.sha256(path.encode())
    digest.update(b"\n")
    digest.update(_canonical.encode(value))
    return digest.hexdigest()


def reject_nul_characters(value: Any, path: str = "") -> None:
    """A NUL character in any string is a 400 naming where it is.

    Valid JSON, but no store can keep it (PostgreSQL text refuses it), and no partner means it.
    """
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidRequest(f"{path or 'body'} must not contain NUL characters")
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if "\x00" in key:
                raise InvalidRequest(f"{path or 'body'} must not contain NUL characters in its keys")
            reject_nul_characters(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            reject_nul_characters(item, f"{path}[{index}]")
