"""Search turns: merge the text into the criteria, ask for what is missing, or search and rank."""

from __future__ import annotations

from typing import Any

import msgspec

from corechat.model import Criteria, Option, SearchRequest

from . import actions, pending_flow, replies
from .criteria import apply, missing, problems, question_for, search_request
from .ranking import passes_filters, rank
from .steps import Done, EffectFailed, SearchEffect, Step
from .turn import Turn
from .views import option_view


def _criteria_after(turn: Turn) -> Criteria:
    interpretation = turn.command.interpretation
    assert interpretation is not None, "prepare interprets every search turn"
    return apply(turn.state.criteria, interpretation)


def decide_search(turn: Turn) -> Step:
    criteria = _criteria_after(turn)
    if turn.state.pending is not None and criteria == turn.state.criteria:
        return pending_flow.still_pending(turn)
    missing_fields = missing(criteria)
    found = _unique([*turn.command.interpretation.problems, *problems(criteria, turn.today)])
    if missing_fields or found:
        question = question_for(missing_fields)
        message = (
            replies.still_collecting(turn.command.text, question, found)
            if _nothing_new(turn, criteria)
            else _abandoning(turn, replies.ask(question, found))
        )
        return turn.done(
            "needs_input",
            message,
            {"missing": missing_fields, "problems": found},
            criteria=criteria,
            last_question=question,
            **turn.abandon_pending(),
        )
    return SearchEffect(request=search_request(criteria, turn.today))


def searched(turn: Turn, effect: SearchEffect, outcome: Any) -> Done:
    criteria = _criteria_after(turn)
    facts = {"criteria": criteria, "last_question": None, **turn.abandon_pending()}
    if isinstance(outcome, EffectFailed):
        return turn.done("supplier_unavailable", _abandoning(turn, replies.supplier_unavailable()), **facts)
    offers: list[Option] = list(outcome)
    shortlist = rank(offers, effect.request)
    request, today, again = effect.request, turn.today, _nothing_new(turn, criteria)
    if not shortlist:
        relax = _filter_to_relax(offers, request)
        return turn.done(
            "no_results",
            replies.still_no_results(turn.command.text, request, relax, today)
            if again
            else _abandoning(turn, replies.no_results(request, relax, today)),
            **facts,
        )
    return turn.done(
        "shortlist",
        replies.still_shortlisted(turn.command.text, request, len(shortlist), today)
        if again
        else _abandoning(turn, replies.shortlist(request, shortlist, today)),
        {"shortlist": [option_view(o) for o in shortlist]},
        actions.book_each(shortlist),
        shortlist=tuple(shortlist),
        **facts,
    )


def _nothing_new(turn: Turn, criteria: Criteria) -> bool:
    """The turn understood nothing ("thanks!", "asdfghjkl"): the reply says so instead of repeating itself.

    A turn that restates what is known ("Seattle" again) did understand something, and is answered as usual."""
    interpretation = turn.command.interpretation
    stated = any(value is not msgspec.UNSET for value in msgspec.structs.astuple(interpretation.change))
    return criteria == turn.state.criteria and not stated and not interpretation.problems


def _abandoning(turn: Turn, message: str) -> str:
    """A search that changed the criteria mid-booking drops the pending booking, and says so."""
    pending = turn.state.pending
    return replies.abandoned(pending, message) if pending is not None else message


_FILTERS = ("refundable_only", "max_price_per_night", "max_total_price", "min_stars", "min_rating")
_FILTER_NAMES = {
    "refundable_only": "refundableOnly",
    "max_price_per_night": "maxPricePerNight",
    "max_total_price": "maxTotalPrice",
    "min_stars": "minStars",
    "min_rating": "minRating",
}


def _filter_to_relax(offers: list[Option], request: SearchRequest) -> str | list[str] | None:
    """The stated filter whose removal alone would bring back the most options, if any would; else,
    when removing them all would, every stated filter (relaxing just one is not enough)."""
    active = [name for name in _FILTERS if getattr(request, name) not in (None, False)]
    best, best_count = None, 0
    for name in active:
        count = _count_without(offers, request, [name])
        if count > best_count:
            best, best_count = _FILTER_NAMES[name], count
    if best is None and len(active) > 1 and _count_without(offers, request, active):
        return [_FILTER_NAMES[name] for name in active]
    return best


def _count_without(offers: list[Option], request: SearchRequest, names: list[str]) -> int:
    relaxed = msgspec.structs.replace(
        request, **{name: False if name == "refundable_only" else None for name in names}
    )
    return sum(1 for o in offers if passes_filters(o, relaxed))


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
