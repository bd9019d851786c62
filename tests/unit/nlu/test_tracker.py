"""The criteria tracker: a turn changes only what it mentions; missing, problems, effective, view."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from corechat.model import Criteria, Place, SearchRequest
from corechat.nlu import CriteriaChange, Interpretation, tracker

SEATTLE = Place(city="Seattle", region="Washington", region_code="WA", country_code="US",
                latitude=47.60621, longitude=-122.33207)
PORTLAND = Place(city="Portland", region="Oregon", region_code="OR", country_code="US",
                 latitude=45.52345, longitude=-122.67621)
TODAY = dt.date(2026, 11, 29)
MAR20, MAR23 = dt.date(2027, 3, 20), dt.date(2027, 3, 23)


def turn(**values) -> Interpretation:
    return Interpretation(change=CriteriaChange(**values))


def test_a_turn_sets_what_it_mentions_and_derives_nights():
    c = tracker.apply(Criteria(), turn(destination=SEATTLE, check_in=MAR20, check_out=MAR23))
    assert (c.destination, c.check_in, c.check_out, c.nights, c.rooms) == (SEATTLE, MAR20, MAR23, 3, None)


def test_nights_give_the_check_out():
    c = tracker.apply(Criteria(), turn(check_in=MAR20, nights=4))
    assert (c.check_out, c.nights) == (dt.date(2027, 3, 24), 4)


def test_nights_before_any_check_in_wait_for_it():
    c = tracker.apply(Criteria(), turn(nights=2))
    assert (c.check_in, c.check_out, c.nights) == (None, None, 2)
    c = tracker.apply(c, turn(check_in=MAR20))
    assert (c.check_out, c.nights) == (dt.date(2027, 3, 22), 2)


def test_a_new_destination_keeps_the_dates_and_everything_else():
    before = tracker.apply(Criteria(), turn(destination=SEATTLE, check_in=MAR20, check_out=MAR23, rooms=2))
    after = tracker.apply(before, turn(destination=PORTLAND))
    assert after == Criteria(destination=PORTLAND, check_in=MAR20, check_out=MAR23, nights=3, rooms=2, stated_end="checkOut")


def test_a_new_check_in_keeps_a_check_out_that_still_follows_it():
    before = tracker.apply(Criteria(), turn(check_in=MAR20, check_out=MAR23))
    after = tracker.apply(before, turn(check_in=dt.date(2027, 3, 21)))
    assert (after.check_out, after.nights) == (MAR23, 2)


def test_a_check_in_past_the_old_check_out_keeps_the_length_of_stay():
    before = tracker.apply(Criteria(), turn(check_in=MAR20, check_out=MAR23))
    after = tracker.apply(before, turn(check_in=dt.date(2027, 6, 2)))
    assert (after.check_out, after.nights) == (dt.date(2027, 6, 5), 3)


def test_a_new_check_out_changes_the_nights():
    before = tracker.apply(Criteria(), turn(check_in=MAR20, check_out=MAR23))
    assert tracker.apply(before, turn(check_out=dt.date(2027, 3, 25))).nights == 5


def test_a_cleared_value_becomes_none():
    before = tracker.apply(Criteria(), turn(refundable_only=True, min_stars=4))
    after = tracker.apply(before, turn(min_stars=None))
    assert (after.refundable_only, after.min_stars) == (True, None)


def test_missing_lists_what_a_search_needs_in_order():
    assert tracker.missing(Criteria()) == ["destination", "checkIn", "checkOut"]
    assert tracker.missing(Criteria(destination=SEATTLE, nights=3)) == ["checkIn"]
    assert tracker.missing(Criteria(check_in=MAR20)) == ["destination", "checkOut"]
    assert tracker.missing(Criteria(destination=SEATTLE, check_in=MAR20, check_out=MAR23, nights=3)) == []


def test_problems_are_sentences_for_the_traveller():
    assert tracker.problems(Criteria(check_in=dt.date(2026, 11, 28)), TODAY) == [
        "The check-in date November 28, 2026 is in the past."
    ]
    assert tracker.problems(Criteria(check_in=MAR23, check_out=MAR20, nights=-3), TODAY) == [
        "The check-out date must be after the check-in date."
    ]
    assert tracker.problems(Criteria(check_in=MAR20, check_out=dt.date(2027, 4, 30), nights=41), TODAY) == [
        "A stay can be at most 30 nights; this one is 41."
    ]
    assert tracker.problems(Criteria(rooms=10), TODAY) == ["At most 9 rooms can be booked at once; you asked for 10."]


def test_today_is_not_in_the_past_and_thirty_nights_are_allowed():
    c = Criteria(check_in=TODAY, check_out=TODAY + dt.timedelta(days=30), nights=30, rooms=9)
    assert tracker.problems(c, TODAY) == []


def test_effective_fills_the_defaults():
    c = Criteria(destination=SEATTLE, check_in=MAR20, check_out=MAR23, nights=3)
    assert tracker.effective(c) == SearchRequest(
        destination=SEATTLE, check_in=MAR20, check_out=MAR23, rooms=1, adults=None, refundable_only=False,
        sort="recommended", currency="USD",
    )


def test_effective_keeps_what_was_stated():
    c = Criteria(destination=SEATTLE, check_in=MAR20, nights=2, rooms=2, adults=3, refundable_only=True,
                 max_price_per_night=Decimal("250"), min_stars=4, sort="price", currency="EUR")
    request = tracker.effective(c)
    assert request is not None
    assert (request.check_out, request.rooms, request.adults, request.refundable_only) == (dt.date(2027, 3, 22), 2, 3, True)
    assert (request.max_price_per_night, request.min_stars, request.sort, request.currency) == (Decimal("250"), 4, "price", "EUR")


def test_effective_is_none_while_something_is_missing_or_wrong():
    assert tracker.effective(Criteria(destination=SEATTLE, check_in=MAR20)) is None
    assert tracker.effective(Criteria(destination=SEATTLE, check_in=MAR20, check_out=MAR23, rooms=12)) is None
    past = Criteria(destination=SEATTLE, check_in=dt.date(2026, 1, 1), check_out=dt.date(2026, 1, 3))
    assert tracker.effective(past, TODAY) is None


def test_view_is_camel_case_with_nulls_for_what_was_never_stated():
    c = tracker.apply(Criteria(), turn(destination=SEATTLE, check_in=MAR20, nights=3, refundable_only=True))
    assert tracker.view(c) == {
        "destination": {"city": "Seattle", "region": "Washington", "regionCode": "WA", "countryCode": "US",
                        "latitude": 47.60621, "longitude": -122.33207},
        "checkIn": "2027-03-20", "checkOut": "2027-03-23", "nights": 3, "rooms": None, "adults": None,
        "refundableOnly": True, "maxPricePerNight": None, "maxTotalPrice": None, "minStars": None,
        "minRating": None, "currency": None, "sort": None,
    }


def test_a_check_out_after_a_length_of_stay_keeps_both_and_guesses_no_check_in():
    c = tracker.apply(tracker.apply(Criteria(), turn(nights=3)), turn(check_out=MAR23))
    assert (c.check_in, c.check_out, c.nights) == (None, MAR23, 3)
    assert tracker.missing(c) == ["destination", "checkIn"]


def test_a_new_check_in_keeps_a_stated_length_of_stay():
    before = tracker.apply(Criteria(), turn(check_in=MAR20, nights=3))
    after = tracker.apply(before, turn(check_in=dt.date(2027, 3, 21)))
    assert (after.check_out, after.nights, after.stated_end) == (dt.date(2027, 3, 24), 3, "nights")


def test_the_last_stated_end_of_the_stay_is_the_one_kept():
    c = tracker.apply(Criteria(), turn(check_in=MAR20, nights=3))
    c = tracker.apply(c, turn(check_out=dt.date(2027, 3, 25)))
    c = tracker.apply(c, turn(check_in=dt.date(2027, 3, 22)))
    assert (c.check_out, c.nights, c.stated_end) == (dt.date(2027, 3, 25), 3, "checkOut")
