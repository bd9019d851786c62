"""JSON bytes -> Python values, with every way a body can be broken reported as "Invalid JSON payload".

msgspec already refuses NaN, Infinity, out-of-range numbers, invalid UTF-8, lone surrogates and raw
control characters; very deep nesting surfaces as RecursionError, which is caught here too.
An object with a duplicate key is refused as well: parsers disagree on which value wins (msgspec
keeps the last, some proxies the first), and a body that means two things is not a request.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import msgspec

from corechat.errors import InvalidJson, InvalidRequest

_decoder = msgspec.json.Decoder()
_canonical = msgspec.json.Encoder(order="sorted")


def decode_json(body: bytes) -> Any:
    if not body.strip():
        raise InvalidJson()
    try:
        value = _decoder.decode(body)
    except (msgspec.DecodeError, RecursionError, UnicodeError, ValueError):
        raise InvalidJson() from None
    # msgspec cannot report duplicates; the stdlib scanner can, for a few microseconds a body.
    try:
        json.loads(body, object_pairs_hook=_refuse_duplicate_keys)
    except _DuplicateKey as duplicate:
        raise InvalidJson(details={"duplicateKey": duplicate.key}) from None
    return value


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


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
