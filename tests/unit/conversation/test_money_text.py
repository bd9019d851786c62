"""Amounts and stays as travellers read them in messages and labels."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from corechat.conversation.money_text import amount, stay


def test_dollars_get_a_symbol_and_thousands_separators():
    assert amount(Decimal("1020.5"), "USD") == "$1,020.50"


def test_other_currencies_are_written_after_the_amount():
    assert amount(Decimal("980.67"), "JPY") == "980.67 JPY"
    assert amount(Decimal("99"), "EUR") == "€99.00"


def test_a_stay_within_a_month_and_across_months():
    assert stay(dt.date(2027, 3, 20), dt.date(2027, 3, 23)) == "Mar 20-23"
    assert stay(dt.date(2026, 12, 30), dt.date(2027, 1, 3)) == "Dec 30-Jan 3"
