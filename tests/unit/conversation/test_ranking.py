"""Ranking: strict filters, one rate per hotel, the three sorts, at most five."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from corechat.conversation.ranking import rank, recommended_scores
from corechat.model import Place, SearchRequest

SEATTLE = Place(city="Seattle", region="Washington", region_code="WA", country_code="US", latitude=47.61, longitude=-122.33)


def request(**filters) -> SearchRequest:
    return SearchRequest(destination=SEATTLE, check_in=dt.date(2027, 3, 20), check_out=dt.date(2027, 3, 23), **filters)


def ids(options):
    return [o.option_id[-2:] for o in options]


def test_refundable_only_drops_every_non_refundable_rate(make):
    offers = [make.option(1, refundable=False, per_night="100.00"), make.option(2, per_night="300.00")]
    assert ids(rank(offers, request(refundable_only=True))) == ["02"]


def test_budgets_bound_the_nightly_price_and_the_total(make):
    offers = [make.option(1, per_night="250.00"), make.option(2, per_night="250.01"), make.option(3, per_night="150.00", total="900.00")]
    assert ids(rank(offers, request(max_price_per_night=Decimal("250"), sort="price"))) == ["01", "03"]
    assert ids(rank(offers, request(max_total_price=Decimal("862.50"), sort="price"))) == ["01"]


def test_class_and_rating_are_floors(make):
    offers = [make.option(1, stars=3, rating=4.9), make.option(2, stars=4, rating=3.9), make.option(3, stars=5, rating=4.0)]
    assert ids(rank(offers, request(min_stars=4, min_rating=4.0))) == ["03"]


def test_a_hotel_appears_once_with_its_cheapest_rate_under_the_filters(make):
    offers = [
        make.option(1, hotel="h1", per_night="180.00", refundable=False),
        make.option(2, hotel="h1", per_night="210.00"),
        make.option(3, hotel="h2", per_night="190.00"),
    ]
    assert ids(rank(offers, request(sort="price"))) == ["01", "03"]
    assert ids(rank(offers, request(sort="price", refundable_only=True))) == ["03", "02"]


def test_price_sort_is_total_ascending(make):
    offers = [make.option(1, per_night="300.00"), make.option(2, per_night="100.00"), make.option(3, per_night="200.00")]
    assert ids(rank(offers, request(sort="price"))) == ["02", "03", "01"]


def test_rating_sort_is_rating_descending_then_cheaper_first(make):
    offers = [make.option(1, rating=4.2), make.option(2, rating=4.8, per_night="300.00"), make.option(3, rating=4.8, per_night="250.00")]
    assert ids(rank(offers, request(sort="rating"))) == ["03", "02", "01"]


def test_at_most_five_options(make):
    offers = [make.option(n) for n in range(1, 9)]
    assert len(rank(offers, request())) == 5


def test_recommended_blends_rating_class_and_price_as_documented(make):
    cheap_fair = make.option(1, per_night="100.00", stars=3, rating=4.0)
    dear_great = make.option(2, per_night="300.00", stars=5, rating=5.0)
    scores = recommended_scores([cheap_fair, dear_great])
    # 0.5 * (4.0-3)/2 + 0.2 * (3-2)/3 + 0.3 * 1  and  0.5 * 1 + 0.2 * 1 + 0.3 * 0
    assert round(scores[cheap_fair.option_id], 4) == Decimal("0.6167")
    assert scores[dear_great.option_id] == Decimal("0.7")
    assert ids(rank([cheap_fair, dear_great], request())) == ["02", "01"]


def test_same_offers_give_the_same_shortlist_whatever_their_order(make):
    offers = [make.option(n, rating=4.5, per_night="200.00") for n in range(1, 8)]
    assert rank(offers, request()) == rank(list(reversed(offers)), request())
