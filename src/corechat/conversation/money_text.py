"""Amounts and stays as a traveller reads them: "$1,020.00", "Mar 20-23"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def amount(value: Decimal, currency: str) -> str:
    symbol = _SYMBOLS.get(currency)
    if symbol:
        return f"{symbol}{value:,.2f}"
    return f"{value:,.2f} {currency}"


def stay(check_in: dt.date, check_out: dt.date) -> str:
    if (check_in.year, check_in.month) == (check_out.year, check_out.month):
        return f"{check_in:%b} {check_in.day}-{check_out.day}"
    return f"{check_in:%b} {check_in.day}-{check_out:%b} {check_out.day}"
