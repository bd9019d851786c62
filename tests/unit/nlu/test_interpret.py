"""interpret: intents, absolute changes, context use, and what it must leave alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import msgspec

from corechat.model import Criteria
from corechat.nlu import NluContext, OptionRef, ShortlistEntry, interpret

TODAY = dt.date(2026, 11, 29)
EMPTY = NluContext()
SHORTLIST = (
    ShortlistEntry(position=1, option_id="opt-a", name="Inn at the Market"),
    ShortlistEntry(position=2, option_id="opt-b", name="The Westin Seattle"),
)


def test_same_input_same_output():
    text = "Seattle Mar 20-23 2 rooms under $250 a night"
    assert interpret(text, EMPTY, TODAY) == interpret(text, EMPTY, TODAY)


def test_money_is_decimal():
    change = interpret("under $199.50 a night", EMPTY, TODAY).change
    assert change.max_price_per_night == Decimal("199.50")
    assert isinstance(change.max_price_per_night, Decimal)


def test_unmentioned_fields_stay_unset():
    change = interpret("make it 2 rooms", EMPTY, TODAY).change
    assert change.rooms == 2
    assert change.destination is msgspec.UNSET and change.check_in is msgspec.UNSET


def test_today_comes_from_the_caller():
    a = interpret("Mar 20-23", EMPTY, dt.date(2026, 11, 29)).change
    b = interpret("Mar 20-23", EMPTY, dt.date(2027, 3, 21)).change
    assert (a.check_in, b.check_in) == (dt.date(2027, 3, 20), dt.date(2028, 3, 20))


def test_a_check_out_without_a_year_follows_the_check_in():
    change = interpret("Dec 30 - Jan 3", EMPTY, TODAY).change
    assert (change.check_in, change.check_out) == (dt.date(2026, 12, 30), dt.date(2027, 1, 3))


def test_relative_changes_are_resolved_against_the_context():
    context = NluContext(criteria=Criteria(check_in=dt.date(2027, 3, 20), check_out=dt.date(2027, 3, 23), nights=3))
    later = interpret("move it a week later", context, TODAY).change
    assert (later.check_in, later.check_out, later.nights) == (dt.date(2027, 3, 27), dt.date(2027, 3, 30), 3)
    more = interpret("add one more night", context, TODAY).change
    assert more.nights == 4


def test_relative_changes_without_a_stay_change_nothing():
    assert interpret("add one more night", EMPTY, TODAY).change == interpret("hello", EMPTY, TODAY).change


def test_an_answer_to_how_many_people_is_a_guest_count():
    assert interpret("Three please.", NluContext(last_question="adults"), TODAY).change.adults == 3
    assert interpret("Three please.", EMPTY, TODAY).change.adults is msgspec.UNSET


def test_a_lone_date_answering_check_out_is_the_check_out():
    change = interpret("the 12th", NluContext(last_question="checkOut"), TODAY).change
    assert (change.check_out, change.check_in) == (dt.date(2026, 12, 12), msgspec.UNSET)


def test_booking_by_position_ordinal_and_id():
    assert interpret("book 2", EMPTY, TODAY).option_ref == OptionRef(position=2)
    assert interpret("Book the second one", EMPTY, TODAY).option_ref == OptionRef(position=2)
    uuid = "3F2B6C1E-8A4D-4F0E-9B7A-2C5D8E1F4A6B"
    assert interpret(f"book {uuid}", EMPTY, TODAY).option_ref == OptionRef(option_id=uuid)


def test_booking_by_name_matches_the_shortlist():
    interp = interpret("book the westin", NluContext(shortlist=SHORTLIST), TODAY)
    assert (interp.intent, interp.option_ref) == ("book", OptionRef(option_id="opt-b"))


def test_the_last_one_needs_a_shortlist():
    assert interpret("the last one", NluContext(shortlist=SHORTLIST), TODAY).option_ref == OptionRef(position=2)


def test_a_booking_verb_with_search_criteria_is_a_search():
    interp = interpret("Book me something in Atlanta Apr 14-17", NluContext(shortlist=SHORTLIST), TODAY)
    assert interp.intent == "search"
    assert interp.change.destination.city == "Atlanta"


def test_booking_rooms_is_a_search():
    interp = interpret("book 2 rooms", EMPTY, TODAY)
    assert (interp.intent, interp.change.rooms) == ("search", 2)


def test_an_unknown_place_is_a_problem_not_an_error():
    interp = interpret("hotels in Narnia", EMPTY, TODAY)
    assert interp.problems == ('I couldn\'t find a place called "Narnia".',)
    assert interp.change.destination is msgspec.UNSET


def test_a_room_at_a_shortlisted_hotel_is_a_booking():
    interp = interpret("book a room at Inn at the Market", NluContext(shortlist=SHORTLIST), TODAY)
    assert (interp.intent, interp.option_ref) == ("book", OptionRef(option_id="opt-a"))


def test_a_name_that_is_not_on_the_shortlist_is_still_a_booking_by_name():
    interp = interpret("book the Four Seasons", NluContext(shortlist=SHORTLIST), TODAY)
    assert (interp.intent, interp.option_ref) == ("book", OptionRef(name="the Four Seasons"))


def _booked(text: str, shortlist=SHORTLIST) -> tuple[str, OptionRef | None]:
    interp = interpret(text, NluContext(shortlist=shortlist), TODAY)
    return interp.intent, interp.option_ref


def test_a_name_sharing_only_filler_words_with_a_listed_hotel_is_not_that_hotel():
    assert _booked("book the hilton") == ("book", OptionRef(name="the hilton"))


def test_a_name_not_on_the_shortlist_is_a_booking_by_that_name():
    assert _booked("book Hilton") == ("book", OptionRef(name="Hilton"))


def test_positions_no_list_has_are_still_positions():
    assert _booked("book 0") == ("book", OptionRef(position=0))
    assert _booked("book -1") == ("book", OptionRef(position=-1))
    assert _booked("book option 0") == ("book", OptionRef(position=0))


def test_book_it_among_several_options_says_not_which():
    assert _booked("book it") == ("book", OptionRef(unresolved="it"))
    assert _booked("ok, book that one please") == ("book", OptionRef(unresolved="that one"))
    assert _booked("I'll take it") == ("book", OptionRef(unresolved="it"))


def test_book_it_with_one_listed_option_is_that_option():
    assert _booked("book it", SHORTLIST[:1]) == ("book", OptionRef(position=1))


def test_book_it_with_a_date_is_still_a_search():
    interp = interpret("book it for Friday", NluContext(shortlist=SHORTLIST), TODAY)
    assert (interp.intent, interp.change.check_in) == ("search", dt.date(2026, 12, 4))


def test_a_child_count_does_not_answer_how_many_guests_rooms_or_nights():
    for question in ("adults", "rooms", "nights"):
        change = interpret("1 child", NluContext(last_question=question), TODAY).change
        assert (change.adults, change.rooms, change.nights) == (msgspec.UNSET,) * 3
