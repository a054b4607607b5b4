"""The When interval, and the calendar arithmetic that builds one.

Every helper returns None instead of raising when a date would leave the calendar
(before year 1, after 9999, or a day a month does not have).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

_MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True)
class When:
    """A calendar interval a date expression names; `end` is inclusive."""

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


def published_when(published: dt.date) -> When:
    """The default: the publication day."""
    return When(published, published, "day", None)


def date_or_none(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except (ValueError, OverflowError):
        return None


def month_end(y: int, m: int) -> dt.date | None:
    return date_or_none(y, m, calendar.monthrange(y, m)[1])


def add_days(d: dt.date, n: int) -> dt.date | None:
    try:
        return d + dt.timedelta(days=n)
    except OverflowError:
        return None


def add_months(d: dt.date, n: int) -> dt.date | None:
    """Shift by calendar months, clipping the day (Mar 31 - 1 month = Feb 28)."""
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    end = month_end(y, m + 1) if 1 <= y <= 9999 else None
    return None if end is None else end.replace(day=min(d.day, end.day))


def period_around(unit: str, p: dt.date, offset: int) -> tuple[dt.date, dt.date] | None:
    """The day/week/month/quarter/year containing `p`, shifted by `offset` units."""
    if unit in ("day", "week"):  # ISO weeks start on Monday
        days = 7 if unit == "week" else 1
        a = add_days(p, days * offset - (p.weekday() if days == 7 else 0))
        b = a and add_days(a, days - 1)
    else:
        months = _MONTHS_IN[unit]
        first = date_or_none(p.year, (p.month - 1) // months * months + 1, 1)
        a = first and add_months(first, offset * months)
        last = a and add_months(a, months - 1)
        b = last and month_end(last.year, last.month)
    return None if a is None or b is None else (a, b)


def span(a: dt.date | None, b: dt.date | None, gran: str, text: str) -> When | None:
    """The interval from `a` to `b`; None when either is missing or they are out of order."""
    if a is None or b is None or a > b:
        return None
    return When(a, b, gran, text)


def day_span(d: dt.date | None, text: str) -> When | None:
    return span(d, d, "day", text)


def month_span(y: int, m: int, text: str) -> When | None:
    return span(date_or_none(y, m, 1), month_end(y, m), "month", text)


def months_span(start: dt.date | None, months: int, gran: str, text: str) -> When | None:
    """`months` whole months from the month of `start` (its first day)."""
    last = start and add_months(start, months - 1)
    return span(start, last and month_end(last.year, last.month), gran, text)
