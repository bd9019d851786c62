"""The JSON codec of the whole service: msgspec, with Decimal money written as JSON numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import msgspec

from corechat.clock import iso_millis
from corechat.money import money

_encoder = msgspec.json.Encoder(decimal_format="number")


def encode(value: Any) -> bytes:
    return _encoder.encode(value)


def to_builtins(value: Any) -> Any:
    """Structs as the protocol shows them: camelCase dicts, money to the cent, instants in
    milliseconds with ``Z`` (``2026-02-18T23:22:33.407Z``), dates as ISO dates."""
    return _public(msgspec.to_builtins(value, builtin_types=(Decimal, dt.datetime)))


def _public(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _public(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_public(v) for v in value]
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, dt.datetime):
        return iso_millis(value)
    return value
