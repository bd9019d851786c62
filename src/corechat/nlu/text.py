"""Normalising text for matching: accent folding and word spans that keep their offsets."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lowercase, accent-free ASCII: "Zürich" -> "zurich", "São Paulo" -> "sao paulo"."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(ch) for ch in text)


def _fold_char(ch: str) -> str:
    # One character in, one out, so offsets in folded text are offsets in the original.
    if ch.isascii():
        return ch.lower()
    if ch in "\u2018\u2019\u02bc":
        return "'"
    base = [c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)]
    return base[0].lower()[0] if base else " "


_SIMPLE = re.compile(r"[a-z]+(?: [a-z]+)*")


def key(name: str) -> str:
    """A place name as an index key: folded, punctuation to single spaces ("St. John's" -> "st john s")."""
    if name.isascii():
        lowered = name.lower()
        if _SIMPLE.fullmatch(lowered):
            return lowered
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        lowered = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _NON_ALNUM.sub(" ", lowered).strip()


def words(folded: str) -> list[tuple[str, int, int]]:
    """The words of already folded text as (word, start, end)."""
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]


def blank(text: str, start: int, end: int) -> str:
    """The text with [start, end) replaced by spaces, so later matchers skip it and offsets stay put."""
    return text[:start] + " " * (end - start) + text[end:]
