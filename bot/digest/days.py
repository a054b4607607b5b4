"""Day arithmetic that stays on the calendar (years 1 to 9999).

A store may hold an event or a document dated 0001-01-01 or 9999-12-31 (a seed's typo, a
date read from text), and a person may ask for a digest from either; "the day before year
1" or "the day after 9999-12-31" would raise OverflowError. A window reaching past either
end stops at it instead: there is nothing stored beyond.
"""

from __future__ import annotations

import datetime as dt


def days_before(day: dt.date, days: int) -> dt.date:
    """`day` less `days` days, or the calendar's first day when that is before it."""
    if day.toordinal() - days < 1:
        return dt.date.min
    return day - dt.timedelta(days=days)


def days_after(day: dt.date, days: int) -> dt.date:
    """`day` plus `days` days, or the calendar's last day when that is after it."""
    if day.toordinal() + days > dt.date.max.toordinal():
        return dt.date.max
    return day + dt.timedelta(days=days)
