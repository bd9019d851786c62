"""Counts and filters: rooms, guests, budgets, refundability, hotel class, guest rating, sort order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from corechat.nlu.numbers import COUNT, NUMBER_WORD, number
from corechat.nlu.text import blank
from corechat.nlu.tracker import MAX_NIGHTS, MAX_ROOMS

_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
_CURRENCY_BEFORE = {"$": None, "us$": None, "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "cad": "CAD", "c$": "CAD"}
_CURRENCY_AFTER = {
    "dollars": None, "dollar": None, "bucks": None, "usd": "USD", "euros": "EUR", "euro": "EUR", "eur": "EUR",
    "€": "EUR", "pounds": "GBP", "gbp": "GBP", "£": "GBP", "$": None, "cad": "CAD",
}
_BUDGET_CUE = (
    r"under|below|less than|lower than|max(?:imum)?|at most|up to|upto|no more than|not more than|not over|"
    r"budget(?:\s+(?:of|is|at|around|about))?|cap(?:ped)?\s+at|cheaper than|within|around|about|<=?|tops|spend"
)
_MONEY = re.compile(
    r"(?P<cue>\b(?:" + _BUDGET_CUE + r")\s*(?::\s*)?)?"
    r"(?:(?P<cur>us\$|c\$|\$|€|£|\busd\b|\beur\b|\bgbp\b|\bcad\b)\s*(?P<amt>" + _AMOUNT + r")(?P<k>k\b)?"
    r"|(?<!\d)(?P<amt2>" + _AMOUNT + r")(?P<k2>k\b)?\s*(?P<cur2>dollars?|bucks|usd|euros?|eur|pounds|gbp|cad|€|\$)(?![a-z])"
    r"|(?<![\d/.,])(?P<amt3>\d{1,3}(?:,\d{3})+|\d{2,5})(?P<k3>k\b)?(?=\s*(?:/|per|a|an|each)\s*(?:night|nite|nt)\b|\s*nightly\b|\s*(?:in\s+)?total\b))"
)
_BARE_BUDGET = re.compile(
    r"\b(?P<cue>(?:(?:max(?:imum)?|total|overall)\s+)?(?:under|below|less than|max(?:imum)?|at most|up to|no more than|budget(?:\s+(?:of|is))?|cap(?:ped)?\s+at|cheaper than|total(?:\s+(?:budget|price|cost))?(?:\s+(?:of|is))?))"
    r"\s*:?\s*(?P<amt>\d{2,3}(?:,\d{3})+|\d{2,6})(?P<k>k\b)?(?!\s*(?:stars?|rooms?|people|guests?|adults?|nights?|days?|%|km|miles|minutes))"
)
_OTHER_COST = re.compile(r"\b(?:parking|breakfast|fee|fees|tax|taxes|deposit|tip|wifi|pet|pets|shuttle|taxi|uber|dinner|lunch|charge|charged|costs?\s+of)\b")
_PER_NIGHT = re.compile(r"^\s*(?:usd|dollars?|bucks|euros?)?\s*(?:/\s*(?:night|nite|nt|n)\b|(?:a|per|an|each|every)\s+(?:night|nite)|nightly|pn\b|per\s+room\s+per\s+night|a\s+day|per\s+day)")
_TOTAL_AFTER = re.compile(r"^\s*(?:usd|dollars?|bucks|euros?)?\s*(?:in\s+)?(?:total|overall|all[\s-]in|altogether|for the (?:whole|entire) (?:stay|trip|thing)|for everything|for all)")
_TOTAL_BEFORE = re.compile(r"(?:total|overall|whole stay|entire stay|all[\s-]in)\s*(?:budget|price|cost|spend)?\s*(?:of|is|at|under|below|max|:)?\s*$")
_NIGHTLY_BEFORE = re.compile(r"(?:nightly|per night|a night|each night|room rate|nightly rate)\s*(?:budget|price|rate|cost)?\s*(?:of|is|at|under|below|max|:)?\s*$")

_REFUNDABLE_NO = re.compile(
    r"\bnon[\s-]?refundable\b(?:\s+(?:ones|rates|options|rooms|hotels))?(?:\s+(?:is|are|would be|'s|s))?\s*(?:fine|ok|okay|good|alright|all right|acceptable|works|too|also|as well|welcome)"
    r"|\b(?:don'?t|do not|doesn'?t|does not|dont|no|not|needn'?t)\s+(?:need|have|require|necessarily|care)\w*\s+(?:to\s+be\s+|it\s+to\s+be\s+|be\s+|about\s+|(?:a\s+)?)?(?:refundable|free cancell?ation|refunds?)"
    r"|\b(?:refundable|free cancell?ation)\s+(?:is\s+|isn'?t\s+)?(?:not\s+)?(?:needed|necessary|required|important|optional)\b"
    r"|\b(?:include|including|show|allow)\s+(?:the\s+)?non[\s-]?refundable"
    r"|\bany\s+cancell?ation\s+(?:policy|terms)|\bnot\s+(?:only|just)\s+refundable|\bnon[\s-]?refundable\b"
)
_REFUNDABLE_YES = re.compile(
    r"\b(?:fully\s+)?refundable\b|\bfree\s+cancell?ation\b|\bcancell?able\b|\bcan\s+(?:be\s+)?cancel(?:l?ed)?\b|\bflexible\s+(?:rate|cancell?ation|booking)s?\b|\brefund\s+possible\b|\bwith\s+(?:a\s+)?refund"
)
_STARS = re.compile(
    r"(?<![\d.])\b(?:at\s+least\s+(?:a\s+)?|minimum\s+(?:of\s+)?|min\s+)?(?P<n>[1-5]|one|two|three|four|five)(?:\s*(?:or|to|-)\s*(?P<n2>[1-5]|two|three|four|five))?(?:\s*\+)?[\s-]*(?:stars?|\*|star-rated)(?!\s*(?:rating\s+(?:of|above|over)))"
    r"(?:\s+(?:and\s+(?:up|above|higher|over|better)|or\s+(?:more|higher|above|better|up)|plus|only|minimum|min|at\s+least))?"
    r"|\b(?:star\s+rating|class|stars?)\s*(?:of|:|>=?|at\s+least|above|over)?\s*(?P<n3>[1-5])\b(?!\.\d)"
)
_RATING = re.compile(
    r"\b(?:guest\s+|review\s+|user\s+)?(?:rating|rated|score|reviews?)\s*(?:should\s+be\s+|must\s+be\s+|needs\s+to\s+be\s+|is\s+|of\s+|at\s+least\s+|above\s+|over\s+|>=?\s*|higher\s+than\s+|better\s+than\s+|of\s+at\s+least\s+|min(?:imum)?\s+(?:of\s+)?)*"
    r"(?P<v>\d{1,2}(?:\.\d)?)(?:\s*(?:/|out\s+of)\s*(?P<scale>5|10))?(?!\s*(?:stars?|\*|rooms?|people|nights?|days?))"
    r"|\b(?P<v3>\d\.\d)\s*stars?\b(?:\s+(?:or|and)\s+(?:higher|more|better|above|up))?"
    r"|\b(?P<v2>\d(?:\.\d)?)\s*(?:\+|or\s+(?:higher|more|better|above))?\s*(?:/\s*(?P<scale2>5|10)\s*)?(?:guest\s+)?(?:rating|rated|score|reviews?)\b"
)
_SORT_PRICE = re.compile(r"\b(?:cheapest|lowest[\s-]+pric\w*|least\s+expensive|cheaper\s+first|(?:sort\w*|order\w*|rank\w*)\s+by\s+(?:the\s+)?(?:price|cost)|by\s+price|price\s*(?:low\s+to\s+high|ascending)|low\s+to\s+high|most\s+affordable)\b")
_SORT_RATING = re.compile(r"\b(?:best|highest|top)[\s-]+(?:rated|reviewed|rating|reviews?)|(?:sort\w*|order\w*|rank\w*)\s+by\s+(?:the\s+)?(?:rating|reviews?|score)|by\s+rating\b")
_SORT_DEFAULT = re.compile(r"\b(?:sort\w*\s+by\s+)?(?:recommended|recommendation|relevance|default\s+(?:sort|order))\b")
_ROOMS = re.compile(
    r"(?<![/.\-])\b(?P<n>(?!a\s|an\s)" + COUNT + r"|a\s+single|a\s+double)\s+(?:(?!(?:nights?|days?|weeks?|people|persons|adults|guests|stars?|of|for|in|and|or|to|with)\b)[a-z]+(?:-[a-z]+)?\s+)?(?:more\s+|separate\s+|hotel\s+|double\s+|single\s+|twin\s+|king\s+|queen\s+|standard\s+|guest\s+|adjoining\s+|connecting\s+|private\s+|bed\s*)*(?:rooms?|rms?)\b"
    r"|\brooms?\s*(?::|=|x)\s*(?P<n2>\d{1,2})\b|\b(?P<n3>\d{1,2})\s*x\s*rooms?\b"
)
_UNITS = r"minutes?|mins?\b|hours?|hrs?\b|miles?|mi\b|km|kilometers?|blocks?|years?|yrs?\b|am\b|pm\b|o'?clock|%|percent|dollars|bucks|usd|\$|degrees|feet|ft\b|meters?|floors?|bags?|beds?"
_GUEST_NOUN = (
    r"adults?|people|persons?|peoples|guests?|travell?ers?|pax|ppl|grown[\s-]?ups|individuals|occupants|"
    r"visitors|members|men|women|friends|colleagues|coworkers|of\s+us|heads|folks"
)
_ADULTS = re.compile(
    r"(?<![/.\-])\b(?P<n>" + COUNT + r"|\d{1,2})\s+(?:total\s+|in\s+total\s+|more\s+)?(?:" + _GUEST_NOUN + r")\b"
    r"|\b(?:party|group|family|team)\s+of\s+(?P<n2>" + COUNT + r")\b"
    r"|\b(?P<n6>" + COUNT + r"|\d{1,2})\s+(?:of\s+us\s+)?in\s+(?:my|our|the)\s+(?:group|party|team)\b"
    r"|\b(?:we\s+are|we're|were|there\s+(?:will\s+be|are|is|'ll\s+be)|it'?s|it\s+will\s+be|it\s+is)\s+(?:just\s+|only\s+)?(?P<n3>(?!a\s|an\s)" + COUNT + r")(?:\s+of\s+us)?\b(?!\s*(?:rooms?|nights?|days?|stars?|" + _UNITS + r"))"
    r"|\b(?:guests?|adults?|people|persons?|pax)\s*(?::|=)?\s*(?P<n4>\d{1,2})\b"
    r"|\bfor\s+(?:just\s+|only\s+)?(?P<n5>\d{1,2}|" + r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve" + r")\b"
    r"(?!\s*(?:nights?|days?|rooms?|stars?|weeks?|months?|whole|full|entire|consecutive|straight|" + _UNITS + "|" + _GUEST_NOUN + r"|\$|dollars|%|:|am\b|pm\b|/|-|\.\d|st\b|nd\b|rd\b|th\b|of\b|more|extra))"
)
_SOLO = re.compile(r"\b(?:just\s+(?:me|myself)|only\s+(?:me|myself)|by\s+myself|on\s+my\s+own|(?:i'?m\s+)?travell?ing\s+(?:alone|solo)|for\s+me\s+only|just\s+for\s+me|only\s+for\s+me|solo|only\s+one\s+person)\b")
_ME_AND_OTHERS = re.compile(
    r"\b(?:me|myself|i)\s*(?:and|\+|plus|&|with)\s*(?:my\s+)?(?P<n>" + COUNT + r"|\d{1,2})\s+(?:more\s+|other\s+)?"
    r"(?:friends?|colleagues?|coworkers?|co-workers?|others?|people|persons|guests|adults|buddies|mates|teammates|coleagues)\b"
)
_OTHERS_WITH_ME = re.compile(
    r"\b(?P<n>" + COUNT + r"|\d{1,2})\s+other\s+(?:person|people|persons|guests?|adults?|travell?ers?|friends?|colleagues?)\b"
)
_IN_TOTAL = re.compile(
    r"\b(?P<n>(?!a\s|an\s)" + COUNT + r"|\d{1,2})\s+(?:people\s+|persons\s+|guests\s+|of\s+us\s+)?(?:in\s+total|total|altogether|all\s+together)\b"
    r"(?!\s+(?:of|nights?|days?|rooms?|price|cost|budget))"
)
_COUPLE = re.compile(
    r"\b(?:(?:me|i)\s+and\s+my\s+(?:wife|husband|partner|girlfriend|boyfriend|fiance\w*|spouse|friend|colleague|mom|mother|dad|father|son|daughter|sister|brother)"
    r"|my\s+(?:wife|husband|partner|girlfriend|boyfriend|fiance\w*|spouse|friend|colleague|mom|mother|dad|father|son|daughter|sister|brother)\s+and\s+(?:me|i|myself)"
    r"|(?:for\s+)?(?:a|the)\s+couple\b(?!\s+of)|both\s+of\s+us|the\s+two\s+of\s+us)\b"
)


@dataclass(slots=True)
class FilterFindings:
    values: dict[str, object] = field(default_factory=dict)  # CriteriaChange field -> value
    deltas: dict[str, int] = field(default_factory=dict)  # "rooms_delta"/"adults_delta": "add a room"
    spans: list[tuple[int, int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # counts stated but impossible ("0 rooms")


_CLEARS = (
    (re.compile(
        r"\b(?:no\s+budget(?:\s+(?:limit|cap|max))?|(?:any|whatever)\s+price|(?:price|budget|cost)\s+(?:doesn'?t|does\s+not|don'?t|is\s+no|isn'?t\s+an?)\s*(?:matter|object|issue|concern)"
        r"|(?:drop|remove|forget|ignore|clear|lose|no)\s+(?:the\s+|my\s+)?(?:budget|price\s+(?:limit|cap|filter|range)|max(?:imum)?\s+price)(?:\s+(?:filter|limit|cap))?)"
    ), ("max_price_per_night", "max_total_price")),
    (re.compile(
        r"\b(?:any\s+(?:star\s+rating|number\s+of\s+stars|stars|class|hotel\s+class)|stars?\s+(?:don'?t|doesn'?t|do\s+not|does\s+not)\s+matter"
        r"|(?:drop|remove|forget|ignore|clear|no)\s+(?:the\s+)?(?:star|stars|star\s+rating|hotel\s+class|class)\s+(?:filter|requirement|minimum|limit))"
    ), ("min_stars",)),
    (re.compile(
        r"\b(?:any\s+(?:guest\s+)?rating|rating\s+(?:doesn'?t|does\s+not)\s+matter"
        r"|(?:drop|remove|forget|ignore|clear)\s+(?:the\s+)?(?:guest\s+)?rating\s+(?:filter|requirement|minimum))"
    ), ("min_rating",)),
    (re.compile(
        r"\b(?:drop|remove|forget|ignore|clear|never\s*mind|skip)\s+(?:about\s+)?(?:the\s+)?(?:refundab\w*|free\s+cancell?ation|cancell?ation)(?:\s+(?:filter|thing|requirement|part|option|bit))?"
    ), ("refundable_only",)),
)
_MORE_ROOMS = re.compile(
    r"\b(?:(?:add|plus)\s+(?P<n1>" + COUNT + r"|another)\s+(?:more\s+|extra\s+)?rooms?|(?P<n2>" + COUNT + r"|another)\s+(?:more|extra|additional)\s+rooms?|another\s+room)\b"
)
_FEWER_ROOMS = re.compile(
    r"\b(?:(?:remove|drop|cancel|minus)\s+(?P<n1>" + COUNT + r")\s+rooms?|(?P<n2>" + COUNT + r")\s+(?:less|fewer)\s+rooms?)\b"
)
_MORE_GUESTS = re.compile(
    r"\b(?:(?:add|plus)\s+(?P<n1>" + COUNT + r"|another)\s+(?:more\s+|extra\s+)?(?:person|people|guests?|adults?)|(?P<n2>" + COUNT + r"|another)\s+(?:more|extra|additional)\s+(?:person|people|persons|guests?|adults?))\b"
)


def find(text: str) -> tuple[FilterFindings, str]:
    """Budgets, refundability, class, rating and sort first (their numbers are not counts), then counts."""
    found = FilterFindings()
    for gate, step in _STEPS:
        if gate is None or gate.search(text):
            text = step(text, found)
    return found, text


def _clears(text: str, found: FilterFindings) -> str:
    for regex, fields in _CLEARS:
        for m in list(regex.finditer(text)):
            for name in fields:
                found.values[name] = False if name == "refundable_only" else None
            text = _take(found, text, m.span())
    for regex, key, sign in ((_MORE_ROOMS, "rooms_delta", 1), (_FEWER_ROOMS, "rooms_delta", -1), (_MORE_GUESTS, "adults_delta", 1)):
        for m in list(regex.finditer(text)):
            raw = m.groupdict().get("n1") or m.groupdict().get("n2") or "another"
            amount = 1 if raw == "another" else number(raw)
            if amount:
                found.deltas[key] = found.deltas.get(key, 0) + sign * amount
                text = _take(found, text, m.span())
    return text


def _take(found: FilterFindings, text: str, span: tuple[int, int]) -> str:
    found.spans.append(span)
    return blank(text, *span)


def _decimal(raw: str, thousands: bool) -> Decimal | None:
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
    return value * 1000 if thousands else value


def _money(text: str, found: FilterFindings) -> str:
    for m in list(_MONEY.finditer(text)):
        g = m.groupdict()
        raw = g["amt"] or g["amt2"] or g["amt3"]
        amount = _decimal(raw, bool(g["k"] or g["k2"] or g["k3"]))
        if amount is None or amount <= 0:
            continue
        currency = _CURRENCY_BEFORE.get(g["cur"]) if g["cur"] else _CURRENCY_AFTER.get(g["cur2"]) if g["cur2"] else None
        if not g["cue"] and _OTHER_COST.search(text[max(0, m.start() - 30):m.start()]):
            continue  # "is parking 20 dollars?": some other price, not a budget
        end = _budget(text, m, amount, currency, found)
        text = _take(found, text, (m.start(), end))
    for m in list(_BARE_BUDGET.finditer(text)):
        amount = _decimal(m["amt"], bool(m["k"]))
        if amount is None or amount < 20:
            continue
        end = _budget(text, m, amount, None, found)
        text = _take(found, text, (m.start(), end))
    return text


def _budget(text: str, m: re.Match, amount: Decimal, currency: str | None, found: FilterFindings) -> int:
    """Records the budget; returns where its phrase ends ("$200 a night" takes "a night" with it)."""
    after = text[m.end():m.end() + 40]
    before = text[max(0, m.start() - 30):m.start()]
    per_night, total = _PER_NIGHT.match(after), _TOTAL_AFTER.match(after)
    end = m.end()
    if per_night or _NIGHTLY_BEFORE.search(before):
        field_name = "max_price_per_night"
        end += per_night.end() if per_night else 0
    elif total or _TOTAL_BEFORE.search(before) or re.search(r"\b(?:total|overall)\b", m.group("cue") or ""):
        field_name = "max_total_price"
        end += total.end() if total else 0
    else:
        field_name = "max_price_per_night"
    found.values[field_name] = amount
    if currency:
        found.values["currency"] = currency
    return end


def _refundable(text: str, found: FilterFindings) -> str:
    for m in list(_REFUNDABLE_NO.finditer(text)):
        found.values["refundable_only"] = False
        text = _take(found, text, m.span())
    if "refundable_only" not in found.values:
        for m in list(_REFUNDABLE_YES.finditer(text)):
            found.values["refundable_only"] = True
            text = _take(found, text, m.span())
    return text


def _stars(text: str, found: FilterFindings) -> str:
    for m in list(_STARS.finditer(text)):
        values = [number(v) if not v.isdigit() else int(v) for v in (m["n"], m["n2"], m["n3"]) if v]
        values = [v for v in values if v and 1 <= v <= 5]
        if not values:
            continue
        found.values["min_stars"] = min(values)
        text = _take(found, text, m.span())
    return text


def _rating(text: str, found: FilterFindings) -> str:
    for m in list(_RATING.finditer(text)):
        raw = m["v"] or m["v2"] or m["v3"]
        value = float(raw)
        scale = m["scale"] or m["scale2"]
        if scale == "10" or (scale is None and value > 5):
            value = value / 2
        if not 0 < value <= 5:
            continue
        found.values["min_rating"] = round(value, 1)
        text = _take(found, text, m.span())
    return text


def _sort(text: str, found: FilterFindings) -> str:
    for regex, sort in ((_SORT_PRICE, "price"), (_SORT_RATING, "rating"), (_SORT_DEFAULT, "recommended")):
        for m in list(regex.finditer(text)):
            found.values["sort"] = sort
            text = _take(found, text, m.span())
    return text


def _rooms(text: str, found: FilterFindings) -> str:
    for m in list(_ROOMS.finditer(text)):
        count = number(m["n"] or m["n2"] or m["n3"])
        if count is None or count <= 0:
            continue
        found.values["rooms"] = count
        text = _take(found, text, m.span())
    return text


def _adults(text: str, found: FilterFindings) -> str:
    for m in list(_SOLO.finditer(text)):
        found.values["adults"] = 1
        text = _take(found, text, m.span())
    for m in list(_OTHERS_WITH_ME.finditer(text)):
        others = number(m["n"])
        if others:
            found.values["adults"] = others + 1
            text = _take(found, text, m.span())
    for m in list(_IN_TOTAL.finditer(text)):
        count = number(m["n"])
        if count and count <= 50:
            found.values["adults"] = count
            text = _take(found, text, m.span())
    for m in list(_ME_AND_OTHERS.finditer(text)):
        others = number(m["n"])
        if others:
            found.values["adults"] = others + 1
            text = _take(found, text, m.span())
    for m in list(_COUPLE.finditer(text)):
        found.values["adults"] = 2
        text = _take(found, text, m.span())
    for m in list(_ADULTS.finditer(text)):
        raw = next(v for v in (m["n"], m["n2"], m["n3"], m["n4"], m["n5"], m["n6"]) if v)
        count = number(raw)
        if count is None or count <= 0 or count > 50:
            continue
        found.values["adults"] = count
        text = _take(found, text, m.span())
    return text


_BARE_COUNT = re.compile(r"(?<![\d.$/:-])\b(?P<n>\d{1,2}|" + NUMBER_WORD + r")\b(?!\.\d|[\d:/])")


# A count in digits beyond what the readers below take (they stop at three digits), or zero: stated,
# so it is reported rather than silently skipped ("0 rooms", "99999999999999999999 nights").
_ANY_COUNT = re.compile(
    r"(?<![\d.,/$\u20ac\u00a3-])(?P<n>\d+)\s*(?P<unit>rooms?|rms?|nights?|nites?|adults?|guests?|people|persons)\b"
)
_MAX_ADULTS = 50
_SHOWN_DIGITS = 12


def _out_of_range(text: str, found: FilterFindings) -> str:
    for m in list(_ANY_COUNT.finditer(text)):
        digits, unit = m["n"].lstrip("0") or "0", m["unit"]
        big = len(digits) > 3
        shown = digits if len(digits) <= _SHOWN_DIGITS else f"a {len(digits)}-digit number"
        if unit.startswith(("room", "rm")):
            problem = "At least 1 room is needed." if digits == "0" else (
                f"At most {MAX_ROOMS} rooms can be booked at once; you asked for {shown}." if big else None)
        elif unit.startswith("ni"):  # "0 nights" is read as a stay of no nights, which the tracker reports
            problem = f"A stay can be at most {MAX_NIGHTS} nights; you asked for {shown}." if big else None
        else:
            problem = "At least 1 guest is needed." if digits == "0" else (
                f"At most {_MAX_ADULTS} guests can be booked for; you asked for {shown}."
                if big or int(digits) > _MAX_ADULTS else None)
        if problem is not None:
            found.problems.append(problem)
            text = _take(found, text, m.span())
    return text


# "2 adults 1 child": criteria have no field for children, so their count is masked, never read as
# adults, rooms or nights (not even as the answer to "how many guests?").
_CHILDREN = re.compile(
    r"(?<![/.\-])\b(?:" + COUNT + r"|\d+)\s+(?:(?:small|young|little)\s+)?(?:child(?:ren)?|kids?|infants?|bab(?:y|ies)|toddlers?|minors?)\b"
)


def _children(text: str, found: FilterFindings) -> str:
    for m in list(_CHILDREN.finditer(text)):
        text = _take(found, text, m.span())
    return text


def bare_count(text: str) -> tuple[int, tuple[int, int]] | None:
    """A lone number answering "how many?" ("Three please.", "2."), with its span."""
    m = _BARE_COUNT.search(text)
    if not m:
        return None
    value = number(m["n"])
    return (value, m.span()) if value else None


# Each step, behind a cheap test for a word it cannot match without (most turns name few filters).
_STEPS = (
    (re.compile(r"budget|pric|cost|star|class|rating|refund|cancel|room|person|people|guest|adult|\badd\b|plus|another|more|extra|additional|remove|drop|less|fewer|minus"), _clears),
    (re.compile(r"[\d$\u20ac\u00a3]"), _money),
    (re.compile(r"refund|cancel"), _refundable),
    (re.compile(r"star|\*|class"), _stars),
    (re.compile(r"rat|score|review|\d\.\d\s*star"), _rating),
    (re.compile(r"cheap|pric|expensive|rated|rating|review|recommend|relevance|default|low|afford|sort|order|rank"), _sort),
    (re.compile(r"child|kid|infant|bab|toddler|minor"), _children),
    (re.compile(r"\d\s*(?:r|ni|adu|gu|pe)"), _out_of_range),
    (re.compile(r"rooms?\b|\brms?\b"), _rooms),
    (None, _adults),
)
