"""Dates, times and time zones a person typed (/since, /timeline, /digest-setup).

Each parser takes the user's text and returns a value or raises a domain error whose
message says what is accepted; nothing raw reaches the user.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import BadDate, BadInput
from bot.extraction.dates.intervals import date_or_none
from bot.extraction.dates.vocabulary import WEEKDAYS

_MAX_TYPED = 100  # longer than any date a person types
_DATE_HINT = "Use a date like 2025-01-01, 1 Jan 2025, 'yesterday' or '3 days ago'."
_TIME_HINT = "Use a 24-hour time like 08:00 or 18:30."
_ZONE_HINT = "Use an IANA time zone like UTC, Europe/Paris or America/New_York."
_RHYTHM_HINT = (
    "Say how often: daily, or weekly with a day, e.g. weekly monday (days: monday to sunday,"
    " or mon to sun)."
)
DAILY = "daily"
_MAX_ZONE = 64  # longer than any IANA name
_YEAR4 = re.compile(r"\d{4}")
_HAS_LETTER = re.compile(r"[A-Za-z]")
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$")


def parse_user_date(text: str, now: dt.datetime) -> dt.date:
    """Parse a /since date typed by a user; raise BadDate for anything else."""
    s = text.strip() if isinstance(text, str) else ""
    if not s or len(s) > _MAX_TYPED or any(unicodedata.category(c)[0] == "C" for c in s):
        raise BadDate(_DATE_HINT)
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        pass
    if _YEAR4.fullmatch(s):  # dateparser would keep today's month
        if (jan1 := date_or_none(int(s), 1, 1)) is None:
            raise BadDate(_DATE_HINT)
        return jan1
    if not (_HAS_LETTER.search(s) and len(s) > 2) and not _NUMERIC_DATE.fullmatch(s):
        raise BadDate(_DATE_HINT)  # dateparser reads "26" as this month's 26th, "a" as Jan 1
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
        raise BadDate(_DATE_HINT)
    return got.date()


def parse_time(text: str) -> dt.time:
    """A 24-hour wall time ("08:00", "8.30", "18h30"); raise BadInput for anything else."""
    match = _TIME.match(text.strip())
    if not match:
        raise BadInput(_TIME_HINT)
    return dt.time(int(match.group(1)), int(match.group(2)))


def parse_zone(text: str) -> ZoneInfo:
    """An IANA time zone name; raise BadInput for anything else (paths included)."""
    name = text.strip()
    try:
        if not name or len(name) > _MAX_ZONE or ".." in name or name.startswith("/"):
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(_ZONE_HINT) from None


def parse_rhythm(text: str) -> str:
    """How often a digest goes: 'daily' (also for nothing typed), or 'weekly <day>' for
    "weekly monday", "Weekly on Mon", "weekly, fridays"; raise BadInput for anything else."""
    words = [w for w in re.split(r"[\s,]+", text.strip().lower()) if w and w != "on"]
    if not words or words == [DAILY]:
        return DAILY
    if words[0] == "weekly" and len(words) == 2:
        day = words[1].rstrip("s") if words[1].rstrip("s") in WEEKDAYS else words[1]
        matches = [d for d in WEEKDAYS if d == day or (len(day) >= 3 and d.startswith(day))]
        if len(matches) == 1:
            return f"weekly {matches[0]}"
    raise BadInput(_RHYTHM_HINT)


def rhythm_weekday(rhythm: str) -> int | None:
    """The weekday (Monday 0) of a weekly rhythm, None for daily."""
    kind, _, day = rhythm.partition(" ")
    return WEEKDAYS[day] if kind == "weekly" else None
