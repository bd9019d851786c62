"""Finding the destination in a turn: names, nicknames, airport codes, qualifiers, misspellings."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from corechat.model import Place
from corechat.nlu.gazetteer import SHORT_NICKNAMES, City, Gazetteer, Qualifier, load
from corechat.nlu.text import key, words
from corechat.nlu.vocabulary import COMMON, MONTHS_AND_DAYS

__all__ = ["load", "find", "PlaceFinding"]

LOCATIVE = frozenset({"in", "to", "at", "around", "near", "visiting", "visit", "into", "nearby", "for", "meant", "mean"})
# Words after which a capitalised name can only be a place ("in Narnia"; not "for Christmas").
_NAMES_A_PLACE = frozenset({"in", "to", "at", "visiting", "visit", "into"})
# Right next to a landmark ("near Times Square NYC"): weaker than "in"/"to".
_NEAR = frozenset({"near", "around", "nearby", "by", "for"})
# A place this close to one at least this many times bigger is part of it (a district, a landmark).
_PART_OF_KM = 25
_PART_OF_RATIO = 5
# Right after these a place is where the traveller is not going: "flying from Boston", "instead of Seattle".
AWAY_FROM = frozenset({"from", "leaving", "of", "not", "than", "except", "avoid", "say", "said"})
_NEGATIONS = frozenset({"not", "n't", "isn't", "aren't", "don't", "won't", "never", "nor"})
_ENGLISH_ENDING = re.compile(r"(?:ing|ed|ly|tion|ment|ness|ful|able|ous|ive|er|est)$")
# "Nancy here!", "my name is Florence": a person, not a place.
_INTRODUCTION_BEFORE = re.compile(r"(?:name is|name's|this is|i am|i'm|im|call me|regards,?|thanks,?)\s*$")
_JOINERS = frozenset({" ", "-", ". ", ".", " - "})
_LODGING_WORDS = frozenset({"hotel", "hotels", "inn", "suites", "resort", "lodge", "motel", "hostel"})


@dataclass(frozen=True, slots=True)
class PlaceFinding:
    place: Place | None
    spans: tuple[tuple[int, int], ...] = ()  # character spans the place (and its qualifier) used
    unknown: str | None = None  # the words that look like a place name but match nothing
    region: str | None = None  # a state, province or country named where a city was wanted ("in Florida")


@dataclass(slots=True)
class _Candidate:
    first: int  # word indexes [first, last)
    last: int
    cities: list[int]
    score: int
    end_char: int


def find(original: str, folded: str, *, expecting_place: bool = False) -> PlaceFinding:
    """The destination this text names, if any. ``folded`` is ``original`` folded, with used spans blanked."""
    g = load()
    toks = words(folded)
    if not toks:
        return PlaceFinding(None)
    candidates: list[_Candidate] = []
    i = 0
    first_words, longest_from = g.first_words, g.longest_from
    while i < len(toks):
        word = toks[i][0]
        if word not in first_words and word.split("'")[0] not in first_words:
            i += 1
            continue
        if word in COMMON and longest_from.get(word, 1) == 1 and not original[toks[i][1]].isupper() \
                and not expecting_place and folded[toks[i][2]:toks[i][2] + 1] != ",":
            i += 1  # a lowercase ordinary word is never a place without a qualifier
            continue
        found = _longest_at(g, original, folded, toks, i, expecting_place)
        if found is None:
            i += 1
            continue
        candidates.append(found)
        i = found.last
    if len(candidates) > 1:
        candidates = _without_parts(g, candidates)
    if candidates:
        best = max(candidates, key=lambda c: (c.score, c.last - c.first, -c.first))
        return PlaceFinding(g.place_for(best.cities[0]), ((toks[best.first][1], best.end_char),))
    fuzzy = _fuzzy(g, original, folded, toks, expecting_place)
    if fuzzy is not None:
        return fuzzy
    unknown = _unknown_name(original, toks, expecting_place)
    if unknown is not None and key(unknown) in g.regions:
        return PlaceFinding(None, region=unknown)
    return PlaceFinding(None, unknown=unknown)


def _without_parts(g: Gazetteer, candidates: list[_Candidate]) -> list[_Candidate]:
    """Drops "Times Square" when "NYC" is also named: a district of another place in the same turn."""
    def part_of(small: City, big: City) -> bool:
        if big.population < _PART_OF_RATIO * small.population or small.country_code != big.country_code:
            return False
        dy = (small.latitude - big.latitude) * 111
        dx = (small.longitude - big.longitude) * 111 * math.cos(math.radians(big.latitude))
        return dx * dx + dy * dy <= _PART_OF_KM ** 2

    cities = [g.cities[c.cities[0]] for c in candidates]
    return [c for c, city in zip(candidates, cities) if not any(part_of(city, other) for other in cities if other is not city)]


def _before(folded: str, toks, i: int) -> str:
    """The word right before token i, when only spaces separate them ("in Paris", not "at. Paris")."""
    if i == 0 or folded[toks[i - 1][2]:toks[i][1]].strip():
        return ""
    return toks[i - 1][0]


def _contiguous(folded: str, toks, i: int, j: int) -> bool:
    return folded[toks[i][2]:toks[j][1]] in _JOINERS


def _capitalised(original: str, tok) -> bool:
    return original[tok[1]].isupper()


def _longest_at(g: Gazetteer, original: str, folded: str, toks, i: int, expecting: bool) -> _Candidate | None:
    most = min(g.longest_from.get(toks[i][0].split("'")[0], 1), g.max_name_words)
    limit = 1
    while limit < most and i + limit < len(toks) and _contiguous(folded, toks, i + limit - 1, i + limit):
        limit += 1
    for n in range(limit, 0, -1):
        phrase = " ".join(t[0] for t in toks[i:i + n]).replace("'", " ")
        cities = _lookup(g, original, toks, i, n, phrase)
        if not cities:
            continue
        last = i + n
        end_char = toks[last - 1][2]
        qualifier, q_last, q_end = _qualifier(g, original, folded, toks, last)
        if qualifier is not None:
            narrowed = [c for c in cities if _within(g, c, qualifier)]
            if narrowed:
                cities, last, end_char = narrowed, q_last, q_end
            else:
                qualifier = None
        alternate = phrase not in g.by_name and phrase not in g.nicknames
        score = _evidence(original, toks, i, n, phrase, qualifier is not None, expecting, alternate)
        if score is None and phrase in g.nicknames and phrase not in SHORT_NICKNAMES and n > 1:
            score = 0  # "the bay area", "the big apple": curated nicknames need no capitals
        if score is None:
            continue
        if qualifier is None and not _plausible(g, original, folded, toks, i, last, cities, phrase, score):
            continue
        return _Candidate(i, last, cities, score, end_char)
    return None


def _lookup(g: Gazetteer, original: str, toks, i: int, n: int, phrase: str) -> list[int]:
    nickname = g.nicknames.get(phrase)
    if nickname is not None:
        if phrase in SHORT_NICKNAMES:
            typed = original[toks[i][1]:toks[i + n - 1][2]]
            if not (typed.isupper() or _before(original.lower(), toks, i) in LOCATIVE):
                return []
        return [nickname]
    cities = g.by_name.get(phrase)
    if cities:
        alternates = g.by_alternate.get(phrase)
        if alternates and g.cities[alternates[0]].population > 10 * g.cities[cities[0]].population:
            return alternates + cities  # "Bombay"-style: the famous city beats a small namesake
        return cities + [a for a in alternates or () if a not in cities]
    cities = g.by_alternate.get(phrase)
    if cities:
        return cities
    if n == 1 and len(phrase) == 3:
        typed = original[toks[i][1]:toks[i][2]]
        airport = g.by_airport.get(typed) if typed.isupper() else None
        if airport is not None and phrase not in COMMON and typed not in g.region_codes:
            return [airport]
    return []


def _evidence(
    original: str, toks, i: int, n: int, phrase: str, qualified: bool, expecting: bool, alternate: bool = False
) -> int | None:
    """How sure we are this is a place; None when an ordinary word has no evidence of being one."""
    before = _before(original.lower(), toks, i)
    capital = _capitalised(original, toks[i])
    locative = before in LOCATIVE
    score = 0
    if locative:
        score += 2 if before in _NEAR else 3
    if qualified:
        score += 2
    if capital:
        score += 1
    if before in AWAY_FROM:
        score -= 3
    if any(t[0] in _NEGATIONS for t in toks[max(0, i - 4):i]):
        score -= 3  # "I'm not going to Chicago, I'm going to Paris"
    names = phrase.split()
    if n == 1 and phrase in MONTHS_AND_DAYS:
        return score if qualified else None
    if all(w in COMMON for w in names):
        sole = len(toks) == n
        if n == 1:
            ok = qualified or (capital and locative) or (expecting and sole)  # "Where to?" "mobile"
        elif alternate:  # "White House" is a name for Casablanca, "Central Park" for a town
            ok = qualified or (locative and before not in _NEAR) or expecting
        else:
            ok = qualified or capital or locative
        if not ok:
            return None
    return score


def _plausible(g: Gazetteer, original: str, folded: str, toks, i: int, last: int, cities, phrase: str, score: int) -> bool:
    """Rules out a person's name, a state or country that is also a small town, and part of a longer name."""
    locative = _before(folded, toks, i) in LOCATIVE
    if not locative:
        if _INTRODUCTION_BEFORE.search(folded[:toks[i][1]]) or folded[toks[last - 1][2]:].lstrip().startswith("here"):
            return False
    if phrase in g.regions and g.cities[cities[0]].population < 100_000:
        return False  # "Florida", "Georgia": the region, not the town of that name
    if phrase in COMMON and last < len(toks) and _capitalised(original, toks[last]) \
            and folded[toks[last - 1][2]:toks[last][1]] == " ":
        return False  # "Best Western", "Central Market": one word of a longer proper name
    return True


def _qualifier(g: Gazetteer, original: str, folded: str, toks, at: int) -> tuple[Qualifier | None, int, int]:
    """A region or country right after a city name: "Portland, Maine", "Portland OR", "London UK"."""
    if at >= len(toks):
        return None, at, 0
    gap = folded[toks[at - 1][2]:toks[at][1]]
    if gap not in (" ", ", ", ",", " ,", ",  "):
        return None, at, 0
    comma = "," in gap
    for n in (3, 2, 1):
        if at + n > len(toks):
            continue
        phrase = " ".join(t[0] for t in toks[at:at + n])
        found = g.regions.get(phrase)
        if found and (comma or n > 1 or phrase not in COMMON):
            return _qualifier_match(found), at + n, toks[at + n - 1][2]
    typed = original[toks[at][1]:toks[at][2]].replace(".", "")
    last_word = at + 1 == len(toks) and not folded[toks[at][2]:].strip(" .!?")
    if typed.isupper() or comma or (last_word and len(typed) == 2):
        found = g.region_codes.get(typed.upper())
        if found:
            return _qualifier_match(found), at + 1, toks[at][2]
    return None, at, 0


def _qualifier_match(found: list[Qualifier]) -> Qualifier:
    if len(found) == 1:
        return found[0]
    return _AnyOf(found)  # type: ignore[return-value]


class _AnyOf:
    """Several regions share a name or code ("WA": Washington and Western Australia)."""

    def __init__(self, options: list[Qualifier]) -> None:
        self.options = options


def _within(g: Gazetteer, index: int, qualifier) -> bool:
    city = g.cities[index]
    options = qualifier.options if isinstance(qualifier, _AnyOf) else [qualifier]
    return any(
        city.country_code == q.country_code and (q.admin1 is None or city.admin1 == q.admin1) for q in options
    )


def _fuzzy(g: Gazetteer, original: str, folded: str, toks, expecting: bool) -> PlaceFinding | None:
    """A misspelt city ("Seatle", "San Fransisco"), tried only on words that are not ordinary English."""
    best: tuple[float, int, int, int, str] | None = None  # score, population, first, last, name
    for i, tok in enumerate(toks):
        word = tok[0]
        if len(word) < 4 or not word.isalpha() or word in COMMON or word in g.by_name or word in g.regions:
            continue
        before = _before(folded, toks, i)
        evidence = expecting or _capitalised(original, tok) or (
            before in _NAMES_A_PLACE and before != "to" and not _ENGLISH_ENDING.search(word)
        )
        if not evidence:
            continue
        spans = [(i, i + 1)]
        if i + 1 < len(toks) and _contiguous(folded, toks, i, i + 1) and toks[i + 1][0].isalpha():
            spans.insert(0, (i, i + 2))
        if i > 0 and _contiguous(folded, toks, i - 1, i) and toks[i - 1][0].isalpha() and toks[i - 1][0] not in LOCATIVE:
            spans.insert(0, (i - 1, i + 1))
        for first, last in spans:
            phrase = " ".join(t[0] for t in toks[first:last])
            cutoff = 84 if len(phrase) >= 7 else 90
            choices = g.fuzzy_buckets.get((phrase[0], len(phrase)), ())
            match = process.extractOne(phrase, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
            if match is None and len(phrase) >= 6:  # one swapped pair of letters: "Tuscon", "Seattel"
                near = process.extract(phrase, choices, scorer=OSA.distance, score_cutoff=1, limit=5)
                swapped = [m for m in near if sorted(m[0]) == sorted(phrase)]
                match = (swapped[0][0], 90.0, swapped[0][2]) if swapped else None
            if match is None:
                continue
            index = g.by_name[match[0]][0]
            words_bonus = 4 * (last - first - 1)  # "Sante Fe" is "Santa Fe", not "Santee"
            candidate = (match[1] + words_bonus, g.cities[index].population, first, last, match[0])
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    if best is None:
        return None
    index = g.by_name[best[4]][0]
    return PlaceFinding(g.place_for(index), ((toks[best[2]][1], toks[best[3] - 1][2]),))


def _gap_before(original: str, toks, j: int) -> bool:
    """True when something other than a space separates token j from the one before it."""
    return original[toks[j - 1][2]:toks[j][1]] != " "


def _unknown_name(original: str, toks, expecting: bool) -> str | None:
    """The capitalised words in a place slot that named no place we know: after "in"/"to"/..., after
    "what about"/"how about", or right before "instead" ("Atlantis", "how about Zorbleton?")."""
    lowered = original.lower()
    for i, tok in enumerate(toks):
        if tok[0] in COMMON or not tok[0].isalpha() or not (_capitalised(original, tok) or expecting):
            continue
        last = i + 1
        while last < len(toks) and last - i < 3 and toks[last][0].isalpha() \
                and toks[last][0] not in MONTHS_AND_DAYS and _capitalised(original, toks[last]) \
                and not _gap_before(original, toks, last):
            last += 1
        in_slot = _before(lowered, toks, i) in _NAMES_A_PLACE or (expecting and i == 0) \
            or _after_offer(lowered, toks, i) or _before_instead(lowered, toks, last)
        if not in_slot:
            continue
        if any(t[0] in _LODGING_WORDS for t in toks[i:last]):
            return None  # "what about Ace Hotel?": a hotel's name, not a town
        return original[tok[1]:toks[last - 1][2]]
    return None


def _after_offer(lowered: str, toks, i: int) -> bool:
    """ "what about X", "how about X", "make it X", "try X": the words right before token i offer an alternative."""
    before = _before(lowered, toks, i)
    if before == "try":
        return True
    return i >= 2 and (before, _before(lowered, toks, i - 1)) in (("about", "what"), ("about", "how"), ("it", "make"))


def _before_instead(lowered: str, toks, last: int) -> bool:
    """ "X instead": the word right after the name replaces what was said before."""
    return last < len(toks) and toks[last][0] == "instead" and _before(lowered, toks, last) != ""
