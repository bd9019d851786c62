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
