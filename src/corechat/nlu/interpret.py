"""One turn of text, in the context of the session so far, to an intent and an absolute criteria change."""

from __future__ import annotations

import datetime as dt
import re

from corechat.model import Criteria
from corechat.nlu import booking, dates, filters, places
from corechat.nlu.text import blank, fold
from corechat.nlu.types import CriteriaChange, Interpretation, NluContext

_COUNT_QUESTIONS = {"adults": "adults", "rooms": "rooms", "nights": "nights"}
# "Book me something in Atlanta", "book a room": a booking verb that opens a search, not an option.
_SEARCH_WORDS = re.compile(
    r"\b(?:something|anything|a\s+(?:room|hotel|place|stay)(?!\s+at\b)|rooms?\s+in|(?:an?|some|any)\s+hotels?|hotels|somewhere)\b"
)


def interpret(text: str, context: NluContext, today: dt.date) -> Interpretation:
    """The intent of one turn and the criteria it states, as absolute values; problems as sentences."""
    folded = fold(text)
    booked = _booking(text, folded, context, before_search=True)
    if booked is not None:
        return booked
    values, place, invalid_dates, count_problems = _criteria_change(text, folded, context, today)
    problems = count_problems + _problems(place, invalid_dates)
    if not values and not problems and not _SEARCH_WORDS.search(folded):
        booked = _booking(text, folded, context, before_search=False)
        if booked is not None:
            return booked
    return Interpretation(intent="search", change=CriteriaChange(**values), problems=tuple(problems))


def _booking(text: str, folded: str, context: NluContext, *, before_search: bool) -> Interpretation | None:
    """Before reading criteria: an id, a position or a shortlisted name. After, when the turn stated
    nothing: "book <name>" with no shortlist to check it against."""
    if before_search:
        ref = booking.option_ref(folded, text, context.shortlist) or booking.pronoun_ref(folded, text, context.shortlist)
        if ref is None and context.shortlist and not _SEARCH_WORDS.search(folded):
            ref = booking.named_option(folded, text, context.shortlist, must_match=True)
    else:
        ref = booking.named_option(folded, text, context.shortlist)
    return Interpretation(intent="book", option_ref=ref) if ref is not None else None


def _criteria_change(
    text: str, folded: str, context: NluContext, today: dt.date
) -> tuple[dict, places.PlaceFinding, list[str], list[str]]:
    criteria = context.criteria
    found_filters, masked = filters.find(folded)
    found_dates, masked = dates.find(
        masked, today, prior_check_in=criteria.check_in, expecting=context.last_question,
        prior_check_out=_check_out(criteria),
    )
    for start, end in found_dates.spans + found_filters.spans:
        masked = blank(masked, start, end)
    answer_field = _COUNT_QUESTIONS.get(context.last_question or "")
    if answer_field and answer_field not in found_filters.values and not (
        answer_field == "nights" and (found_dates.nights or found_dates.check_out)
    ):
        answer = filters.bare_count(masked)  # "Three please." after "how many people?"
        if answer is not None:
            found_filters.values[answer_field] = answer[0]
            masked = blank(masked, *answer[1])
    place = places.find(text, masked, expecting_place=context.last_question == "destination")

    values: dict[str, object] = dict(found_filters.values)
    if "nights" in values:
        found_dates.nights = values.pop("nights")
    if place.place is not None:
        values["destination"] = place.place
    if "rooms_delta" in found_filters.deltas and "rooms" not in values:
        values["rooms"] = max(1, (criteria.rooms or 1) + found_filters.deltas["rooms_delta"])
    if "adults_delta" in found_filters.deltas and "adults" not in values and criteria.adults is not None:
        values["adults"] = max(1, criteria.adults + found_filters.deltas["adults_delta"])
    _dates_into(values, found_dates, criteria)
    return values, place, found_dates.invalid, found_filters.problems


def _problems(place: places.PlaceFinding, invalid_dates: list[str]) -> list[str]:
    problems: list[str] = []
    if place.place is None and place.unknown:
        problems.append(f'I couldn\'t find a place called "{place.unknown}".')
    if place.place is None and place.region:
        problems.append(f'"{place.region}" is a region, not a city: which city there should I search?')
    for written in invalid_dates:
        problems.append(f"{_describe_invalid(written)} is not a date on the calendar.")
    return problems


def _check_out(criteria: Criteria) -> dt.date | None:
    if criteria.check_out is not None:
        return criteria.check_out
    if criteria.check_in is not None and criteria.nights is not None:
        return criteria.check_in + dt.timedelta(days=criteria.nights)
    return None


def _dates_into(values: dict, found: dates.DateFindings, criteria: Criteria) -> None:
    if found.check_in is not None:
        values["check_in"] = found.check_in
    if found.check_out is not None:
        values["check_out"] = found.check_out
    if found.nights is not None:
        values["nights"] = found.nights
    if found.add_nights:
        base = _nights(criteria)
        if base is not None:
            values["nights"] = max(1, base + found.add_nights)
            values.pop("check_out", None)
    if found.shift_in_days and criteria.check_in is not None and "check_in" not in values:
        values["check_in"] = criteria.check_in + dt.timedelta(days=found.shift_in_days)
        if criteria.check_out is not None:
            values["check_out"] = criteria.check_out
    if found.shift_out_days and "check_out" not in values:
        check_out = criteria.check_out
        if check_out is None and criteria.check_in is not None and criteria.nights is not None:
            check_out = criteria.check_in + dt.timedelta(days=criteria.nights)
        if check_out is not None:
            values["check_out"] = check_out + dt.timedelta(days=found.shift_out_days)
    if found.shift_days and found.check_in is None and found.check_out is None:
        shift = dt.timedelta(days=found.shift_days)
        check_in = values.get("check_in", criteria.check_in)
        nights = values.get("nights", _nights(criteria))
        if check_in is not None:
            values["check_in"] = check_in + shift
            if nights is not None:
                values["nights"] = nights
                values["check_out"] = values["check_in"] + dt.timedelta(days=nights)


def _nights(criteria: Criteria) -> int | None:
    if criteria.check_in and criteria.check_out:
        return (criteria.check_out - criteria.check_in).days
    return criteria.nights


def _describe_invalid(written: str) -> str:
    parts = [int(p) for p in written.split("/")]
    month_name = dt.date(2000, parts[0], 1).strftime("%B")
    text = f"{month_name} {parts[1]}"
    return text + (f", {parts[2]}" if len(parts) > 2 else "")
