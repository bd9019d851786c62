"""Which option a booking event means: an optionId this session was shown, a position, or a hotel name."""

from __future__ import annotations

import re

from corechat.model import Option

from .turn import Turn


def resolve_option(turn: Turn) -> Option | None:
    state, command = turn.state, turn.command
    if command.option_id is not None:
        return state.shown_option(command.option_id)
    ref = command.interpretation.option_ref if command.interpretation else None
    if ref is None:
        return None
    if ref.position is not None:
        return state.shortlist[ref.position - 1] if 1 <= ref.position <= len(state.shortlist) else None
    if ref.option_id is not None:
        return state.shown_option(ref.option_id)
    if ref.name:
        return option_named(ref.name, state.shortlist) or option_named(ref.name, tuple(reversed(state.shown)))
    return None


def named_option_id(turn: Turn) -> str | None:
    """The optionId the event names outright (in the payload or the text), if it names one."""
    if turn.command.option_id is not None:
        return turn.command.option_id
    ref = turn.command.interpretation.option_ref if turn.command.interpretation else None
    return ref.option_id if ref is not None else None


def _normal(name: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def option_named(name: str, options: tuple[Option, ...]) -> Option | None:
    """The option a traveller named: the same name first, else one name's words within the other's.

    A name must have a letter: "book 0" or "book -1" names nothing (digits alone would match any
    hotel with that digit in its name), and is option_unavailable like any reference to nothing.
    """
    wanted = _normal(name)
    if not re.search(r"[a-z]", wanted):
        return None
    for option in options:
        if _normal(option.name) == wanted:
            return option
    for option in options:
        have = _normal(option.name)
        if _within(wanted, have) or _within(have, wanted):
            return option
    return None


def _within(words: str, text: str) -> bool:
    """Whole words in order: "pike" is within "pike lodge", "inn" is not within "innsbruck"."""
    return f" {words} " in f" {text} "
