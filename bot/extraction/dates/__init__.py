"""Temporal-expression normaliser for news text.

`resolve` turns the text of one date mention (e.g. a spaCy DATE entity) into a
calendar interval, relative to the article's publication date. Own regex rules
come first because dateparser mishandles month-only and relative-period phrases;
dateparser is only a last resort for absolute, fully specified days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from bot.errors import BadDate

__all__ = ["When", "parse_user_date", "published_when", "resolve"]

_MAX_TEXT = 100  # DATE spans are short; a cap keeps the splitting regexes linear-ish
_USER_HINT = "Use a date like 2025-01-01, 1 Jan 2025, 'yesterday' or '3 days ago'."


@dataclass(frozen=True)
class When:
    """A resolved interval; `end` is inclusive."""

    start: dt.date
    end: dt.date
    granularity: str
    text: str | None

    def to_json(self) -> dict:
        """Plain-JSON form with ISO dates."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "granularity": self.granularity,
            "text": self.text,
        }


# --- vocabulary -------------------------------------------------------------

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
} | {"a": 1, "an": 1}
_ORDINALS = {
    w: i % 4 + 1
    for i, w in enumerate(["first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th"])
}
_ORDINALS["final"] = 4
_HOLIDAYS = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year": (1, 1),
    "new year's": (1, 1),
    "new year's eve": (12, 31),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
    "independence day": (7, 4),
}
_THIRDS = {
    "early": 0,
    "beginning of": 0,
    "start of": 0,
    "mid": 1,
    "middle of": 1,
    "late": 2,
    "end of": 2,
}
_RECENT_DAYS = {"day": 7, "week": 30, "month": 180}  # "recent years" stays vague -> None

_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WD = rf"(?P<wd>{'|'.join(_WEEKDAYS)})"
_UNIT = r"(?P<unit>day|week|month|year|decade)(?P<pl>s?)"
_NUM = r"(?P<n>\d{1,4}|" + "|".join(_NUMBERS) + ")"
_PART = r"(?: (?:morning|afternoon|evening|night))?"


_PREFIX = re.compile(r"^(?:the|on|in|since|by|until|till|during|over|from|at|of|for|within)\s+")
_ISO = re.compile(r"(?P<year>\d{4})[-/](?P<m>\d{1,2})[-/](?P<day>\d{1,2})")
_MON_DAY = re.compile(rf"(?:{_WD},? )?{_MON} (?:the )?{_DAY}(?:,? {_YEAR})?")
_DAY_MON = re.compile(rf"(?:{_WD},? )?(?:the )?{_DAY} (?:of )?{_MON},?(?: {_YEAR})?")
_MON_YEAR = re.compile(rf"{_MON},?(?: (?:of )?{_YEAR})?")
_YEAR_ONLY = re.compile(r"(?:year )?(?P<year>[12]\d{3})")
_DECADE = re.compile(r"(?P<dec>[12]\d{2}0|'?\d0)'?s")
_CENTURY = re.compile(r"(?P<c>\d{1,2})(?:st|nd|rd|th)[- ]century")
_DAY_WORD = re.compile(
    r"(?:earlier |later )?(?P<w>today|tonight|yesterday|tomorrow|last night|this morning"
    r"|this afternoon|this evening|(?:the )?day (?:before yesterday|after tomorrow)"
    r"|(?:the )?(?:previous|preceding|following|next) day|the day before|the day after)" + _PART
)
# "the last week of March": the last full week (Monday to Sunday) inside the month.
_LAST_WEEK_OF = re.compile(rf"(?:the )?(?P<which>last|first) (?:full )?week of {_MON}(?: {_YEAR})?")
# "'82": a two-digit year.
_SHORT_YEAR = re.compile(r"'(?P<yy>\d{2})")
# "last September", "next May", "October of next year".
_MON_MOD = re.compile(rf"(?P<mod>last|next|this|this past|past|coming) {_MON}")
_MON_OF_YEAR = re.compile(rf"{_MON},? (?:of )?(?P<rel>last|next|this) year")
# Meteorological seasons of the northern hemisphere: (first month, number of months).
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_SEASON = re.compile(
    r"(?:(?P<mod>this|last|next|past|this past|coming|the coming|the) )?"
    r"(?P<season>spring|summer|autumn|fall|winter)(?: of)?(?: (?P<year>\d{4}))?"
)
_WEEKDAY = re.compile(
    r"(?:earlier |later )?(?:(?P<mod>last|next|this|this past|this coming|coming|past) )?"
    + _WD
    + _PART
)
_PERIOD = re.compile(
    r"(?:(?P<side>earlier|later) )?(?P<mod>this|current|last|previous|this past|next|coming"
    r"|following|this coming) (?P<unit>week|month|quarter|year)"
)
_AGO = re.compile(rf"{_NUM} {_UNIT} ago")
_PAST_N = re.compile(rf"(?:past|last|previous) (?:{_NUM} )?{_UNIT}")
_RECENT = re.compile(r"(?:(?:past|last) (?:few|several) |recent )(?P<unit>day|week|month)s")
_WEEKEND = re.compile(r"(?:(?P<mod>this|last|past|this past|next|coming) )?weekend")
_OF_REST = r"(?:,? (?:of )?(?P<rest>.+))?"
_QUARTER = re.compile(
    r"(?:(?P<year>\d{4}) )?(?:(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ]quarter"
    r"|q(?P<q>[1-4]))" + _OF_REST
)
_HALF = re.compile(
    r"(?:(?P<year>\d{4}) )?(?:(?P<ord>first|second|1st|2nd)[- ]half|h(?P<q>[12]))" + _OF_REST
)
_THIRD = re.compile(rf"(?P<pos>{'|'.join(_THIRDS)})[- ]?(?P<rest>.+)")
_HOLIDAY = re.compile(
    rf"(?P<name>{'|'.join(sorted(map(re.escape, _HOLIDAYS), key=len, reverse=True))})"
    r"(?: (?P<year>\d{4}))?"
)
_RANGE_SEP = re.compile(r" ?- ?| (?:to|through|until|till|and) ")
_DAY_SPAN = re.compile(
    rf"{_MON} (?P<d1>\d{{1,2}})(?:st|nd|rd|th)? ?- ?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:,? {_YEAR})?"
)
_HAS_YEAR = re.compile(r"\b\d{4}\b")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?<=[a-z])'s$")  # "Tuesday's" but not "1990's"
_YEAR4 = re.compile(r"\d{4}")
_HAS_LETTER = re.compile(r"[A-Za-z]")
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}")


# --- date arithmetic (every helper returns None instead of overflowing) ------


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except (ValueError, OverflowError):
        return None


def _month_end(y: int, m: int) -> dt.date | None:
    return _date(y, m, calendar.monthrange(y, m)[1])


def _add_days(d: dt.date, n: int) -> dt.date | None:
    try:
        return d + dt.timedelta(days=n)
    except OverflowError:
        return None


def _add_months(d: dt.date, n: int) -> dt.date | None:
    """Shift by calendar months, clipping the day (Mar 31 - 1 month = Feb 28)."""
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    end = _month_end(y, m + 1) if 1 <= y <= 9999 else None
    return None if end is None else end.replace(day=min(d.day, end.day))


def _period(unit: str, p: dt.date, offset: int) -> tuple[dt.date, dt.date] | None:
    """The day/week/month/quarter/year containing `p`, shifted by `offset` units."""
    if unit in ("day", "week"):  # ISO weeks start on Monday
        days = 7 if unit == "week" else 1
        a = _add_days(p, days * offset - (p.weekday() if days == 7 else 0))
        b = a and _add_days(a, days - 1)
    else:
        months = {"month": 1, "quarter": 3, "year": 12}[unit]
        first = _date(p.year, (p.month - 1) // months * months + 1, 1)
        a = first and _add_months(first, offset * months)
        last = a and _add_months(a, months - 1)
        b = last and _month_end(last.year, last.month)
    return None if a is None or b is None else (a, b)


def _closest(cands: list[dt.date | None], p: dt.date, tense: str | None = None) -> dt.date | None:
    """Candidate nearest to `p`; ties go to the past because news reports past events.

    A past-tense verb ("met on March 3") picks the latest on or before `p`, a future one
    ("will meet on March 3") the earliest on or after it.
    """
    real = [c for c in cands if c is not None]
    if tense == "past" and (before := [c for c in real if c <= p]):
        return max(before)
    if tense == "future" and (after := [c for c in real if c >= p]):
        return min(after)
    return min(real, key=lambda c: (abs((c - p).days), c > p), default=None)


def _nearest(cur: int, want: int, cycle: int, tense: str | None = None) -> int:
    """Index nearest to `cur` that is `want` modulo `cycle` (months, quarters); ties to past.
    The verb's tense, when known, decides the direction instead."""
    back, fwd = (cur - want) % cycle, (want - cur) % cycle
    if tense == "past":
        return cur - back
    if tense == "future":
        return cur + fwd
    return cur - back if back <= fwd else cur + fwd


def _span(a: dt.date | None, b: dt.date | None, gran: str, text: str) -> When | None:
    if a is None or b is None or a > b:
        return None
    return When(a, b, gran, text)


def _day(d: dt.date | None, text: str) -> When | None:
    return _span(d, d, "day", text)


def _month_span(y: int, m: int, text: str) -> When | None:
    return _span(_date(y, m, 1), _month_end(y, m), "month", text)


def _num(word: str | None) -> int:
    return 1 if word is None else (int(word) if word.isdigit() else _NUMBERS[word])


# --- rules --------------------------------------------------------------------


def _absolute(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    """Calendar days, months, years, decades, centuries and holidays."""
    if m := _ISO.fullmatch(s):
        return _day(_date(int(m["year"]), int(m["m"]), int(m["day"])), text)
    for rx in (_MON_DAY, _DAY_MON):
        if m := rx.fullmatch(s):
            mon, day = _MONTHS[m["mon"][:3]], int(m["day"])
            if m["year"]:
                return _day(_date(int(m["year"]), mon, day), text)
            # Feb 29 may need to reach further than a year for a leap year
            return _day(
                _closest([_date(p.year + k, mon, day) for k in range(-4, 5)], p, tense), text
            )
    if m := _MON_YEAR.fullmatch(s):
        mon = _MONTHS[m["mon"][:3]]
        if m["year"]:
            return _month_span(int(m["year"]), mon, text)
        return _month_span(_nearest(p.year * 12 + p.month - 1, mon - 1, 12, tense) // 12, mon, text)
    if m := _YEAR_ONLY.fullmatch(s):
        return _span(_date(int(m["year"]), 1, 1), _date(int(m["year"]), 12, 31), "year", text)
    if m := _DECADE.fullmatch(s):
        dec = m["dec"].lstrip("'")
        if len(dec) == 2:  # "the '90s": the latest such decade that has begun by p
            start = (p.year // 100) * 100 + int(dec)
            start -= 100 if start > p.year else 0
        else:
            start = int(dec)
        # "the 1800s" means the century; only the 2000s is commonly a decade
        length = 100 if dec.endswith("00") and len(dec) == 4 and dec != "2000" else 10
        return _span(_date(start, 1, 1), _date(start + length - 1, 12, 31), "range", text)
    if m := _CENTURY.fullmatch(s):
        c = int(m["c"])
        return _span(_date(100 * c - 99, 1, 1), _date(100 * c, 12, 31), "range", text)
    if m := _HOLIDAY.fullmatch(s):
        mon, day = _HOLIDAYS[m["name"]]
        if m["year"]:
            return _day(_date(int(m["year"]), mon, day), text)
        return _day(_closest([_date(p.year + k, mon, day) for k in (-1, 0, 1)], p, tense), text)
    return None


def _relative(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    """Expressions anchored on the publication date."""
    if m := _DAY_WORD.fullmatch(s):
        w = m["w"].removeprefix("the ")
        off = {
            "tomorrow": 1,
            "yesterday": -1,
            "last night": -1,
            "day before yesterday": -2,
            "day after tomorrow": 2,
            "previous day": -1,
            "preceding day": -1,
            "day before": -1,
            "following day": 1,
            "next day": 1,
            "day after": 1,
        }.get(w, 0)
        return _day(_add_days(p, off), text)
    if m := _WEEKDAY.fullmatch(s):
        wd, mod = _WEEKDAYS[m["wd"]], m["mod"]
        back = (p.weekday() - wd) % 7
        if mod in ("next", "coming", "this coming"):
            off = (wd - p.weekday()) % 7 or 7
        elif mod in ("last", "past", "this past"):
            off = -(back or 7)
        elif mod == "this":  # the one in p's own week
            off = wd - p.weekday()
        elif tense == "future":  # "will meet on Monday": the next one
            off = (wd - p.weekday()) % 7 or 7
        else:  # bare weekday: past reporting, and p itself counts (AP style)
            off = -back
        return _day(_add_days(p, off), text)
    if m := _PERIOD.fullmatch(s):
        mod, unit, side = m["mod"], m["unit"], m["side"]
        off = {
            "last": -1,
            "previous": -1,
            "this past": -1,
            "next": 1,
            "coming": 1,
            "following": 1,
            "this coming": 1,
        }.get(mod, 0)
        per = _period(unit, p, off)
        if per is None or (side and off):  # "earlier last month" is too vague
            return None
        a, b = per
        a, b = (a, p) if side == "earlier" else (p, b) if side == "later" else (a, b)
        return _span(a, b, unit, text)
    if m := _AGO.fullmatch(s):
        n, unit = _num(m["n"]), m["unit"]
        n, unit = (10 * n, "year") if unit == "decade" else (n, unit)
        if unit == "week":  # "a week ago" is that day, a week back
            return _day(_add_days(p, -7 * n), text)
        per = _period(unit, p, -n)
        return per and _span(*per, unit, text)
    if (m := _PAST_N.fullmatch(s)) and (m["n"] is not None or not m["pl"]):  # not "past years"
        n, unit = _num(m["n"]), m["unit"]
        n, unit = (10 * n, "year") if unit == "decade" else (n, unit)
        k = {"day": 1, "week": 7, "month": 1, "year": 12}[unit] * -n
        start = _add_days(p, k) if unit in ("day", "week") else _add_months(p, k)
        return _span(start or dt.date.min, p, "range", text)
    if m := _RECENT.fullmatch(s):
        start = _add_days(p, -_RECENT_DAYS[m["unit"]])
        return _span(start or dt.date.min, p, "range", text)
    if m := _WEEKEND.fullmatch(s):
        mod = m["mod"]
        sat = _add_days(p, -((p.weekday() - 5) % 7))  # Saturday on or before p
        if sat is not None and mod in ("last", "past", "this past") and p.weekday() >= 5:
            sat = _add_days(sat, -7)  # during a weekend, "last weekend" is the one before
        if sat is not None and mod in ("next", "coming"):
            sat = _add_days(sat, 7)
        return _span(sat, sat and _add_days(sat, 1), "range", text)
    return None


def _sub(rest: str | None, p: dt.date, text: str) -> When | None:
    """Resolve the period a quarter/half/third refers to ("of the year", "of 2024")."""
    if rest is None:
        return None
    while (m := _PREFIX.match(rest)) is not None:
        rest = rest[m.end() :]
    rest = {"year": "this year", "month": "this month"}.get(rest, rest)
    return _single(rest, p, text)


def _part_of_year(m: re.Match[str], p: dt.date, n: int, text: str) -> When | None:
    """One of `n` equal parts (quarters, halves) of a year named by `year` or `rest`."""
    months, which = 12 // n, int(m["q"]) if m["q"] else _ORDINALS[m["ord"]]
    if m["year"] is not None:
        year = int(m["year"])
    elif m["rest"] is not None:
        base = _sub(m["rest"], p, text)
        if base is None or base.granularity != "year":
            return None
        year = base.start.year
    else:  # no year: the nearest such part, ties to the past
        year = _nearest(p.year * n + (p.month - 1) // months, which - 1, n) // n
    start = _date(year, months * which - months + 1, 1)
    return _span(start, _month_end(year, months * which), "quarter" if n == 4 else "range", text)


def _fractions(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    """Quarters, halves and early/mid/late parts of a period."""
    if m := _QUARTER.fullmatch(s):
        return _part_of_year(m, p, 4, text)
    if m := _HALF.fullmatch(s):
        return _part_of_year(m, p, 2, text)
    if m := _THIRD.fullmatch(s):
        base = _sub(m["rest"], p, text)
        if base is None:
            return None
        i = _THIRDS[m["pos"]]
        a, b, g = base.start, base.end, base.granularity
        if g == "month":  # thirds of a month: days 1-10, 11-20, 21-end
            start = a.replace(day=10 * i + 1)
            return _span(start, b if i == 2 else start.replace(day=10 * i + 10), "range", text)
        if g == "year" and i == 2:
            # "late 2006", "the end of last year": vague about how late, so the whole year
            # (as TimeML annotates it); it ends when the year ends either way.
            return When(a, b, "year", text)
        if g in ("year", "quarter"):  # thirds by whole months
            step = 4 if g == "year" else 1
            first = _add_months(a, step * i)
            last = first and _add_months(first, step - 1)
            return _span(first, last and _month_end(last.year, last.month), "range", text)
        if g == "range" and a.month == a.day == 1 and b.year - a.year == 9:  # a decade
            lo, hi = ((0, 3), (4, 6), (7, 9))[i]
            return _span(_date(a.year + lo, 1, 1), _date(a.year + hi, 12, 31), "range", text)
        return When(a, b, g, text)  # "late Tuesday": the part is finer than we model
    return None


def _season(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    """'this summer', 'last winter', 'spring 2024': three months (winter spans the new year)."""
    m = _SEASON.fullmatch(s)
    if m is None:
        return None
    first = _SEASONS[m["season"]]

    def span(year: int) -> tuple[dt.date | None, dt.date | None]:
        start = _date(year, first, 1)
        last = _add_months(start, 2) if start else None
        return start, last and _month_end(last.year, last.month)

    if m["year"]:
        # "winter 2024" is the winter that ends early in 2024
        a, b = span(int(m["year"]) - (1 if first == 12 else 0))
        return _span(a, b, "range", text)
    spans = [span(p.year + k) for k in (-2, -1, 0, 1)]
    mod = m["mod"] or ""
    if mod in ("last", "past", "this past") or (not mod and tense == "past"):
        a, b = max((x for x in spans if x[1] and x[1] < p), key=lambda x: x[0])
    elif mod in ("next", "coming", "the coming") or (not mod and tense == "future"):
        a, b = min((x for x in spans if x[0] and x[0] > p), key=lambda x: x[0])
    else:  # "this summer": the one around p, else the nearest
        a, b = min(
            (x for x in spans if x[0] and x[1]),
            key=lambda x: (
                0 if x[0] <= p <= x[1] else min(abs((x[0] - p).days), abs((x[1] - p).days))
            ),
        )
    return _span(a, b, "range", text)


def _anchored(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    """'last September', 'October of next year', 'the last week of March', "'82"."""
    if m := _LAST_WEEK_OF.fullmatch(s):
        mon = _MONTHS[m["mon"][:3]]
        year = (
            int(m["year"])
            if m["year"]
            else _nearest(p.year * 12 + p.month - 1, mon - 1, 12, tense) // 12
        )
        first, last = _date(year, mon, 1), _month_end(year, mon)
        if first is None or last is None:
            return None
        if m["which"] == "last":
            sunday = _add_days(last, -((last.weekday() + 1) % 7))
            monday = sunday and _add_days(sunday, -6)
        else:
            monday = _add_days(first, (7 - first.weekday()) % 7)
            sunday = monday and _add_days(monday, 6)
        return _span(monday, sunday, "week", text)
    if m := _MON_OF_YEAR.fullmatch(s):
        year = p.year + {"last": -1, "this": 0, "next": 1}[m["rel"]]
        return _month_span(year, _MONTHS[m["mon"][:3]], text)
    m = _MON_MOD.fullmatch(s)
    if m is None:
        return None
    mon = _MONTHS[m["mon"][:3]]
    if m["mod"] in ("last", "past", "this past"):
        year = p.year if mon < p.month else p.year - 1
    elif m["mod"] in ("next", "coming"):
        year = p.year if mon > p.month else p.year + 1
    else:
        year = p.year
    return _month_span(year, mon, text)


def _single(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    return (
        _absolute(s, p, text, tense)
        or _relative(s, p, text, tense)
        or _fractions(s, p, text, tense)
        or _season(s, p, text, tense)
        or _anchored(s, p, text, tense)
    )


def _range(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    """Two-sided spans: "2023-2024", "between 2019 and 2021", "Feb. 10-12"."""
    if m := _DAY_SPAN.fullmatch(s):
        first = _absolute(
            f"{m['mon']} {m['d1']}" + (f" {m['year']}" if m["year"] else ""), p, text, tense
        )
        last = first and _date(first.start.year, first.start.month, int(m["d2"]))
        return first and _span(first.start, last, "range", text)
    between = s.startswith("between ")
    s = s.removeprefix("between ")
    for sep in _RANGE_SEP.finditer(s):  # hyphens also sit inside "mid-2024": try each split
        if sep.group().strip() == "and" and not between:
            continue  # "2019 and 2021" lists two years; only "between ... and" is a span
        a = _single(s[: sep.start()], p, text, tense)
        b_text = s[sep.end() :]
        if a and a.granularity == "year" and len(b_text) == 2 and b_text.isdigit():  # "2023-24"
            b_text = str(a.start.year // 100 * 100 + int(b_text))
        b = a and _single(b_text, p, text, tense)
        if a and b and a.start <= b.end:
            return When(a.start, b.end, "range", text)
    return None


def _dateparser_day(s: str, p: dt.date, text: str) -> When | None:
    """Last resort for absolute days in forms our rules do not know ("02/12/2025")."""
    if not _HAS_YEAR.search(s) or s.isdigit() or len(s) > 40:
        return None  # without a year dateparser guesses; relative forms are ours
    import dateparser  # slow import; only rare spans get here

    base = dt.datetime(p.year, p.month, p.day)
    settings = {"STRICT_PARSING": True, "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    try:
        got = dateparser.parse(s, languages=["en"], settings=settings)
    except Exception:  # third-party parser must never break resolve
        return None
    return When(got.date(), got.date(), "day", text) if got else None


def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).lower()
    s = s.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = _POSSESSIVE.sub("", _SPACES.sub(" ", s).strip(" .,;:!?()[]\"'"))
    while (m := _PREFIX.match(s)) is not None:
        s = s[m.end() :]
    return s


def resolve(text: str, published: dt.date, tense: str | None = None) -> When | None:
    """Normalise one temporal expression against the article's publication date.

    `tense` ("past" or "future"), from the governing verb, settles which way a date
    without a year points. None when the text is not a resolvable calendar expression.
    """
    if not isinstance(text, str) or len(text) > _MAX_TEXT:
        return None
    if m := _SHORT_YEAR.fullmatch(text.strip().replace("\u2019", "'")):  # "'82"
        year = 2000 + int(m["yy"])
        year -= 100 if year > published.year else 0
        return _span(_date(year, 1, 1), _date(year, 12, 31), "year", text.strip())
    s = _normalise(text)
    if not s:
        return None
    label = text.strip()
    try:
        head = s.split(", ")[0]  # "June 17, two days later": the date is the first part
        return (
            _single(s, published, label, tense)
            or _range(s, published, label, tense)
            or _dateparser_day(s, published, label)
            or (_single(head, published, label, tense) if head != s else None)
        )
    except (ValueError, OverflowError):  # arithmetic at the edges of date's domain
        return None


def published_when(published: dt.date) -> When:
    """The default: the publication day."""
    return When(published, published, "day", None)


def parse_user_date(text: str, now: dt.datetime) -> dt.date:
    """Parse a /since date typed by a user; raise BadDate for anything else."""
    s = text.strip() if isinstance(text, str) else ""
    if not s or len(s) > _MAX_TEXT or any(unicodedata.category(c)[0] == "C" for c in s):
        raise BadDate(_USER_HINT)
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        pass
    if _YEAR4.fullmatch(s):  # dateparser would keep today's month
        if (jan1 := _date(int(s), 1, 1)) is None:
            raise BadDate(_USER_HINT)
        return jan1
    if not (_HAS_LETTER.search(s) and len(s) > 2) and not _NUMERIC_DATE.fullmatch(s):
        raise BadDate(_USER_HINT)  # dateparser reads "26" as this month's 26th, "a" as Jan 1
    import dateparser  # slow import; kept off the module import path

    settings = {
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
    }
    try:
        got = dateparser.parse(s, languages=["en"], settings=settings)
    except Exception:  # no dateparser failure may reach the user raw
        got = None
    if got is None:
        raise BadDate(_USER_HINT)
    return got.date()
