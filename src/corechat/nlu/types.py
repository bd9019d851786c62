"""What the natural-language core takes and gives: the interface the conversation engine codes against."""

from __future__ import annotations

from typing import Literal

import msgspec

from corechat.model import Criteria

Intent = Literal["search", "book"]
Question = Literal["destination", "checkIn", "checkOut", "dates", "adults", "rooms", "nights"]


class ShortlistEntry(msgspec.Struct, frozen=True, kw_only=True):
    position: int  # 1-based, as shown
    option_id: str
    name: str


class NluContext(msgspec.Struct, frozen=True, kw_only=True):
    """What the tracker knows before this turn."""

    criteria: Criteria = Criteria()
    last_question: Question | None = None  # what the engine last asked for, if anything
    shortlist: tuple[ShortlistEntry, ...] = ()


class OptionRef(msgspec.Struct, frozen=True, kw_only=True):
    """How a booking turn named the option: exactly one of the four is set."""

    position: int | None = None  # "book 2", "the second one"; "book 0", "book -1" name no option
    option_id: str | None = None  # a UUID-shaped id typed or pasted
    name: str | None = None  # "book Inn at the Market": the name as the traveller wrote it
    # "book it" while several options are listed: a booking that does not say which (the words as typed).
    unresolved: str | None = None


class CriteriaChange(msgspec.Struct, frozen=True, kw_only=True):
    """The absolute new values this turn states. ``msgspec.UNSET`` = not mentioned; ``None`` = cleared.

    Relative changes ("add one more night", "move it a week later") are resolved against
    ``NluContext.criteria`` by ``interpret``, so a change is always a plain set of values.
    """

    destination: object = msgspec.UNSET
    check_in: object = msgspec.UNSET
    check_out: object = msgspec.UNSET
    nights: object = msgspec.UNSET
    rooms: object = msgspec.UNSET
    adults: object = msgspec.UNSET
    refundable_only: object = msgspec.UNSET
    max_price_per_night: object = msgspec.UNSET
    max_total_price: object = msgspec.UNSET
    min_stars: object = msgspec.UNSET
    min_rating: object = msgspec.UNSET
    sort: object = msgspec.UNSET
    currency: object = msgspec.UNSET


class Interpretation(msgspec.Struct, frozen=True, kw_only=True):
    intent: Intent = "search"
    change: CriteriaChange = CriteriaChange()
    option_ref: OptionRef | None = None  # set when intent == "book"
    problems: tuple[str, ...] = ()  # human-readable, e.g. 'I couldn't find a place called "Atlantis".'
