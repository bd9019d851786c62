"""From every offer the supplier has for a stay to the shortlist: filter strictly, one rate per hotel, sort, top 5.

Filters are hard limits, never preferences: ``refundableOnly`` drops non-refundable rates,
``maxPricePerNight`` bounds ``pricePerNight``, ``maxTotalPrice`` bounds ``totalPrice``, ``minStars``
and ``minRating`` are floors.

Each hotel appears once, with its best rate under the filters: the lowest total, a refundable rate
winning a tie. Then the hotels are sorted:

- ``price``: total ascending (then rating descending);
- ``rating``: guest rating descending (then total ascending);
- ``recommended``: the score ``0.5 * rating_fit + 0.2 * class_fit + 0.3 * price_fit``, descending, where
  ``rating_fit = (rating - 3) / 2`` and ``class_fit = (stars - 2) / 3`` (both clamped to 0..1, over the
  ranges the supplier uses, 3.0-5.0 and 2-5 stars), and ``price_fit`` is 1 for the cheapest nightly price
  among the candidate hotels falling linearly to 0 for the dearest (1 for all when they cost the same).
  Guests weigh reviews most, then price, then the class label.

Every remaining tie is broken by the optionId, so the same offers always give the same shortlist.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Iterable

from corechat.model import Option, SearchRequest

SHORTLIST_SIZE = 5

RATING_WEIGHT = Decimal("0.5")
CLASS_WEIGHT = Decimal("0.2")
PRICE_WEIGHT = Decimal("0.3")


def passes_filters(option: Option, request: SearchRequest) -> bool:
    if request.refundable_only and not option.refundable:
        return False
    if request.max_price_per_night is not None and option.price_per_night > request.max_price_per_night:
        return False
    if request.max_total_price is not None and option.total_price > request.max_total_price:
        return False
    if request.min_stars is not None and option.stars < request.min_stars:
        return False
    if request.min_rating is not None and option.rating < request.min_rating:
        return False
    return True


def best_rate_per_hotel(options: Iterable[Option]) -> list[Option]:
    best: dict[str, Option] = {}
    for option in options:
        current = best.get(option.hotel_id)
        if current is None or _rate_key(option) < _rate_key(current):
            best[option.hotel_id] = option
    return list(best.values())


def _rate_key(option: Option) -> tuple:
    return (option.total_price, not option.refundable, option.option_id)


def rank(options: Iterable[Option], request: SearchRequest, limit: int = SHORTLIST_SIZE) -> list[Option]:
    candidates = best_rate_per_hotel(o for o in options if passes_filters(o, request))
    if request.sort == "price":
        ordered = sorted(candidates, key=lambda o: (o.total_price, -o.rating, o.option_id))
    elif request.sort == "rating":
        ordered = sorted(candidates, key=lambda o: (-o.rating, o.total_price, o.option_id))
    else:
        scores = recommended_scores(candidates)
        ordered = sorted(candidates, key=lambda o: (-scores[o.option_id], o.total_price, o.option_id))
    return ordered[:limit]


def recommended_scores(candidates: list[Option]) -> dict[str, Decimal]:
    if not candidates:
        return {}
    cheapest = min(o.price_per_night for o in candidates)
    dearest = max(o.price_per_night for o in candidates)
    spread = dearest - cheapest
    scores = {}
    for option in candidates:
        price_fit = Decimal(1) if spread == 0 else (dearest - option.price_per_night) / spread
        scores[option.option_id] = _quality_score(option.rating, option.stars) + PRICE_WEIGHT * price_fit
    return scores


@functools.lru_cache(maxsize=1024)
def _quality_score(rating: float, stars: int) -> Decimal:
    """The score's rating and class parts: a few dozen distinct pairs, the same for every search."""
    rating_fit = _clamp((Decimal(str(rating)) - 3) / 2)
    class_fit = _clamp(Decimal(stars - 2) / 3)
    return RATING_WEIGHT * rating_fit + CLASS_WEIGHT * class_fit


def _clamp(value: Decimal) -> Decimal:
    return min(Decimal(1), max(Decimal(0), value))
