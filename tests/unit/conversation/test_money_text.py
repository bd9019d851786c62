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
    today = dt.date(2026, 11, 29)
    assert stay(dt.date(2027, 3, 20), dt.date(2027, 3, 23), today) == "Mar 20-23"
    assert stay(dt.date(2027, 3, 30), dt.date(2027, 4, 2), today) == "Mar 30-Apr 2"


def test_a_stay_across_a_new_year_names_both_years():
    assert stay(dt.date(2026, 12, 30), dt.date(2027, 1, 3), dt.date(2026, 11, 29)) == "Dec 30, 2026-Jan 3, 2027"


def test_a_stay_beyond_the_next_12_months_names_its_year():
    today = dt.date(2026, 11, 29)
    assert stay(dt.date(2099, 3, 20), dt.date(2099, 3, 22), today) == "Mar 20-22, 2099"
    assert stay(dt.date(2027, 11, 29), dt.date(2027, 12, 2), today) == "Nov 29-Dec 2, 2027"
    assert stay(dt.date(2027, 11, 28), dt.date(2027, 11, 30), today) == "Nov 28-30"
