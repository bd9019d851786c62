"""The phrasing corpus (corpus_cases.txt): each line's turns through interpret + tracker, exact values."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from corechat.model import Criteria
from corechat.nlu import NluContext, interpret, tracker

TODAY = dt.date(2026, 11, 29)  # a Sunday
CASES_FILE = Path(__file__).with_name("corpus_cases.txt")
_SHORT = [
    ("checkIn", "in"), ("checkOut", "out"), ("nights", "nights"), ("rooms", "rooms"), ("adults", "adults"),
    ("refundableOnly", "refundable"), ("maxPricePerNight", "night"), ("maxTotalPrice", "total"),
    ("minStars", "stars"), ("minRating", "rating"), ("sort", "sort"), ("currency", "currency"),
]


def _cases() -> list[tuple[str, dict]]:
    cases = []
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected = line.split(" ==> ")
        cases.append((text, json.loads(expected, parse_float=Decimal)))
    return cases


def _compact(view: dict) -> dict:
    out: dict = {}
    place = view["destination"]
    if place:
        out["dest"] = f'{place["city"]}|{place["regionCode"]}|{place["countryCode"]}'
    for long, short in _SHORT:
        if view[long] is not None:
            out[short] = view[long]
    return out


def _run(line: str) -> dict:
    criteria = Criteria()
    problems: list[str] = []
    for turn in line.split(" || "):
        interp = interpret(turn, NluContext(criteria=criteria), TODAY)
        if interp.intent == "book":
            ref = interp.option_ref
            fields = {"position": ref.position, "optionId": ref.option_id, "name": ref.name}
            return {"book": {k: v for k, v in fields.items() if v is not None}}
        criteria = tracker.apply(criteria, interp)
        problems = list(interp.problems) + tracker.problems(criteria, TODAY)
    result = _compact(tracker.view(criteria))
    if problems:
        result["problems"] = problems
    return result


def _normalise(expected: dict) -> dict:
    """JSON numbers in the file: money stays Decimal, ratings compare as floats, counts as ints."""
    out = dict(expected)
    for key in ("night", "total"):
        if key in out:
            out[key] = Decimal(str(out[key]))
    for key in ("nights", "rooms", "adults", "stars"):
        if key in out:
            out[key] = int(out[key])
    if "rating" in out:
        out["rating"] = float(out["rating"])
    return out


CASES = _cases()


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 300


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:60] for c in CASES])
def test_phrasing(text: str, expected: dict):
    assert _run(text) == _normalise(expected)
