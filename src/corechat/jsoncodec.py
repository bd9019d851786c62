"""The JSON codec of the whole service: msgspec, with Decimal money written as JSON numbers."""

from __future__ import annotations

from typing import Any

import msgspec

_encoder = msgspec.json.Encoder(decimal_format="number")


def encode(value: Any) -> bytes:
    return _encoder.encode(value)


def to_builtins(value: Any) -> Any:
    """Structs, dates and Decimals as plain JSON-ready values (Decimals stay Decimal for ``encode``)."""
    return msgspec.to_builtins(value, builtin_types=(__import__("decimal").Decimal,))
