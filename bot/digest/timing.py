"""When a digest goes: its local time and time zone, read one way wherever they come from.

The settings (DIGEST_TIME, DIGEST_TIMEZONE), /digest-setup and the scheduler, for the
channels the store holds, all read them here, so what one accepts the others accept and
a refusal says the same thing everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from bot.errors import BadInput
from bot.extraction.dates import rhythm_weekday
from bot.store import DigestChannel

TIME_HINT = "Use a 24-hour time from 00:00 to 23:59, like 08:00 or 18:30."
ZONE_HINT = "Use an IANA time zone like UTC, Europe/Paris or America/New_York."
# "8:00", "08:00", "8.30", "18h30" (as people write times); ASCII digits only, so that
# no other script's digits slip through int().
_TIME = re.compile(r"([0-9]{1,2})[:.h]([0-9]{2})", re.ASCII)
# Names in the zone database that are not places: the host's own zone, a placeholder.
_NOT_ZONES = {"localtime", "factory", "posixrules"}


def digest_time(text: str) -> dt.time:
    """A wall time of the day; BadInput saying what is accepted for anything else."""
    match = _TIME.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise BadInput(TIME_HINT)
    hour, minute = int(match.group(1)), int(match.group(2))
    if (hour, minute) == (24, 0):
        raise BadInput(f"24:00 is the next day's 00:00. {TIME_HINT}")
    if hour > 23 or minute > 59:
        raise BadInput(TIME_HINT)
    return dt.time(hour, minute)


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    """Every zone name of the database, by its lower case."""
    return {name.lower(): name for name in available_timezones() if name.lower() not in _NOT_ZONES}


def digest_zone(text: str) -> ZoneInfo:
    """An IANA zone in any case ('utc', 'europe/paris'), under its own name; BadInput
    saying what is accepted for anything else (paths, unknown places)."""
    name = _zones().get(text.strip().lower()) if isinstance(text, str) else None
    if name is None:
        raise BadInput(ZONE_HINT)
    return ZoneInfo(name)


def channel_problem(config: DigestChannel) -> str | None:
    """Why a channel's stored setting cannot be scheduled (written by an older version,
    or straight into the store), or None when it can."""
    try:
        digest_time(config.time)
        digest_zone(config.timezone)
    except BadInput as exc:
        return exc.message
    try:
        rhythm_weekday(config.rhythm)
    except (KeyError, AttributeError):
        return f"the rhythm {config.rhythm!r} is not daily nor weekly on a day"
    return None
