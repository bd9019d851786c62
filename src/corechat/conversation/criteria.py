"""The session's criteria, through the NLU's tracker: applying a turn, what is missing or wrong, the search.

The criteria hold only what the traveller stated (``None`` = never stated); the search request and
the ``artifacts.search`` view fill in the defaults (rooms 1, refundableOnly false, sort
recommended, currency USD; CONVERSATION.md §4). The one question a reply asks is chosen here.
"""

from __future__ import annotations

import datetime as dt

from corechat.model import Criteria, SearchRequest
from corechat.nlu import tracker
from corechat.nlu.types import Interpretation, Question

_DEFAULTS = {"rooms": 1, "refundableOnly": False, "currency": "USD", "sort": "recommended"}


def apply(criteria: Criteria, interpretation: Interpretation) -> Criteria:
    return tracker.apply(criteria, interpretation)


def missing(criteria: Criteria) -> list[str]:
    return tracker.missing(criteria)


def problems(criteria: Criteria, today: dt.date) -> list[str]:
    return tracker.problems(criteria, today)


def search_request(criteria: Criteria, today: dt.date) -> SearchRequest | None:
    return tracker.effective(criteria, today)


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


def search_view(criteria: Criteria) -> dict:
    """``artifacts.search``: every key of CONVERSATION.md §4, unknowns null, defaults filled."""
    view = tracker.view(criteria)
    for key, default in _DEFAULTS.items():
        if view[key] is None:
            view[key] = default
    return view
