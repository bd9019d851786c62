"""JSON bytes -> Python values, with every way a body can be broken reported as "Invalid JSON payload".

msgspec already refuses NaN, Infinity, out-of-range numbers, invalid UTF-8, lone surrogates and raw
control characters; very deep nesting surfaces as RecursionError, which is caught here too.
Duplicate keys keep the last value (msgspec's rule), and the request hash sees the same object.
"""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec

from corechat.errors import InvalidJson

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
