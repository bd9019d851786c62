"""The SGD hotel benchmark's view of a dialogue: what the system line asked, and the scored state."""

from __future__ import annotations

import re

from corechat.nlu.types import Question

_ASKS_OUT = re.compile(r"\bcheck(?:ing|ed)?[\s-]*out\b|leav(?:e|ing)|depart|until when", re.I)
_ASKS_IN = re.compile(r"\bcheck(?:ing|ed)?[\s-]*in(?:to)?\b|arriv|when (?:will|would|do) you (?:go|be there|get there|reach)|start", re.I)
_ASKS_DAY = re.compile(r"which (?:day|date)|what (?:day|date)|when", re.I)
_ASKS_PLACE = re.compile(r"\b(?:where|which (?:city|area|place|location)|what (?:city|area|place|location)|in which|location|area)\b", re.I)


_ASKS_GUESTS = re.compile(
    r"how many (?:people|persons|guests|adults|of you|travell?ers|members|individuals|are (?:staying|going|coming|travell?ing|there))"
    r"|number of (?:people|persons|guests|members|individuals)|in your (?:group|party)|for how many(?! (?:days|nights|rooms))",
    re.I,
)
_ASKS_ROOMS = re.compile(r"how many rooms|number of rooms", re.I)
_ASKS_NIGHTS = re.compile(r"how (?:many (?:days|nights)|long)", re.I)


def question(system_line: str | None) -> Question | None:
    """What a system line asks the traveller for, as the engine's ``last_question`` would say."""
    if not system_line or "?" not in system_line and not re.search(r"\b(?:tell me|let me know|please (?:provide|say|give))\b", system_line, re.I):
        return None
    sentences = [x for x in re.split(r"(?<=[.?!])\s+", system_line.strip()) if x.strip()]
    questions = [x for x in sentences if "?" in x]
    asked = " ".join(questions) if questions else sentences[-1]
    out, into = _ASKS_OUT.search(asked), _ASKS_IN.search(asked)
    if out and into:
        return "dates"
    if out:
        return "checkOut"
    if into:
        return "checkIn"
    if _ASKS_DAY.search(asked) and not _ASKS_PLACE.search(asked) and not _ASKS_GUESTS.search(asked):
        return "checkIn"
    if _ASKS_PLACE.search(asked):
        return "destination"
    if _ASKS_GUESTS.search(asked):
        return "adults"
    if _ASKS_ROOMS.search(asked):
        return "rooms"
    if _ASKS_NIGHTS.search(asked):
        return "nights"
    return None


def state(view: dict) -> dict:
    """score.py's state from the tracker's view: only stated slots."""
    slots = {
        "destination": view["destination"]["city"] if view["destination"] else None,
        "check_in": view["checkIn"],
        "check_out": view["checkOut"],
        "nights": view["nights"],
        "rooms": view["rooms"],
        "adults": view["adults"],
        "stars": view["minStars"],
    }
    return {k: v for k, v in slots.items() if v is not None}


__all__ = ["question", "state"]
