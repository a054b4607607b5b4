"""The decisions a date expression leaves open, made against the publication date `p`.

Which way a date without a year points (the verb's tense, else the nearest, ties to
the past because news reports past events); what a modifier ("last", "next", "this")
selects; and at which granularity a vague period ("the 1800s", "the '90s") is read.
"""

from __future__ import annotations

import datetime as dt

from bot.extraction.dates.intervals import (
    add_days,
    add_months,
    date_or_none,
    month_end,
)
from bot.extraction.dates.vocabulary import BACKWARD, FORWARD

Span = tuple[dt.date | None, dt.date | None]

# --- the direction of a date without a year -------------------------------------------


def closest_date(
    cands: list[dt.date | None], p: dt.date, tense: str | None = None
) -> dt.date | None:
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


def nearest_in_cycle(cur: int, want: int, cycle: int, tense: str | None = None) -> int:
    """Index nearest to `cur` that is `want` modulo `cycle` (months, quarters); ties to past.
    The verb's tense, when known, decides the direction instead."""
    back, fwd = (cur - want) % cycle, (want - cur) % cycle
    if tense == "past":
        return cur - back
    if tense == "future":
        return cur + fwd
    return cur - back if back <= fwd else cur + fwd


def year_of_month(month: int, p: dt.date, tense: str | None = None) -> int:
    """The year of a month named without one ("in December"): the nearest such month."""
    return nearest_in_cycle(p.year * 12 + p.month - 1, month - 1, 12, tense) // 12


def two_digit_year(yy: int, p: dt.date) -> int:
    """ "'82": the latest year ending so that is not after publication."""
    year = 2000 + yy
    return year - 100 if year > p.year else year


# --- what a modifier selects ----------------------------------------------------------


def weekday_offset(weekday: int, mod: str | None, p: dt.date, tense: str | None) -> int:
    """Days from `p` to the weekday a phrase names ("Friday", "last Friday", "next Friday")."""
    back = (p.weekday() - weekday) % 7
    if mod in FORWARD:
        return (weekday - p.weekday()) % 7 or 7
    if mod in BACKWARD:
        return -(back or 7)
    if mod == "this":  # the one in p's own week
        return weekday - p.weekday()
    if tense == "future":  # "will meet on Monday": the next one
        return (weekday - p.weekday()) % 7 or 7
    return -back  # bare weekday: past reporting, and p itself counts (AP style)


def weekend_saturday(mod: str | None, p: dt.date) -> dt.date | None:
    """The Saturday of the weekend a phrase names: by default the one on or before `p`."""
    sat = add_days(p, -((p.weekday() - 5) % 7))
    if sat is not None and mod in BACKWARD and p.weekday() >= 5:
        sat = add_days(sat, -7)  # during a weekend, "last weekend" is the one before
    if sat is not None and mod in FORWARD:
        sat = add_days(sat, 7)
    return sat


def year_of_modified_month(month: int, mod: str, p: dt.date) -> int:
    """'last September' is the latest before p's month, 'next May' the first after it."""
    if mod in BACKWARD:
        return p.year if month < p.month else p.year - 1
    if mod in FORWARD:
        return p.year if month > p.month else p.year + 1
    return p.year


def pick_season(spans: list[Span], mod: str, p: dt.date, tense: str | None) -> Span:
    """Of the candidate seasons, the one a modifier (or the verb's tense) points to."""
    if mod in BACKWARD or (not mod and tense == "past"):
        return max((x for x in spans if x[1] and x[1] < p), key=lambda x: x[0])
    if mod in FORWARD or (not mod and tense == "future"):
        return min((x for x in spans if x[0] and x[0] > p), key=lambda x: x[0])
    # "this summer": the one around p, else the nearest
    return min(
        (x for x in spans if x[0] and x[1]),
        key=lambda x: 0 if x[0] <= p <= x[1] else min(abs((x[0] - p).days), abs((x[1] - p).days)),
    )


# --- granularity ----------------------------------------------------------------------


def decade_years(dec: str, p: dt.date) -> tuple[int, int]:
    """The first year and the length of "the 1990s", "the '90s", "the 1800s"."""
    dec = dec.lstrip("'")
    if len(dec) == 2:  # "the '90s": the latest such decade that has begun by p
        start = (p.year // 100) * 100 + int(dec)
        start -= 100 if start > p.year else 0
    else:
        start = int(dec)
    # "the 1800s" means the century; only the 2000s is commonly a decade
    length = 100 if dec.endswith("00") and len(dec) == 4 and dec != "2000" else 10
    return start, length


def season_months(first_month: int, year: int) -> Span:
    """The three months of a season starting in `first_month` of `year`."""
    start = date_or_none(year, first_month, 1)
    last = add_months(start, 2) if start else None
    return start, last and month_end(last.year, last.month)
