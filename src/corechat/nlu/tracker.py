"""The criteria tracker: folds interpretations into what the traveller has stated, and judges it.

Pure functions over immutable ``Criteria``. The criteria hold only what was stated (``None`` = never
stated); check-out and nights are kept consistent with each other whenever a check-in is known.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from corechat.model import Criteria, SearchRequest
from corechat.nlu.types import Interpretation

MAX_NIGHTS = 30
MAX_ROOMS = 9
_FIELDS = (
    "destination", "rooms", "adults", "refundable_only", "max_price_per_night", "max_total_price",
    "min_stars", "min_rating", "sort", "currency",
)


def apply(criteria: Criteria, interp: Interpretation) -> Criteria:
    """The criteria after this turn: it changes only what the turn mentions."""
    change = interp.change
    updates: dict[str, object] = {}
    for name in _FIELDS:
        value = getattr(change, name)
        if value is not msgspec.UNSET:
            updates[name] = value
    check_in, check_out, nights = _stay(criteria, change.check_in, change.check_out, change.nights)
    updates.update(
        check_in=check_in, check_out=check_out, nights=nights,
        stated_end=_stated_end(criteria.stated_end, change.check_out, change.nights),
    )
    return msgspec.structs.replace(criteria, **updates)


def _stated_end(before: str | None, new_out, new_nights) -> str | None:
    out_given = new_out is not msgspec.UNSET and new_out is not None
    nights_given = new_nights is not msgspec.UNSET and new_nights is not None
    if out_given and nights_given:
        return before or "checkOut"
    if out_given:
        return "checkOut"
    if nights_given:
        return "nights"
    return before


def _stay(criteria: Criteria, new_in, new_out, new_nights) -> tuple[dt.date | None, dt.date | None, int | None]:
    unset = msgspec.UNSET
    check_in = criteria.check_in if new_in is unset else new_in
    if new_out is not unset and new_out is not None:
        if check_in is None:  # "3 nights" then "leaving Mar 23": both stated, no check-in guessed
            return None, new_out, new_nights if new_nights is not unset else criteria.nights
        return check_in, new_out, _between(check_in, new_out)
    if new_nights is not unset and new_nights is not None:
        return check_in, _after(check_in, new_nights), new_nights
    if new_in is unset:
        return criteria.check_in, criteria.check_out, criteria.nights
    # Only the check-in moved: keep the end the traveller stated ("for 3 nights" stays 3 nights); a
    # check-out keeps while it still follows the new check-in, else the length of stay is kept.
    if criteria.stated_end == "nights" and criteria.nights is not None:
        return check_in, _after(check_in, criteria.nights), criteria.nights
    if check_in is not None and criteria.check_out is not None and criteria.check_out > check_in \
            and (criteria.check_out - check_in).days <= MAX_NIGHTS:
        return check_in, criteria.check_out, _between(check_in, criteria.check_out)
    if criteria.nights is not None:
        return check_in, _after(check_in, criteria.nights), criteria.nights
    return check_in, None, None


def _between(check_in: dt.date | None, check_out: dt.date | None) -> int | None:
    if check_in is None or check_out is None:
        return None
    return (check_out - check_in).days


def _after(check_in: dt.date | None, nights: int) -> dt.date | None:
    return None if check_in is None else check_in + dt.timedelta(days=nights)


def missing(criteria: Criteria) -> list[str]:
    """What a search still needs, in the order the engine asks for it."""
    out = []
    if criteria.destination is None:
        out.append("destination")
    if criteria.check_in is None:
        out.append("checkIn")
    if criteria.check_out is None and criteria.nights is None:
        out.append("checkOut")
    return out


def problems(criteria: Criteria, today: dt.date | None = None) -> list[str]:
    """Why these criteria cannot be searched as they stand, in words for the traveller."""
    found = []
    if today is not None and criteria.check_in is not None and criteria.check_in < today:
        found.append(f"The check-in date {_human(criteria.check_in)} is in the past.")
    nights = _between(criteria.check_in, criteria.check_out)
    if nights is None:
        nights = criteria.nights
    if nights is not None and nights <= 0:
        found.append("The check-out date must be after the check-in date.")
    elif nights is not None and nights > MAX_NIGHTS:
        found.append(f"A stay can be at most {MAX_NIGHTS} nights; this one is {nights}.")
    if criteria.rooms is not None and criteria.rooms > MAX_ROOMS:
        found.append(f"At most {MAX_ROOMS} rooms can be booked at once; you asked for {criteria.rooms}.")
    if criteria.rooms is not None and criteria.rooms < 1:
        found.append("At least one room is needed.")
    return found


def effective(criteria: Criteria, today: dt.date | None = None) -> SearchRequest | None:
    """The search to run, defaults filled in; None while anything is missing or wrong."""
    if missing(criteria) or problems(criteria, today):
        return None
    assert criteria.destination is not None and criteria.check_in is not None
    check_out = criteria.check_out or criteria.check_in + dt.timedelta(days=criteria.nights or 0)
    return SearchRequest(
        destination=criteria.destination,
        check_in=criteria.check_in,
        check_out=check_out,
        rooms=criteria.rooms if criteria.rooms is not None else 1,
        adults=criteria.adults,
        refundable_only=bool(criteria.refundable_only),
        max_price_per_night=criteria.max_price_per_night,
        max_total_price=criteria.max_total_price,
        min_stars=criteria.min_stars,
        min_rating=criteria.min_rating,
        sort=criteria.sort or "recommended",
        currency=criteria.currency or "USD",
    )


def view(criteria: Criteria) -> dict:
    """What was stated, camelCase as CONVERSATION.md §4 (null where never stated; no defaults)."""
    nights = _between(criteria.check_in, criteria.check_out)
    if nights is None:
        nights = criteria.nights
    check_out = criteria.check_out
    if check_out is None and criteria.check_in is not None and criteria.nights is not None:
        check_out = criteria.check_in + dt.timedelta(days=criteria.nights)
    return {
        "destination": criteria.destination.public() if criteria.destination else None,
        "checkIn": criteria.check_in.isoformat() if criteria.check_in else None,
        "checkOut": check_out.isoformat() if check_out else None,
        "nights": nights,
        "rooms": criteria.rooms,
        "adults": criteria.adults,
        "refundableOnly": criteria.refundable_only,
        "maxPricePerNight": criteria.max_price_per_night,
        "maxTotalPrice": criteria.max_total_price,
        "minStars": criteria.min_stars,
        "minRating": criteria.min_rating,
        "currency": criteria.currency,
        "sort": criteria.sort,
    }


def _human(day: dt.date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"
