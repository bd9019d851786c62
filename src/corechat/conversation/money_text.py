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


def stay(check_in: dt.date, check_out: dt.date, today: dt.date) -> str:
    """"Mar 20-23"; with the year when a month and day alone would be ambiguous: a stay that is not
    within the next 12 months ("Mar 20-22, 2099") or that crosses a new year ("Dec 30, 2026-Jan 2, 2027")."""
    if check_in.year != check_out.year:
        return f"{_day(check_in)}, {check_in.year}-{_day(check_out)}, {check_out.year}"
    if check_in.month == check_out.month:
        dates = f"{_day(check_in)}-{check_out.day}"
    else:
        dates = f"{_day(check_in)}-{_day(check_out)}"
    return dates if _within_a_year(check_in, today) else f"{dates}, {check_in.year}"


def day(at: dt.date, today: dt.date) -> str:
    """"Mar 18", or "Mar 18, 2099" when not within the next 12 months."""
    return _day(at) if _within_a_year(at, today) else f"{_day(at)}, {at.year}"


def _day(at: dt.date) -> str:
    return f"{at:%b} {at.day}"


def _within_a_year(at: dt.date, today: dt.date) -> bool:
    return today <= at and (at - today).days < 365
