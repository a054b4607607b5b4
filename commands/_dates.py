"""The dates commands take (/since, /timeline, `briefing digest --from/--to`): what a person
typed, read as `parse_user_date` reads it, within the calendar and never pointing ahead.

A start date looks back from now. A relative form that points to the future ("in 3 days",
"tomorrow", "-5 days ago": a negative count back) is refused with the accepted forms rather
than silently read as a date to come; a date written out in full (2030-01-01) is taken as
written, however far ahead. Years run from 1 to 9999 (Python's calendar and the store's
ISO dates); a date outside them is refused by name.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.errors import BadDate
from bot.extraction.dates import parse_user_date

DATE_HINT = "Use a date like 2025-01-01, 1 Jan 2025, 'yesterday' or '3 days ago'."
CALENDAR = f"Dates run from {dt.date.min} to {dt.date.max}. {DATE_HINT}"
# A count with a sign: "-5 days ago", "+3 days", "−2 weeks" (a minus sign, a dash).
_SIGNED = re.compile(r"(?:^|\s)[-+\u2212\u2013\u2014]\s*\d")
# A year written out: the date is absolute, not counted from today.
_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
# Digits and separators only ("2025-01-01", "1/2/2025"): also written out.
_NUMERIC = re.compile(r"[0-9]+(?:[-/.][0-9]+)*")
# An ISO-looking date whose year the calendar has not (0, 10000 and on).
_ISO_YEAR = re.compile(r"[+-]?([0-9]+)-[0-9]{1,2}-[0-9]{1,2}")


def user_date(text: str, now: dt.datetime) -> dt.date:
    """The day a person typed; BadDate saying what is accepted for anything else."""
    typed = text.strip()
    iso = _ISO_YEAR.fullmatch(typed)
    if iso is not None and not dt.MINYEAR <= int(iso.group(1)) <= dt.MAXYEAR:
        raise BadDate(CALENDAR)
    if _SIGNED.search(typed):
        raise BadDate(
            "A negative count points to the future: count back with a plain number, like"
            f" '3 days ago'. {DATE_HINT}"
        )
    day = parse_user_date(typed, now)
    written_out = _YEAR.search(typed) or _NUMERIC.fullmatch(typed)
    if day > now.date() and not written_out:
        # The day, not what was typed: a reply never echoes the user's text.
        raise BadDate(f"That points to the future ({day}); these dates look back. {DATE_HINT}")
    return day
