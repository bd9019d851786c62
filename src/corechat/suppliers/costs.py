"""What a night costs where and when: city cost level, season, weekends and currencies.

All factors are integer basis points (10_000 = 1.0), so every price is exact integer cents until it
becomes a ``Decimal``; nothing here touches a float.
"""

from __future__ import annotations

import bisect
import datetime as dt

BP = 10_000

# A 3-star night in a mid-sized US city, in US cents: the unit every other factor scales.
BASE_NIGHT_CENTS = 16_000

STAR_BP = {2: 6_000, 3: 10_000, 4: 15_500, 5: 26_000}

# Hotel prices relative to the United States; countries not listed cost DEFAULT_COUNTRY_BP.
COUNTRY_BP = {
    "US": 10_000, "CA": 9_000, "MX": 5_000, "GB": 10_500, "IE": 10_000, "FR": 9_500, "DE": 8_500,
    "IT": 8_500, "ES": 7_500, "PT": 6_500, "NL": 9_500, "BE": 8_500, "CH": 13_500, "AT": 8_500,
    "SE": 9_000, "NO": 11_000, "DK": 10_000, "FI": 8_500, "IS": 12_000, "PL": 5_000, "CZ": 5_500,
    "HU": 5_000, "GR": 7_000, "TR": 4_500, "RU": 5_000, "JP": 9_000, "KR": 8_000, "CN": 6_000,
    "HK": 11_000, "SG": 12_000, "TW": 6_500, "TH": 4_500, "VN": 3_500, "ID": 4_000, "MY": 4_500,
    "PH": 4_000, "IN": 3_500, "AE": 11_000, "QA": 10_000, "IL": 10_500, "EG": 3_500, "MA": 4_500,
    "ZA": 5_000, "KE": 5_000, "NG": 5_000, "AU": 10_000, "NZ": 9_000, "BR": 5_000, "AR": 4_500,
    "CL": 5_500, "CO": 4_500, "PE": 4_500,
}
DEFAULT_COUNTRY_BP = 6_000

# Population thresholds of the size tiers 1..10 (tier 0 is anything smaller).
_TIER_THRESHOLDS = (30_000, 60_000, 100_000, 200_000, 400_000, 700_000, 1_000_000, 2_000_000,
                    3_500_000, 5_000_000)
MAX_TIER = len(_TIER_THRESHOLDS)


def size_tier(population: int) -> int:
    return bisect.bisect_right(_TIER_THRESHOLDS, population)


def city_cost_bp(country_code: str, population: int) -> int:
    """The country's level, 15% cheaper in a village and 15% dearer in a metropolis."""
    country = COUNTRY_BP.get(country_code.upper(), DEFAULT_COUNTRY_BP)
    return country * (8_500 + 300 * size_tier(population)) // BP


# Month factors (January first). The south mirrors the north; the tropics peak in the dry season.
_NORTH = (8_500, 8_700, 9_300, 10_000, 10_800, 12_000, 12_800, 12_500, 11_000, 10_200, 8_800, 9_800)
_SOUTH = _NORTH[6:] + _NORTH[:6]
_TROPICS = (11_500, 11_500, 11_000, 10_000, 9_000, 8_800, 9_500, 9_500, 8_800, 9_000, 10_000, 11_500)
_HOLIDAY_BP = 12_000  # the nights from 22 December to 1 January, everywhere


def climate_of(latitude: float) -> str:
    if abs(latitude) < 23.5:
        return "tropics"
    return "north" if latitude >= 0 else "south"


def season_bp(climate: str, night: dt.date) -> int:
    table = _TROPICS if climate == "tropics" else _SOUTH if climate == "south" else _NORTH
    factor = table[night.month - 1]
    if (night.month == 12 and night.day >= 22) or (night.month == 1 and night.day == 1):
        factor = factor * _HOLIDAY_BP // BP
    return factor


def is_weekend_night(night: dt.date) -> bool:
    """Friday and Saturday nights."""
    return night.weekday() in (4, 5)


# Units of each currency per US dollar, in millionths. Other currencies are quoted in US dollars.
FX_MICROS = {
    "USD": 1_000_000, "EUR": 920_000, "GBP": 790_000, "CAD": 1_360_000, "AUD": 1_520_000,
    "NZD": 1_650_000, "CHF": 880_000, "JPY": 150_000_000, "MXN": 17_000_000,
    "INR": 83_000_000, "SGD": 1_340_000, "HKD": 7_800_000, "SEK": 10_500_000,
    "NOK": 10_700_000, "DKK": 6_850_000,
}


def quote_currency(requested: str) -> str:
    return requested.upper() if requested.upper() in FX_MICROS else "USD"


def convert_cents(usd_cents: int, currency: str) -> int:
    return usd_cents * FX_MICROS[currency] // 1_000_000
