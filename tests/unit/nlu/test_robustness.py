"""interpret never raises: any text gives an Interpretation whose change the tracker can apply."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from corechat.model import Criteria
from corechat.nlu import NluContext, interpret, tracker

TODAY = dt.date(2026, 11, 29)
WORDS = st.sampled_from(
    "Seattle seatle NYC LA Mobile Nice in to from for the a 2 3rd 12/31 2027-02-30 Feb 30 Mar 20-23 - to through "
    "nights night rooms adults $ 250 € under a night total stars 4.5 rating book option the second one "
    "refundable non-refundable next Friday tomorrow weekend 31/31 0 00 99999 ,. ? ! é ß 東京 🙂".split()
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(WORDS, max_size=14).map(" ".join))
def test_word_salad_never_raises(text):
    interp = interpret(text, NluContext(), TODAY)
    criteria = tracker.apply(Criteria(), interp) if interp.intent == "search" else Criteria()
    tracker.view(criteria)
    tracker.problems(criteria, TODAY)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=80))
def test_any_text_never_raises(text):
    interpret(text, NluContext(last_question="destination"), TODAY)


def test_empty_and_long_texts():
    assert interpret("", NluContext(), TODAY).intent == "search"
    long_text = "I need a hotel in Seattle please " * 300
    assert interpret(long_text, NluContext(), TODAY).change.destination.city == "Seattle"


HUGE = "9" * 5000  # longer than Python will turn into an int from a string by default


def test_huge_numbers_are_reported_not_read_or_raised():
    for text, problem in (
        (f"Seattle {HUGE} rooms", "At most 9 rooms can be booked at once; you asked for a 5000-digit number."),
        (f"Seattle for {HUGE} nights", "A stay can be at most 30 nights; you asked for a 5000-digit number."),
        (f"Seattle {HUGE} adults", "At most 50 guests can be booked for; you asked for a 5000-digit number."),
    ):
        interp = interpret(text, NluContext(), TODAY)
        assert interp.problems == (problem,)
        assert tracker.view(tracker.apply(Criteria(), interp))["rooms"] is None


def test_huge_numbers_anywhere_never_raise():
    for text in (HUGE, f"book {HUGE}", f"Seattle under ${HUGE}", f"Seattle 3/{HUGE}", f"Seattle in {HUGE} days",
                 f"Seattle {HUGE}.{HUGE}.{HUGE}", f"rooms: {HUGE}", f"{HUGE} {HUGE}-{HUGE}"):
        interp = interpret(text, NluContext(), TODAY)
        if interp.intent == "search":
            tracker.problems(tracker.apply(Criteria(), interp), TODAY)
