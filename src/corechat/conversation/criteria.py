"""The session's criteria: applying a turn's change, what is still missing, what is wrong, the search.

The criteria hold only what the traveller stated (``None`` = never stated); the search request
and the ``artifacts.search`` view fill in the defaults (rooms 1, refundableOnly false, sort
recommended, currency USD; CONVERSATION.md §4).
"""

from __future__ import annotations

import datetime as dt

import msgspec

from corechat.model import Criteria, SearchRequest
from corechat.nlu.types import CriteriaChange, Question

MAX_NIGHTS = 30
MAX_ROOMS = 9

_FIELDS = tuple(CriteriaChange.__struct_fields__)


def apply_change(criteria: Criteria, change: CriteriaChange) -> Criteria:
    """The criteria with the change's stated values; the stay's length keeps dates and nights in step."""
    stated = {
        name: getattr(change, name)
        for name in _FIELDS
        if getattr(change, name) is not msgspec.UNSET
    }
    merged = msgspec.structs.replace(criteria, **stated)
    return _with_consistent_stay(merged, stated)


def _with_consistent_stay(criteria: Criteria, stated: dict) -> Criteria:
    check_in, check_out, nights = criteria.check_in, criteria.check_out, criteria.nights
    if check_in and nights and "check_out" not in stated:
        check_out = check_in + dt.timedelta(days=nights)
    elif check_in and check_out and check_out > check_in:
        nights = (check_out - check_in).days
    elif check_out and nights and not check_in and "check_in" not in stated:
        check_in = check_out - dt.timedelta(days=nights)
    return msgspec.structs.replace(criteria, check_in=check_in, check_out=check_out, nights=nights)


def missing(criteria: Criteria) -> list[str]:
    names = []
    if criteria.destination is None:
        names.append("destination")
    if criteria.check_in is None:
        names.append("checkIn")
    if criteria.check_out is None:
        names.append("checkOut")
    return names


def question_for(missing_fields: list[str]) -> Question | None:
    """What the reply asks for first: the place, then the dates (both, or the one still missing)."""
    if "destination" in missing_fields:
        return "destination"
    if "checkIn" in missing_fields and "checkOut" in missing_fields:
        return "dates"
    if "checkIn" in missing_fields:
        return "checkIn"
    if "checkOut" in missing_fields:
        return "checkOut"
    return None


def problems(criteria: Criteria, today: dt.date) -> list[str]:
    """What makes stated criteria unsearchable, in words a traveller understands."""
    found = []
    if criteria.check_in is not None and criteria.check_in < today:
        found.append(f"The check-in date {_long_date(criteria.check_in)} is in the past.")
    if criteria.check_in and criteria.check_out and criteria.check_out <= criteria.check_in:
        found.append("The check-out date must be after the check-in date.")
    elif criteria.check_in and criteria.check_out and (criteria.check_out - criteria.check_in).days > MAX_NIGHTS:
        found.append(f"Stays can be at most {MAX_NIGHTS} nights.")
    if criteria.rooms is not None and criteria.rooms > MAX_ROOMS:
        found.append(f"At most {MAX_ROOMS} rooms can be booked at once.")
    if criteria.rooms is not None and criteria.rooms < 1:
        found.append("At least one room is needed.")
    return found


def search_request(criteria: Criteria) -> SearchRequest:
    """The complete search (call only when nothing is missing)."""
    assert criteria.destination and criteria.check_in and criteria.check_out
    return SearchRequest(
        destination=criteria.destination,
        check_in=criteria.check_in,
        check_out=criteria.check_out,
        rooms=criteria.rooms or 1,
        adults=criteria.adults,
        refundable_only=bool(criteria.refundable_only),
        max_price_per_night=criteria.max_price_per_night,
        max_total_price=criteria.max_total_price,
        min_stars=criteria.min_stars,
        min_rating=criteria.min_rating,
        sort=criteria.sort or "recommended",
        currency=criteria.currency or "USD",
    )


def search_view(criteria: Criteria) -> dict:
    """``artifacts.search``: every key of CONVERSATION.md §4, unknowns null, defaults filled."""
    nights = criteria.nights
    if nights is None and criteria.check_in and criteria.check_out:
        nights = (criteria.check_out - criteria.check_in).days
    return {
        "destination": criteria.destination.public() if criteria.destination else None,
        "checkIn": criteria.check_in.isoformat() if criteria.check_in else None,
        "checkOut": criteria.check_out.isoformat() if criteria.check_out else None,
        "nights": nights,
        "rooms": criteria.rooms if criteria.rooms is not None else 1,
        "adults": criteria.adults,
        "refundableOnly": bool(criteria.refundable_only),
        "maxPricePerNight": criteria.max_price_per_night,
        "maxTotalPrice": criteria.max_total_price,
        "minStars": criteria.min_stars,
        "minRating": criteria.min_rating,
        "currency": criteria.currency or "USD",
        "sort": criteria.sort or "recommended",
    }


def _long_date(day: dt.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"
