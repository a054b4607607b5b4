"""Turning the text of one date expression into a When interval, against the publication
date `p`.

Our own patterns come first because dateparser mishandles month-only and relative-period
phrases; dateparser is only a last resort for absolute, fully specified days.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.extraction.dates import grammar as g
from bot.extraction.dates import rules
from bot.extraction.dates.intervals import (
    When,
    add_days,
    add_months,
    date_or_none,
    day_span,
    month_end,
    month_span,
    period_around,
    span,
)
from bot.extraction.dates.vocabulary import (
    DAY_WORD_OFFSETS,
    DECADE_WORDS,
    HOLIDAYS,
    ORDINALS,
    PERIOD_SHIFTS,
    RECENT_DAYS,
    SEASONS,
    WEEKDAYS,
)

_DAYS_OR_MONTHS_BACK = {"day": 1, "week": 7, "month": 1, "year": 12}  # "the past N units"
_DATEPARSER_MAX = 40  # longer text is a sentence, not a day dateparser should read


def _calendar_date(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    """Calendar days, months, years, decades, centuries and holidays."""
    if m := g.ISO.fullmatch(s):
        return day_span(date_or_none(int(m["year"]), int(m["m"]), int(m["day"])), text)
    for rx in (g.MON_DAY, g.DAY_MON):
        if m := rx.fullmatch(s):
            mon, day = g.month_of(m), int(m["day"])
            if m["year"]:
                return day_span(date_or_none(int(m["year"]), mon, day), text)
            # Feb 29 may need to reach further than a year for a leap year
            years = range(-4, 5)
            cands = [date_or_none(p.year + k, mon, day) for k in years]
            return day_span(rules.closest_date(cands, p, tense), text)
    if m := g.MON_YEAR.fullmatch(s):
        mon = g.month_of(m)
        year = int(m["year"]) if m["year"] else rules.year_of_month(mon, p, tense)
        return month_span(year, mon, text)
    if m := g.YEAR_ONLY.fullmatch(s):
        year = int(m["year"])
        return span(date_or_none(year, 1, 1), date_or_none(year, 12, 31), "year", text)
    if (m := g.DECADE.fullmatch(s)) or (w := g.DECADE_WORD.fullmatch(s)):
        dec = m["dec"] if m else f"'{DECADE_WORDS[w['word']]}"
        start, length = rules.decade_years(dec, p)
        end = date_or_none(start + length - 1, 12, 31)
        return span(date_or_none(start, 1, 1), end, "range", text)
    if m := g.CENTURY.fullmatch(s):  # "the 20th century": 1900-1999, as people and TimeML count
        first = 100 * (int(m["c"]) - 1)
        return span(
            date_or_none(max(first, 1), 1, 1), date_or_none(first + 99, 12, 31), "range", text
        )
    if m := g.HOLIDAY.fullmatch(s):
        mon, day = HOLIDAYS[m["name"]]
        if m["year"]:
            return day_span(date_or_none(int(m["year"]), mon, day), text)
        cands = [date_or_none(p.year + k, mon, day) for k in (-1, 0, 1)]
        return day_span(rules.closest_date(cands, p, tense), text)
    return None


def _relative_date(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    """Expressions anchored on the publication date."""
    if m := g.DAY_WORD.fullmatch(s):
        offset = DAY_WORD_OFFSETS.get(m["w"].removeprefix("the "), 0)
        return day_span(add_days(p, offset), text)
    if m := g.WEEKDAY.fullmatch(s):
        return day_span(
            add_days(p, rules.weekday_offset(WEEKDAYS[m["wd"]], m["mod"], p, tense)), text
        )
    if m := g.PERIOD.fullmatch(s):
        unit, side = m["unit"], m["side"]
        offset = PERIOD_SHIFTS.get(m["mod"], 0)
        per = period_around(unit, p, offset)
        if per is None or (side and offset):  # "earlier last month" is too vague
            return None
        a, b = per
        a, b = (a, p) if side == "earlier" else (p, b) if side == "later" else (a, b)
        return span(a, b, unit, text)
    if m := g.AGO.fullmatch(s):
        n, unit = g.count_of(m["n"]), m["unit"]
        n, unit = (10 * n, "year") if unit == "decade" else (n, unit)
        if unit == "week":  # "a week ago" is that day, a week back
            return day_span(add_days(p, -7 * n), text)
        per = period_around(unit, p, -n)
        return per and span(*per, unit, text)
    if (m := g.PAST_N.fullmatch(s)) and (m["n"] is not None or not m["pl"]):  # not "past years"
        n, unit = g.count_of(m["n"]), m["unit"]
        n, unit = (10 * n, "year") if unit == "decade" else (n, unit)
        k = _DAYS_OR_MONTHS_BACK[unit] * -n
        start = add_days(p, k) if unit in ("day", "week") else add_months(p, k)
        return span(start or dt.date.min, p, "range", text)
    if m := g.RECENT.fullmatch(s):
        start = add_days(p, -RECENT_DAYS[m["unit"]])
        return span(start or dt.date.min, p, "range", text)
    if m := g.WEEKEND.fullmatch(s):
        sat = rules.weekend_saturday(m["mod"], p)
        return span(sat, sat and add_days(sat, 1), "range", text)
    return None


def _period_named_by(rest: str | None, p: dt.date, text: str) -> When | None:
    """The period a quarter, half or third is part of ("of the year", "of 2024")."""
    if rest is None:
        return None
    rest = g.strip_leading_words(rest)
    rest = {"year": "this year", "month": "this month"}.get(rest, rest)
    return _one_expression(rest, p, text)


def _part_of_year(m: re.Match[str], p: dt.date, n: int, text: str) -> When | None:
    """One of `n` equal parts (quarters, halves) of a year named by `year` or `rest`."""
    months, which = 12 // n, int(m["q"]) if m["q"] else ORDINALS[m["ord"]]
    if m["year"] is not None:
        year = int(m["year"])
    elif m["rest"] is not None:
        base = _period_named_by(m["rest"], p, text)
        if base is None or base.granularity != "year":
            return None
        year = base.start.year
    else:  # no year: the nearest such part, ties to the past
        year = rules.nearest_in_cycle(p.year * n + (p.month - 1) // months, which - 1, n) // n
    start = date_or_none(year, months * which - months + 1, 1)
    gran = "quarter" if n == 4 else "range"
    return span(start, month_end(year, months * which), gran, text)


def _part_of_period(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    """Quarters, halves and early/mid/late parts of a period."""
    if m := g.QUARTER.fullmatch(s):
        return _part_of_year(m, p, 4, text)
    if m := g.HALF.fullmatch(s):
        # a bare "second half" is a match's more often than a year's: a half needs its year
        return _part_of_year(m, p, 2, text) if m["year"] or m["rest"] else None
    if m := g.THIRD.fullmatch(s):
        # "early June", "the end of the year": dated by the whole period, as TimeML does
        base = _period_named_by(m["rest"], p, text)
        return None if base is None else When(base.start, base.end, base.granularity, text)
    return None


def _season(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    """'this summer', 'last winter', 'spring 2024': three months (winter spans the new year)."""
    m = g.SEASON.fullmatch(s)
    if m is None:
        return None
    first = SEASONS[m["season"]]
    if m["year"]:
        # "winter 2024" is the winter that ends early in 2024
        a, b = rules.season_months(first, int(m["year"]) - (1 if first == 12 else 0))
        return span(a, b, "range", text)
    spans = [rules.season_months(first, p.year + k) for k in (-2, -1, 0, 1)]
    a, b = rules.pick_season(spans, m["mod"] or "", p, tense)
    return span(a, b, "range", text)


def _anchored_month(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    """'last September', 'October of next year', 'the last week of March'."""
    if m := g.LAST_WEEK_OF.fullmatch(s):
        mon = g.month_of(m)
        year = int(m["year"]) if m["year"] else rules.year_of_month(mon, p, tense)
        first, last = date_or_none(year, mon, 1), month_end(year, mon)
        if first is None or last is None:
            return None
        if m["which"] == "last":
            sunday = add_days(last, -((last.weekday() + 1) % 7))
            monday = sunday and add_days(sunday, -6)
        else:
            monday = add_days(first, (7 - first.weekday()) % 7)
            sunday = monday and add_days(monday, 6)
        return span(monday, sunday, "week", text)
    if m := g.MON_OF_YEAR.fullmatch(s):
        year = p.year + {"last": -1, "this": 0, "next": 1}[m["rel"]]
        return month_span(year, g.month_of(m), text)
    if m := g.MON_MOD.fullmatch(s):
        mon = g.month_of(m)
        return month_span(rules.year_of_modified_month(mon, m["mod"], p), mon, text)
    return None


def _one_expression(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    return (
        _calendar_date(s, p, text, tense)
        or _relative_date(s, p, text, tense)
        or _part_of_period(s, p, text, tense)
        or _season(s, p, text, tense)
        or _anchored_month(s, p, text, tense)
    )


def _two_sided_range(s: str, p: dt.date, text: str, tense: str | None = None) -> When | None:
    """Two-sided spans: "2023-2024", "between 2019 and 2021", "Feb. 10-12"."""
    if m := g.DAY_SPAN.fullmatch(s):
        first = _calendar_date(
            f"{m['mon']} {m['d1']}" + (f" {m['year']}" if m["year"] else ""), p, text, tense
        )
        last = first and date_or_none(first.start.year, first.start.month, int(m["d2"]))
        return first and span(first.start, last, "range", text)
    between = s.startswith("between ")
    s = s.removeprefix("between ")
    for sep in g.RANGE_SEP.finditer(s):  # hyphens also sit inside "mid-2024": try each split
        if sep.group().strip() == "and" and not between:
            continue  # "2019 and 2021" lists two years; only "between ... and" is a span
        a_text, b_text = s[: sep.start()], s[sep.end() :]
        a = _one_expression(a_text, p, text, tense)
        if a and a.granularity == "year" and len(b_text) == 2 and b_text.isdigit():  # "2023-24"
            b_text = str(a.start.year // 100 * 100 + int(b_text))
        b = a and _one_expression(b_text, p, text, tense)
        if a and b and (year := g.HAS_YEAR.search(b_text)) and not g.HAS_YEAR.search(a_text):
            # "November 20 to December 11, 2025": the first side is in the second's year,
            # or the one before ("December 20 to January 5, 2025")
            for y in (int(year.group()), int(year.group()) - 1):
                dated = _one_expression(f"{a_text} {y}", p, text, tense)
                if dated and dated.start <= b.end:
                    a = dated
                    break
        if a and b and a.start <= b.end:
            return When(a.start, b.end, "range", text)
    return None


_RANGE_OPENING = re.compile(r"\s*(?:(?:between|from|the|in|on|during)\s+)*", re.IGNORECASE)


def range_sides(
    text: str, published: dt.date, tense: str | None = None
) -> list[tuple[int, int, When]] | None:
    """The two dates of a written range ("between April and June", "from May 2 to May 9"),
    each as (start, end, When) with offsets in `text`; None when `text` is not one.

    The range is one interval for the event it dates; the text gives two dates, and a
    reader (or TimeML) sees two.
    """
    whole = interval_of(text, published, tense)
    if whole is None or whole.granularity != "range":
        return None
    lower = text.lower().replace("\u2013", "-").replace("\u2014", "-")  # offsets unchanged
    opening = _RANGE_OPENING.match(lower)
    start = opening.end() if opening else 0
    for sep in g.RANGE_SEP.finditer(lower, start):
        if sep.group().strip() == "and" and "between" not in lower[:start]:
            continue
        left, right = text[start : sep.start()], text[sep.end() :].rstrip(" .,;")
        a, b = interval_of(left, published, tense), interval_of(right, published, tense)
        if a is None or b is None:
            continue
        if g.HAS_YEAR.search(right) and not g.HAS_YEAR.search(left):
            a = interval_of(f"{left} {whole.start.year}", published, tense) or a
        if (a.start, b.end) == (whole.start, whole.end):
            a = When(a.start, a.end, a.granularity, left.strip())
            return [(start, sep.start(), a), (sep.end(), sep.end() + len(right), b)]
    return None


def _anaphoric_day(s: str, p: dt.date, anchor: dt.date | None, text: str) -> When | None:
    """ "the day", "the same day", "late in the day", "later that day": the day last named
    before, else `p`."""
    if not g.ANAPHORIC_DAY.fullmatch(s) and (m := g.THIRD.fullmatch(s)):
        s = g.strip_leading_words(m["rest"])  # "late in the day"; "later that day" is whole
    return day_span(anchor or p, text) if g.ANAPHORIC_DAY.fullmatch(s) else None


def _dateparser_day(s: str, p: dt.date, text: str) -> When | None:
    """Last resort for absolute days in forms our patterns do not know ("02/12/2025")."""
    if not g.HAS_YEAR.search(s) or s.isdigit() or len(s) > _DATEPARSER_MAX:
        return None  # without a year dateparser guesses; relative forms are ours
    import dateparser  # slow import; only rare spans get here

    base = dt.datetime(p.year, p.month, p.day)
    settings = {"STRICT_PARSING": True, "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    try:
        got = dateparser.parse(s, languages=["en"], settings=settings)
    except Exception:  # a third-party parser must never break the extraction
        return None
    return When(got.date(), got.date(), "day", text) if got else None


def interval_of(
    text: str, published: dt.date, tense: str | None = None, anchor: dt.date | None = None
) -> When | None:
    """The calendar interval one date expression names, read against the publication date.

    `tense` ("past" or "future"), from the governing verb, settles which way a date
    without a year points; `anchor`, the day the text named last, is the day "the same
    day" refers to. None when the text is not a calendar expression we can place.
    """
    if not isinstance(text, str) or len(text) > g.MAX_EXPRESSION:
        return None
    if m := g.SHORT_YEAR.fullmatch(text.strip().replace("\u2019", "'")):  # "'82"
        year = rules.two_digit_year(int(m["yy"]), published)
        return span(date_or_none(year, 1, 1), date_or_none(year, 12, 31), "year", text.strip())
    s = g.normalise(text)
    if not s:
        return None
    label = text.strip()
    try:
        head = s.split(", ")[0]  # "June 17, two days later": the date is the first part
        return (
            _anaphoric_day(s, published, anchor, label)
            or _one_expression(s, published, label, tense)
            or _two_sided_range(s, published, label, tense)
            or _dateparser_day(s, published, label)
            or (_one_expression(head, published, label, tense) if head != s else None)
        )
    except (ValueError, OverflowError):  # arithmetic at the edges of date's domain
        return None
