"""Booking turns: "book 2", "book the second one", "I'll take option 3", an optionId, "book Inn at the Market"."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from corechat.nlu.numbers import NUMBER_WORD, ORDINAL_WORD, number, ordinal
from corechat.nlu.types import OptionRef, ShortlistEntry

_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
_VERB = (
    r"(?:book|reserve|take|choose|select|pick|grab|want|go\s+(?:for|with)|i'?ll\s+(?:take|have|go\s+with|book)|"
    r"let'?s\s+(?:go\s+with|book|do)|lets\s+(?:go\s+with|book|do)|i\s+(?:want|choose|pick|select)|i'?d\s+like|give\s+me|confirm)"
)
_POLITE = r"(?:please\s+|pls\s+|ok(?:ay)?,?\s+|yes,?\s+|great,?\s+|perfect,?\s+|sure,?\s+|then\s+|can\s+you\s+|could\s+you\s+|just\s+)*"
_NOUN = r"(?:option|number|no\.?|#|hotel|choice|result|one|offer|listing)"
_NOT_COUNT = r"(?!\s*(?:rooms?|nights?|people|persons|adults|guests|days?|weeks?|stars?|more|extra|\$|dollars|/|-|:))"
_STRONG_VERB = r"(?:book|reserve|take|choose|select|pick|go\s+(?:for|with)|i'?ll\s+(?:take|book|go\s+with)|let'?s\s+(?:go\s+with|book))"
_POSITIONS = (
    # "option 2", "book number 3", "I'll take #1"
    re.compile(r"^\s*" + _POLITE + r"(?:" + _VERB + r"\s+(?:me\s+)?(?:the\s+)?)?" + _NOUN + r"\s*(?P<n>\d{1,2}|" + NUMBER_WORD + r")\b" + _NOT_COUNT),
    # "book 2"
    re.compile(r"^\s*" + _POLITE + _STRONG_VERB + r"\s+(?:me\s+)?(?:(?:option|number|no\.?|#)\s*)?(?P<n>-?\d{1,2})\b" + _NOT_COUNT),
    # "book the second one", "I want the 3rd option", "the last one"
    re.compile(
        r"^\s*" + _POLITE + r"(?:" + _VERB + r"\s+(?:me\s+)?)?(?:the\s+)?(?P<ord>" + ORDINAL_WORD + r"|\d{1,2}(?:st|nd|rd|th)|last)"
        r"\s+(?:one|option|hotel|choice|result|offer|listing)\b"
    ),
    # "book the second", "the second please"
    re.compile(
        r"^\s*" + _POLITE + r"(?:" + _STRONG_VERB + r"\s+(?:me\s+)?(?:the\s+)?(?P<ord>" + ORDINAL_WORD + r"|\d{1,2}(?:st|nd|rd|th)|last)"
        r"|(?:the\s+)?(?P<ordw>" + ORDINAL_WORD + r"|last))\s*(?:please|pls|then)?\s*[.!]?\s*$"
    ),
)
_NAMED = re.compile(
    r"^\s*" + _POLITE + r"(?:i'?d\s+like\s+to\s+|i\s+would\s+like\s+to\s+|i\s+want\s+to\s+|i'?ll\s+|let'?s\s+|please\s+)?"
    r"(?:book|reserve|take|go\s+with)\s+"
    r"(?:me\s+)?(?:(?:a\s+)?(?:room|rooms|stay)\s+(?:at|in)\s+)?(?:at\s+)?(?P<name>.+?)"
    r"(?:\s+for\s+(?:me|us|myself|my\s+\w+))?\s*(?:,?\s*please|,?\s*pls|,?\s*thanks?|,?\s*thank\s+you)?\s*[.!]*\s*$"
)
_NOT_A_NAME = re.compile(
    r"^(?:it|that|this|them|that\s+one|this\s+one|one|something|anything|a\s+(?:room|hotel|place|stay|house)|rooms?|hotels?|"
    r"the\s+(?:room|hotel|place|house)|a\s+hotel\s+room|me|now|please)"
    r"(?:\s+(?:for\s+(?:me|us)|now|then|too|as\s+well|again))?\s*[.!?]*$"
    r"|^(?:it|that|this|them|me)\s+(?:for|on|in|from|at)\b"  # "book it for the 5th": a search turn
)
_LAST = "last"


def option_ref(folded: str, original: str, shortlist: tuple[ShortlistEntry, ...]) -> OptionRef | None:
    """The option a booking turn names by id, position or ordinal; None when the turn names none that way."""
    uuid = _UUID.search(folded)
    if uuid:
        return OptionRef(option_id=original[uuid.start():uuid.end()])
    for clause in _clauses(folded):
        for regex in _POSITIONS:
            m = regex.search(clause)
            if not m:
                continue
            groups = m.groupdict()
            word = groups.get("ord") or groups.get("ordw")
            if word == _LAST:
                return OptionRef(position=len(shortlist)) if shortlist else None
            position = _position(groups["n"]) if groups.get("n") else ordinal(word) if word else None
            if position is not None and position <= 50:
                return OptionRef(position=position)  # "book 0", "book -1": a position no list has
    return None


def _position(raw: str) -> int | None:
    if raw.startswith("-"):
        return -int(raw[1:])
    return number(raw)


_PRONOUN = re.compile(
    r"^\s*" + _POLITE + r"(?:" + _STRONG_VERB + r"|i'?d\s+like|i\s+want|i'?ll\s+have)\s+(?P<what>it|that|this|that\s+one|this\s+one|them)"
    r"(?:\s+(?:please|pls|then|now))?\s*[.!]*\s*$"
)


def pronoun_ref(folded: str, original: str, shortlist: tuple[ShortlistEntry, ...]) -> OptionRef | None:
    """ "book it" with a shortlist: the only option when just one is listed, else a booking that says not which."""
    if not shortlist:
        return None
    for clause in _clauses(folded):
        m = _PRONOUN.search(clause)
        if m:
            if len(shortlist) == 1:
                return OptionRef(position=1)
            return OptionRef(unresolved=m["what"])
    return None


def _clauses(folded: str) -> list[str]:
    """"sounds good, book number 1": the whole text, then each clause after a comma or full stop."""
    parts = re.split(r"[,.;!?]+\s*", folded)
    return [folded] + [p for p in parts[1:] if p.strip()]


def _normal(name: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _shortlisted(name: str, shortlist: tuple[ShortlistEntry, ...]) -> ShortlistEntry | None:
    """The entry a typed name means: its words within the name (or the name's within them), or a close
    spelling of the whole name. A shared filler word ("the", "at") is not enough: "the Hilton" is
    not "Inn at the Market"."""
    wanted = _normal(name)
    if not re.search(r"[a-z]", wanted):
        return None
    names = [_normal(entry.name) for entry in shortlist]
    for entry, have in zip(shortlist, names):
        if f" {wanted} " in f" {have} " or f" {have} " in f" {wanted} ":
            return entry
    best = process.extractOne(wanted, names, scorer=fuzz.ratio, score_cutoff=85)
    if best is None:
        best = process.extractOne(wanted, names, scorer=fuzz.token_sort_ratio, score_cutoff=85)
    return shortlist[best[2]] if best is not None else None


def named_option(
    folded: str, original: str, shortlist: tuple[ShortlistEntry, ...], *, must_match: bool = False
) -> OptionRef | None:
    """"book Inn at the Market": the hotel name after a booking verb (matched to the shortlist when there is one)."""
    m = _NAMED.search(folded)
    if not m:
        return None
    name_folded = m["name"].strip()
    if not name_folded or _NOT_A_NAME.match(name_folded):
        return None
    name = original[m.start("name"):m.start("name") + len(m["name"])].strip()
    if shortlist:
        entry = _shortlisted(name_folded, shortlist)
        if entry is not None:
            return OptionRef(option_id=entry.option_id)
    # No shortlisted name matches: still a booking by name, which the engine reports as unavailable.
    return None if must_match else OptionRef(name=name)
