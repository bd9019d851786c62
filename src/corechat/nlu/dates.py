"""Dates of a stay: a small grammar of the ways people write them, resolved against today.

Finds date mentions (month names either way round, US numeric, ISO, today/tomorrow, weekdays,
"in 10 days", bare ordinals), joins ranges ("Mar 20-23", "Dec 30 - Jan 3"), gives each a role
(check-in or check-out) from the words around it, and reads lengths of stay ("3 nights", "a week")
and relative changes ("add one more night", "move it a week later").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from corechat.nlu.numbers import COUNT, ORDINAL_WORD, number, ordinal
from corechat.nlu.text import blank

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "tues": 1, "wednesday": 2, "weds": 2, "thursday": 3, "thurs": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}
SHORT_WEEKDAYS = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}
MAX_DAYS_AHEAD = 730  # "in 10 days" yes; "in 5000 days" is not a date

_MONTH = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"
_DAY = r"(?:(?P<{name}>\d{{1,2}})(?:st|nd|rd|th)?|(?P<{name}w>" + ORDINAL_WORD + "))"
_CONNECT = r"\s*(?:-|–|—|to|through|thru|until|till|til|and|through to|to the|until the|till the)\s*(?:the\s+)?"
_NOT_A_COUNT = r"(?! ?(?:/|:|\.\d|%|rooms?\b|people|persons?|guests?|adults?|nights?|days?|stars?|dollars|bucks|usd|eur|pm\b|am\b))"
_YEAR = r"(?:,?\s*(?P<year>20\d\d))?"

_ISO = re.compile(r"\b(?P<y>20\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")
# "20.03.2027": day first, as Europeans write it; only with a year, so "4.5" stays a number.
_DOTTED = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>20\d\d|\d\d)(?![\d]|\.\d)")
_NUMERIC = re.compile(
    r"(?<![\d/$])(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d/])"
    r"(?:\s*(?:-|–|to|through|thru|until|till)\s*(?:(?P<m2>\d{1,2})/(?P<d2>\d{1,2})(?:/(?P<y2>\d{4}|\d{2}))?(?![\d/])"
    r"|(?P<dd>\d{1,2})\b(?![/:.]\d| ?(?:rooms?|people|persons|guests|adults|nights?|days?|stars?|pm|am)\b)))?"
)
_MONTH_DAY = re.compile(
    r"\b" + _MONTH.format(name="month") + r"(?:\s+(?:the\s+)?|(?=\d))" + _DAY.format(name="day") + r"\b" + _YEAR
    + r"(?:" + _CONNECT + r"(?P<day2>\d{1,2})(?:st|nd|rd|th)?\b" + _NOT_A_COUNT
    + r"(?:,?\s*(?P<year2>20\d\d))?)?"
)
_DAY_MONTH = re.compile(
    r"\b(?:the\s+)?" + _DAY.format(name="day") + r"(?:" + _CONNECT + _DAY.format(name="day2") + r")?"
    + r"\s*(?:of\s+|,\s*|\s)?" + _MONTH.format(name="month") + r"(?![a-z])" + _YEAR
)
_DAY_OF_THIS_MONTH = re.compile(
    r"\b(?:the\s+)?" + _DAY.format(name="day") + r"\s+of\s+(?P<which>this|next|the following|the next)\s+month\b"
)
_RELATIVE_DAY = re.compile(
    r"\b(?:(?P<dat>(?:the\s+)?day\s+after\s+tomorrow)|(?P<tomorrow>tomorrow|tmrw|tmr|2morrow)|(?P<today>today|tonight|this evening|this afternoon)|(?P<yesterday>yesterday|last\s+night))\b"
)
_HOLIDAYS = {
    "christmaseve": (12, 24), "christmas": (12, 25), "christmasday": (12, 25), "xmas": (12, 25),
    "xmaseve": (12, 24), "newyearseve": (12, 31), "nye": (12, 31), "newyearsday": (1, 1),
    "valentinesday": (2, 14), "halloween": (10, 31), "independenceday": (7, 4), "boxingday": (12, 26),
}
_HOLIDAY = re.compile(
    r"\b(?P<name>christmas\s+eve|christmas(?:\s+day)?|xmas(?:\s+eve)?|new\s+year'?s\s+(?:eve|day)|nye|valentine'?s\s+day"
    r"|halloween|independence\s+day|boxing\s+day|thanksgiving)\b"
)
_SMALL_TALK = re.compile(
    r"(?:\bhow\s+(?:are|is|'s|was)\b.*|\bdoing\s+|\bhelp(?:ing)?\s+(?:me\s+|you\s+|us\s+)?|\bthanks?\b.*|\bthank\s+you\b.*|\bweather\b.*)$"
)
_IN_DAYS = re.compile(
    r"\b(?:in\s+(?P<n1>" + COUNT + r")\s+(?P<u1>days?|weeks?)|(?P<n2>" + COUNT + r")\s+(?P<u2>days?|weeks?)\s+from\s+(?:now|today))\b"
)
_WEEKDAY_RE = re.compile(
    r"\b(?:(?P<pre>this coming|this|next|coming|upcoming|last|past|previous)\s+)?(?P<wd>" + _WEEKDAY + r")\b"
    r"(?:\s+(?:of\s+)?(?P<post>this|next)\s+week\b)?"
    r"|\b(?P<pre2>this|next)\s+week(?:'s)?\s+(?P<wd2>" + _WEEKDAY + r")\b"
)
_ANY_WEEKDAY = r"(?:" + "|".join(sorted(list(WEEKDAYS) + list(SHORT_WEEKDAYS), key=len, reverse=True)) + r")\.?"
# "mon-wed", "Fri to Sun": abbreviations count as weekdays only in a range or after "next"/"this"/...
_WEEKDAY_RANGE = re.compile(
    r"\b(?:(?P<pre>this|next|coming|last|past|previous)\s+)?(?P<a>" + _ANY_WEEKDAY + r")\s*(?:-|–|to|through|thru|till|until)\s*(?P<b>" + _ANY_WEEKDAY + r")(?![a-z])"
)
_SHORT_WEEKDAY = re.compile(
    r"\b(?P<pre>this|next|coming|on|from|until|till|thru)\s+(?P<wd>" + "|".join(sorted(SHORT_WEEKDAYS, key=len, reverse=True)) + r")\.?(?![a-z])"
)
_WEEKEND = re.compile(r"\b(?P<which>this coming|this|next|the|over the|for the|on the)\s+weekend\b(?!\s+of\b)")
# "5th Ave", "3rd floor", "2nd time": ordinals that are not days of the month.
_NOT_A_DAY = (
    r"(?:ave(?:nue)?|st(?:reet)?\b|floor|fl\b|road|rd\b|blvd|boulevard|place|pl\b|lane|ln\b|way|drive|dr\b"
    r"|anniversary|birthday|grade|time|row|century|edition|level|gen\w*|option|one|hotel|choice|result|person|guest|room|night|week|year|month|visit|trip|stop)"
)
_BARE_ORDINAL = re.compile(
    r"(?<!\d\s)\b(?:(?:on|until|till|til|through|thru|from|by|to|for|after|before|and)\s+)?(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)\b(?!\s*" + _NOT_A_DAY + ")"
    r"|\b(?:on|until|till|through|from|by)\s+the\s+(?P<dayw>" + ORDINAL_WORD + r")\b(?!\s+(?:one|option|hotel|choice|room|place|time|floor))"
    r"|\b(?:on|until|till|through|from)\s+the\s+(?P<dayn>\d{1,2})\b" + _NOT_A_COUNT
)

_PAIRING = re.compile(r"^\s*(?:,\s*)?(?:-|–|—|to|through|thru|until|till|til|and|through to|to the|and the|,)\s*(?:the\s+)?$")

_IN_CUE = re.compile(
    r"\bcheck(?:ing|ed)?[\s-]*in(?:to)?\b|\bcheckin\b|arriv\w*|\bfrom\b|\bstart\w*|\bbeginning\b|\bget(?:ting)? there\b|\bgo(?:ing)? there\b"
    r"|\breach\w*|\bcoming\b|\bcome in\b|\bin on\b|\bfly(?:ing)? in\b|\bland\w*"
)
_OUT_CUE = re.compile(
    r"\bcheck(?:ing|ed)?[\s-]*out\b|\bcheckout\b|\bleav\w*|\bdepart\w*|\buntil\b|\btill?\b|\bthrough\b|\bthru\b|\breturn\w*"
    r"|\bout\b|\bend\w*|\bstay(?:ing)? (?:on )?(?:until|till|through)|\bgone\b"
)

_LENGTH = re.compile(
    r"\b(?:for\s+)?(?:(?P<n>" + COUNT + r")|(?P<num>\d{1,3}))[\s-]+(?:(?:whole|full|entire|consecutive|straight)\s+)?(?P<unit>nights?|days?|weeks?|nites?)\b"
    r"(?!\s+(?:from now|from today|later|earlier|ago|before|after|back|sooner|out))"
    r"|\b(?P<fortnight>fortnight)\b|\bfor\s+(?P<aweek>(?:a|one)\s+week)\b|\b(?P<overnight>overnight)\b"
)
_FOLLOWING_WEEK = re.compile(r"\b(?:the\s+)?(?:following|next)\s+week\s+instead\b|\b(?:the|a)\s+week\s+after\b|\bthe\s+following\s+week\b")
_MORE = re.compile(
    r"\b(?:add(?:\s+on)?\s+(?P<n1>" + COUNT + r"|another)?\s*(?:more\s+|extra\s+|additional\s+)?(?P<u1>nights?|days?)"
    r"|(?P<n2>" + COUNT + r"|another)\s+(?:more\s+|extra\s+|additional\s+)(?P<u2>nights?|days?)"
    r"|another\s+(?P<u3>night|day)"
    r"|extend\w*\s+(?:it\s+|the stay\s+|my stay\s+|the booking\s+|the reservation\s+)?by\s+(?P<n4>" + COUNT + r")\s+(?P<u4>nights?|days?))\b"
)
_FEWER = re.compile(
    r"\b(?:(?P<n1>" + COUNT + r")\s+(?:less|fewer)\s+(?P<u1>nights?|days?)"
    r"|(?:remove|drop|cut|subtract|take off|minus)\s+(?P<n2>" + COUNT + r")\s+(?P<u2>nights?|days?)"
    r"|shorten\w*\s+(?:it\s+|the stay\s+|my stay\s+)?by\s+(?P<n3>" + COUNT + r")\s+(?P<u3>nights?|days?)"
    r"|(?P<n4>" + COUNT + r")\s+(?P<u4>nights?|days?)\s+(?:less|shorter))\b"
)
_SHIFT = re.compile(
    r"\b(?:(?:move|moving|push|pushing|shift|shifting|bump|postpone|delay|slide|change)\w*\s+"
    r"(?:it\s+|everything\s+|the dates?\s+|the stay\s+|my stay\s+|the booking\s+|the trip\s+|my trip\s+|that\s+|this\s+|them\s+|things\s+|my dates\s+|the reservation\s+)?"
    r"(?P<dir1>back|forward|out|up|ahead|later|earlier)?\s*(?:by\s+)?(?P<n1>" + COUNT + r")\s+(?P<u1>days?|weeks?)"
    r"(?:\s+(?P<dir2>later|earlier|back|forward|ahead|out|sooner|before|after))?"
    r"|(?P<n3>" + COUNT + r")\s+(?P<u3>days?|weeks?)\s+(?P<dir3>later|earlier|sooner))\b"
)


# Cheap tests that a step could match at all: most turns hold no date.
_CHANGE_GATE = re.compile(r"night|day|week|later|earlier|sooner|move|push|shift|postpone|delay|following|after")
_LENGTH_GATE = re.compile(r"night|day|week|fortnight|nite|tonight")
_DATE_GATE = re.compile(
    r"\d|today|tonight|last night|tom|tmr|2mor|evening|afternoon|weekend|month|day|week|christmas|xmas|year|nye|halloween|thanksgiving|"
    + "|".join(sorted(set(MONTHS) | set(WEEKDAYS) | set(SHORT_WEEKDAYS), key=len, reverse=True))
    + "|" + ORDINAL_WORD
)


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    fixed: dt.date | None = None  # fully known already
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # plain weekday: resolved against its anchor
    role: str | None = None  # "in" / "out"
    partner: "_Mention | None" = None  # the other end of a range
    extra_day: bool = False  # "Friday and Saturday nights": the stay ends the morning after
    guessed: bool = False  # a check-out only because it came second, with no word saying so


@dataclass(slots=True)
class DateFindings:
    check_in: dt.date | None = None
    check_out: dt.date | None = None
    nights: int | None = None
    add_nights: int = 0
    shift_days: int = 0  # the whole stay moves
    shift_in_days: int = 0  # only the arrival moves ("arrive a day earlier")
    shift_out_days: int = 0  # only the departure moves ("leave a day later")
    spans: list[tuple[int, int]] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # "Feb 30": written as a date, but none exists


def find(
    text: str, today: dt.date, *, prior_check_in: dt.date | None, expecting: str | None,
    prior_check_out: dt.date | None = None,
) -> tuple[DateFindings, str]:
    """Dates, stay length and relative changes in folded ``text``; returns them and the text with them blanked.

    ``expecting`` is what the engine last asked for ("checkIn", "checkOut", "dates" or None).
    """
    found = DateFindings()
    if _CHANGE_GATE.search(text):
        text = _relative_changes(text, found)
    if _LENGTH_GATE.search(text):
        text = _lengths(text, found)
    mentions, text = _mentions(text, today) if _DATE_GATE.search(text) else ([], text)
    for m in mentions:
        found.spans.append((m.start, m.end))
    if prior_check_in is not None and prior_check_out is None and expecting is None:
        expecting = "checkOut"  # the stay has a start and no end: a lone date is its end
    _assign_roles(mentions, text, expecting)
    _resolve(mentions, today, prior_check_in, found)
    return found, text


def _count(raw: str | None) -> int | None:
    if raw is None:
        return None
    if raw == "another":
        return 1
    return number(raw)


def _relative_changes(text: str, found: DateFindings) -> str:
    for regex, sign in ((_MORE, 1), (_FEWER, -1)):
        for m in list(regex.finditer(text)):
            groups = m.groupdict()
            n = next((groups[k] for k in ("n1", "n2", "n4", "n3") if groups.get(k)), None)
            amount = _count(n) if n else 1
            if amount is None:
                continue
            found.add_nights += sign * amount
            found.spans.append(m.span())
            text = blank(text, *m.span())
    for m in list(_SHIFT.finditer(text)):
        g = m.groupdict()
        amount = _count(g["n1"] or g["n3"])
        unit = g["u1"] or g["u3"]
        if amount is None:
            continue
        direction = g["dir1"] or g["dir2"] or g["dir3"] or "later"
        days = amount * (7 if unit.startswith("week") else 1)
        days = -days if direction in ("earlier", "up", "forward", "sooner", "before") else days
        scope = _shift_scope(text[:m.start()].rsplit(".", 1)[-1] if not g["n1"] else "")
        if scope == "in":
            found.shift_in_days += days
        elif scope == "out":
            found.shift_out_days += days
        else:
            found.shift_days += days
        found.spans.append(m.span())
        text = blank(text, *m.span())
    for m in list(_FOLLOWING_WEEK.finditer(text)):
        found.shift_days += 7
        found.spans.append(m.span())
        text = blank(text, *m.span())
    return text


def _shift_scope(before: str) -> str:
    """"leave a day later" moves the check-out only, "arrive a day earlier" the check-in, else both."""
    if re.search(r"\b(?:move|moving|push|shift|bump|postpone|delay|everything|whole|stay|trip|dates)\b", before):
        return "both"
    out_cue, in_cue = _OUT_CUE.search(before), _IN_CUE.search(before)
    if out_cue and not in_cue:
        return "out"
    if in_cue and not out_cue:
        return "in"
    return "both"


_ONE_NIGHT_ONLY = re.compile(
    r"\b(?:(?:just|only)\s+(?:for\s+)?(?:tonight|tomorrow\s+night)|(?:tonight|tomorrow\s+night)\s+only)\b"
)


def _lengths(text: str, found: DateFindings) -> str:
    if _ONE_NIGHT_ONLY.search(text):
        found.nights = 1  # "tonight only": the date itself is read with the other dates
    for m in list(_LENGTH.finditer(text)):
        g = m.groupdict()
        if g["fortnight"]:
            nights = 14
        elif g["aweek"]:
            nights = 7
        elif g["overnight"]:
            nights = 1
        else:
            count = number(g["n"] or g["num"])
            if count is None:
                continue
            if g["n"] in ("a", "an") and not re.search(
                r"(?:\bfor|\bstay(?:ing)?|\bjust|\bonly|\bneed|\bbook|\bextra|\bmore|^)\s*$", text[:m.start()]
            ) and not m.group().startswith("for"):
                continue  # "$90 a night" is a price; "for a night" is a stay
            nights = count * 7 if g["unit"].startswith("week") else count
        before = text[max(0, m.start() - 3):m.start()]
        if before.endswith("in "):  # "in 3 days" is a date, read by _IN_DAYS
            continue
        found.nights = nights
        found.spans.append(m.span())
        text = blank(text, *m.span())
    return text


def _mentions(text: str, today: dt.date) -> tuple[list[_Mention], str]:
    mentions: list[_Mention] = []

    def take(m: re.Match, *made: _Mention) -> None:
        nonlocal text
        text = blank(text, *m.span())
        mentions.extend(made)

    for m in list(_ISO.finditer(text)):
        made = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if made:
            take(m, _Mention(m.start(), m.end(), fixed=made))
    for m in list(_DOTTED.finditer(text)):
        year, month, day = _year(m["y"]), int(m["m"]), int(m["d"])
        if month > 12 and day <= 12:  # "03.20.2027": written month first after all
            month, day = day, month
        made = _safe_date(year, month, day)
        if made:
            take(m, _Mention(m.start(), m.end(), fixed=made))
        elif 1 <= month <= 12:
            take(m, _Mention(m.start(), m.end(), year=year, month=month, day=day))  # "31.02.2027": reported
    for m in list(_NUMERIC.finditer(text)):
        month, day = _month_day(int(m["m"]), int(m["d"]))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        first = _Mention(m.start(), m.end(), year=_year(m["y"]), month=month, day=day)
        if m["m2"] or m["dd"]:
            if m["m2"]:
                month2, day2 = _month_day(int(m["m2"]), int(m["d2"]))
            else:  # "3/20-23": the same month
                month2, day2 = month, int(m["dd"])
            start2 = m.start("m2") if m["m2"] else m.start("dd")
            second = _Mention(start2, m.end(), year=_year(m["y2"]) or first.year, month=month2, day=day2)
            first.end = start2
            _pair(first, second)
            take(m, first, second)
        else:
            take(m, first)
    for m in list(_DAY_OF_THIS_MONTH.finditer(text)):
        day = _day(m, "day")
        ref = today.replace(day=1)
        if m["which"] != "this":
            ref = (ref + dt.timedelta(days=32)).replace(day=1)
        take(m, _Mention(m.start(), m.end(), year=ref.year, month=ref.month, day=day))
    for m in list(_MONTH_DAY.finditer(text)):
        month, day = MONTHS[m["month"]], _day(m, "day")
        if not day or day > 31:
            continue
        year = _year(m["year"])
        first = _Mention(m.start(), m.end(), year=year, month=month, day=day)
        if m["day2"]:
            first.end = m.start("day2")
            year = year or _year(m["year2"])
            first.year = year
            second = _Mention(m.start("day2"), m.end(), year=_year(m["year2"]) or year, month=month, day=int(m["day2"]))
            _pair(first, second)
            take(m, first, second)
        else:
            take(m, first)
    for m in list(_DAY_MONTH.finditer(text)):
        month, day = MONTHS[m["month"]], _day(m, "day")
        if not day or day > 31:
            continue
        if m["month"] == "may" and not re.search(r"\d|th|st|nd|rd|of", m.group()):
            continue
        year = _year(m["year"])
        day2 = _day(m, "day2")
        if day2:
            first = _Mention(m.start(), m.start("month"), year=year, month=month, day=day)
            second = _Mention(m.start("month"), m.end(), year=year, month=month, day=day2)
            _pair(first, second)
            take(m, first, second)
        else:
            take(m, _Mention(m.start(), m.end(), year=year, month=month, day=day))
    for m in list(_HOLIDAY.finditer(text)):
        name = re.sub(r"[^a-z]", "", m["name"])
        if name == "thanksgiving":
            take(m, _Mention(m.start(), m.end(), fixed=_thanksgiving(today)))
        else:
            month, day = _HOLIDAYS[name]
            take(m, _Mention(m.start(), m.end(), month=month, day=day))
    for m in list(_RELATIVE_DAY.finditer(text)):
        sentence = re.split(r"[.!?]", text[:m.start()])[-1]
        if m["today"] and _SMALL_TALK.search(sentence):
            continue  # "how are you doing today?", "thanks for your help today"
        offset = 2 if m["dat"] else 1 if m["tomorrow"] else -1 if m["yesterday"] else 0
        take(m, _Mention(m.start(), m.end(), fixed=today + dt.timedelta(days=offset)))
    for m in list(_IN_DAYS.finditer(text)):
        amount = number(m["n1"] or m["n2"])
        unit = m["u1"] or m["u2"]
        if amount is None:
            continue
        days = amount * (7 if unit.startswith("week") else 1)
        if days <= MAX_DAYS_AHEAD:
            take(m, _Mention(m.start(), m.end(), fixed=today + dt.timedelta(days=days)))
    for m in list(_WEEKEND.finditer(text)):
        friday = today + dt.timedelta(days=(4 - today.weekday()) % 7)
        if today.weekday() == 5:
            friday = today  # on a Saturday, "this weekend" starts tonight
        if m["which"] == "next" and today.weekday() < 5:
            friday += dt.timedelta(days=7)
        sunday = friday + dt.timedelta(days=(6 - friday.weekday()))
        first, second = _Mention(m.start(), m.start() + 1, fixed=friday), _Mention(m.start() + 1, m.end(), fixed=sunday)
        _pair(first, second)
        take(m, first, second)
    for m in list(_WEEKDAY_RANGE.finditer(text)):
        a, b = (_weekday_index(m[x]) for x in ("a", "b"))
        if m["pre"] in ("last", "past", "previous"):
            start = _last_weekday(today, a)
        else:
            start = _next_weekday(today, a, strictly=m["pre"] == "next")
        first = _Mention(m.start(), m.start("b"), fixed=start)
        second = _Mention(m.start("b"), m.end(), fixed=_next_weekday(start, b, strictly=True))
        _pair(first, second)
        take(m, first, second)
    for m in list(_SHORT_WEEKDAY.finditer(text)):
        day = _next_weekday(today, SHORT_WEEKDAYS[m["wd"]], strictly=m["pre"] == "next")
        start = m.start("wd") if m["pre"] not in ("this", "next", "coming") else m.start()
        text = blank(text, start, m.end())
        mentions.append(_Mention(start, m.end(), fixed=day))
    for m in list(_WEEKDAY_RE.finditer(text)):
        weekday = WEEKDAYS[m["wd"] or m["wd2"]]
        modifier = m["pre"] or m["pre2"]
        week = m["post"] or (m["pre2"] if m["wd2"] else None)
        mention = _Mention(m.start(), m.end())
        if week:
            monday = today - dt.timedelta(days=today.weekday())
            if week == "next":
                monday += dt.timedelta(days=7)
            mention.fixed = monday + dt.timedelta(days=weekday)
        elif modifier in ("last", "past", "previous"):  # a day already gone: the tracker says so
            mention.fixed = _last_weekday(today, weekday)
        elif modifier in ("next",):
            mention.fixed = _next_weekday(today, weekday, strictly=True)
        elif modifier:
            mention.fixed = _next_weekday(today, weekday, strictly=False)
        else:
            mention.weekday = weekday
        take(m, mention)
    for m in list(_BARE_ORDINAL.finditer(text)):
        day = int(m["day"] or m["dayn"]) if (m["day"] or m["dayn"]) else ordinal(m["dayw"])
        if not day or day > 31:
            continue
        start = m.start()
        lead = re.match(r"(on|until|till|til|through|thru|from|by|to|for|after|before|and)\s+", m.group())
        if lead:  # keep the cue word visible for the role finder
            start += lead.end()
        text = blank(text, start, m.end())
        mentions.append(_Mention(start, m.end(), day=day))
    mentions.sort(key=lambda x: x.start)
    return mentions, text


def _thanksgiving(today: dt.date) -> dt.date:
    """The fourth Thursday of November, this year's unless it has passed."""
    for year in (today.year, today.year + 1):
        first = dt.date(year, 11, 1)
        day = first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
        if day >= today:
            return day
    return day


def _month_day(first: int, second: int) -> tuple[int, int]:
    """US order (month/day), unless the first number cannot be a month: "20/3" is the 20th of March."""
    return (second, first) if first > 12 and second <= 12 else (first, second)


def _weekday_index(name: str) -> int:
    name = name.rstrip(".")
    return WEEKDAYS[name] if name in WEEKDAYS else SHORT_WEEKDAYS[name]


def _day(m: re.Match, name: str) -> int | None:
    if m[name]:
        return int(m[name])
    if m[name + "w"]:
        return ordinal(m[name + "w"])
    return None


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    year = int(raw)
    return year + 2000 if year < 100 else year


def _pair(first: _Mention, second: _Mention) -> None:
    first.role, second.role = "in", "out"
    first.partner, second.partner = second, first


def _assign_roles(mentions: list[_Mention], text: str, expecting: str | None) -> None:
    for a, b in zip(mentions, mentions[1:]):
        if a.role or b.role:
            continue
        if _PAIRING.match(text[a.end:b.start]):
            _pair(a, b)
            if re.match(r"\s*(?:nights?|evenings?)\b", text[b.end:]) and "and" in text[a.end:b.start]:
                b.extra_day = True
            if b.month is None and a.month is not None and b.fixed is None and b.weekday is None:
                b.month, b.year = a.month, a.year
            if a.month is None and b.month is not None and a.fixed is None and a.weekday is None:
                a.month, a.year = b.month, b.year
    previous_end = 0
    for index, m in enumerate(mentions):
        sentence = text[:m.start].rsplit(".", 1)[-1].rsplit("?", 1)[-1]
        if _OTHER_TOPIC.search(sentence):
            m.role = "other"
        elif m.role is None:
            window = text[previous_end:m.start]
            m.role = _cue(window)
            if m.role is None and index + 1 == len(mentions):  # "March 13th I will be checking out"
                following = text[m.end:]  # (before another date, such words are that date's: "Dec 5 checkout Dec 8")
                m.role = _cue_after(re.split(r"[.,;!?]|\band\b", following, maxsplit=1)[0])
        previous_end = m.end
    unassigned = [m for m in mentions if m.role is None]
    if not unassigned:
        return
    has_in = any(m.role == "in" for m in mentions)
    has_out = any(m.role == "out" for m in mentions)
    for m in unassigned:
        if expecting == "checkOut" and not has_out:
            m.role, has_out = "out", True
        elif not has_in:
            m.role, has_in = "in", True
        elif not has_out:
            m.role, has_out = "out", True
            m.guessed = True
        else:
            m.role = "in"


# A date in a sentence about something else ("what's the weather on March 8th?") is not the stay's.
_OTHER_TOPIC = re.compile(r"\b(?:weather|forecast|temperature|rain|snow|concert|movie)\b")


_IN_AFTER = re.compile(r"\b(?:check(?:ing)?[\s-]*in\b|checkin\b|arriv\w*|(?:is\s+)?(?:the|my)\s+(?:check[\s-]*in|arrival))")
_OUT_AFTER = re.compile(r"\b(?:check(?:ing)?[\s-]*out\b|checkout\b|leav\w*|depart\w*|(?:is\s+)?(?:the|my)\s+(?:check[\s-]*out|departure))")


def _cue_after(window: str) -> str | None:
    into, out = _IN_AFTER.search(window), _OUT_AFTER.search(window)
    if into and out:
        return "in" if into.start() < out.start() else "out"
    return "in" if into else "out" if out else None


def _cue(window: str) -> str | None:
    best: tuple[int, str] | None = None
    for regex, role in ((_IN_CUE, "in"), (_OUT_CUE, "out")):
        for m in regex.finditer(window):
            if best is None or m.start() > best[0]:
                best = (m.start(), role)
    return best[1] if best else None


def _resolve(mentions: list[_Mention], today: dt.date, prior_check_in: dt.date | None, found: DateFindings) -> None:
    ins = [m for m in mentions if m.role == "in"]
    outs = [m for m in mentions if m.role == "out"]
    if ins:
        anchor = today
        if prior_check_in is not None and ins[-1].month is None and ins[-1].weekday is None and prior_check_in > today:
            anchor = max(today, prior_check_in.replace(day=1))  # "check in on the 21st" of the stay's month
        found.check_in = _resolve_one(ins[-1], anchor, strictly_after=False, found=found)
    anchor = found.check_in or prior_check_in or today
    if outs and outs[-1].guessed and found.check_in is not None \
            and _resolve_one(outs[-1], found.check_in, strictly_after=False, found=found) == found.check_in:
        outs = []  # "today, so the 1st": the same day said twice, not a stay of no nights
    if outs and ins and found.check_in is not None and _same_month_pair(ins[-1], outs[-1], found.check_in):
        # "Mar 23-20", "Mar 20-20": one range that ends where or before it starts is a mistake to
        # report, not a stay of a year; only a change of month ("Dec 30 - Jan 3") rolls forward.
        out = outs[-1]
        found.check_out = _safe_date(found.check_in.year, out.month, out.day)
        if found.check_out is None:
            found.invalid.append(f"{out.month}/{out.day}")
    elif outs:
        strictly = found.check_in is not None or prior_check_in is not None
        found.check_out = _resolve_one(outs[-1], anchor, strictly_after=strictly, found=found)
        if found.check_out is not None and outs[-1].extra_day:
            found.check_out += dt.timedelta(days=1)


def _same_month_pair(first: _Mention, second: _Mention, check_in: dt.date) -> bool:
    """Both ends of one range, in the check-in's month, the end not after the start."""
    return (
        second.partner is first and second.fixed is None and second.weekday is None
        and second.month == check_in.month and second.year in (None, check_in.year)
        and second.day is not None and second.day <= check_in.day
    )


def _resolve_one(m: _Mention, anchor: dt.date, *, strictly_after: bool, found: DateFindings) -> dt.date | None:
    if m.fixed is not None:
        return m.fixed
    if m.weekday is not None:
        return _next_weekday(anchor, m.weekday, strictly=strictly_after)
    if m.month is not None and m.year is not None:
        made = _safe_date(m.year, m.month, m.day)
        if made is None:
            found.invalid.append(f"{m.month}/{m.day}/{m.year}")
        return made
    start = anchor + dt.timedelta(days=1) if strictly_after else anchor
    if m.month is not None:
        for year in (start.year, start.year + 1, start.year + 2):
            made = _safe_date(year, m.month, m.day)
            if made is not None and made >= start:
                return made
        found.invalid.append(f"{m.month}/{m.day}")
        return None
    for months_ahead in range(0, 14):
        month_index = start.month - 1 + months_ahead
        made = _safe_date(start.year + month_index // 12, month_index % 12 + 1, m.day)
        if made is not None and made >= start:
            return made
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _last_weekday(before: dt.date, weekday: int) -> dt.date:
    """ "last Friday": the latest such day strictly before ``before``."""
    return before - dt.timedelta(days=(before.weekday() - weekday) % 7 or 7)


def _next_weekday(after: dt.date, weekday: int, *, strictly: bool) -> dt.date:
    ahead = (weekday - after.weekday()) % 7
    if ahead == 0 and strictly:
        ahead = 7
    return after + dt.timedelta(days=ahead)


__all__ = ["DateFindings", "find"]
