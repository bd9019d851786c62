"""Small numbers as people type them: digits, words ("three", "twenty-one"), ordinals ("3rd", "third")."""

from __future__ import annotations

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "a": 1, "an": 1, "single": 1, "couple": 2, "pair": 2,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}
_TENS = {"twenty": 20, "thirty": 30}

# Regex alternations (longest first so "seventeen" is not read as "seven").
_number_words = sorted(
    [w for w in UNITS if w not in ("a", "an", "single", "couple", "pair")], key=len, reverse=True
)
NUMBER_WORD = r"(?:(?:twenty|thirty)[- ](?:one|two|three|four|five|six|seven|eight|nine)|" + "|".join(_number_words) + ")"
_ordinal_words = sorted(ORDINALS, key=len, reverse=True)
ORDINAL_WORD = r"(?:(?:twenty|thirty)[- ]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|" + "|".join(_ordinal_words) + ")"
NUMBER = r"(?:\d{1,3}|" + NUMBER_WORD + ")"
COUNT = r"(?:\d{1,3}|" + NUMBER_WORD + r"|a|an|a single|a couple of|a pair of|single)"


def number(text: str) -> int | None:
    """The value of a number word or digits: "3" -> 3, "twenty-one" -> 21, "a couple of" -> 2."""
    t = text.strip().lower().replace("-", " ")
    if t.isdigit():
        return int(t)
    t = t.removeprefix("a ").removesuffix(" of") if t not in ("a", "an") else t
    if t in UNITS:
        return UNITS[t]
    parts = t.split()
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in UNITS:
        return _TENS[parts[0]] + UNITS[parts[1]]
    return None


def ordinal(text: str) -> int | None:
    """"3rd" -> 3, "third" -> 3, "twenty-first" -> 21, "3" -> 3."""
    t = text.strip().lower().replace("-", " ")
    digits = t.rstrip("stndrh")
    if digits.isdigit():
        return int(digits)
    if t in ORDINALS:
        return ORDINALS[t]
    parts = t.split()
    if len(parts) == 1 and parts[0][:6] in ("twenty", "thirty"):
        parts = [parts[0][:6], parts[0][6:]]
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in ORDINALS:
        return _TENS[parts[0]] + ORDINALS[parts[1]]
    return None
