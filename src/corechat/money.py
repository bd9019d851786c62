"""Exact money: ``Decimal`` rounded half-up to the cent, never a float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value: Decimal | int | str) -> Decimal:
    """``value`` as a Decimal with exactly two decimals (strings and ints are exact; floats are refused)."""
    if isinstance(value, float):
        raise TypeError("money must not be built from a float")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
