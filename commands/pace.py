"""/pace [setting] [value] (admin): how fast this channel hears of what it follows.

`/pace alerts 5` posts at most five alert messages an hour; the items past them wait and
go together in the next message the hour allows (never dropped). `/pace quiet 22:00-07:00
Europe/Paris` holds alerts in those hours of the channel's day and sends what waited as
one message when they end. `/pace threads on` tells each story's later developments in
the thread of its alert (Discord threads, Slack thread replies) instead of editing the
alert. `off` removes any of them; `/pace` shows the channel's pace.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.digest.timing import digest_time, digest_zone
from bot.errors import BadInput
from bot.replies import PaceReply
from bot.store import Pace, Store
from commands import Command, Env, Param

SETTINGS = ("alerts", "quiet", "threads", "show")
MAX_PER_HOUR = 60
USAGE = (
    "/pace alerts <1-60|off>, /pace quiet <HH:MM-HH:MM> [time zone], /pace quiet off"
    " or /pace threads <on|off>"
)


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> PaceReply:
    setting = (args.get("setting") or "show").strip().lower()
    value = " ".join((args.get("value") or "").split())
    pace = store.pace.get(env.channel)
    if setting == "show":
        return _reply(pace, "This channel's pace:")
    if setting not in SETTINGS:
        raise BadInput(f"/pace does not know '{setting[:40]}': {USAGE}.")
    if not value:
        raise BadInput(f"/pace {setting} needs a value: {USAGE}.")
    if setting == "alerts":
        pace = dataclasses.replace(pace, alerts_per_hour=_per_hour(value))
    elif setting == "threads":
        pace = dataclasses.replace(pace, threads=_on(value))
    else:
        start, end, zone = _quiet(value, env)
        pace = dataclasses.replace(pace, quiet_start=start, quiet_end=end, timezone=zone)
    store.pace.set(pace, now)
    return _reply(pace, "This channel's pace is now:")


def _per_hour(value: str) -> int | None:
    if value.lower() == "off":
        return None
    if not value.isdigit() or not 1 <= int(value) <= MAX_PER_HOUR:
        raise BadInput(f"Give a number of alert messages an hour from 1 to {MAX_PER_HOUR}, or off.")
    return int(value)


def _on(value: str) -> bool:
    if value.lower() not in ("on", "off"):
        raise BadInput("Give on (a thread per story for its later developments) or off.")
    return value.lower() == "on"


def _quiet(value: str, env: Env) -> tuple[str | None, str | None, str]:
    if value.lower() == "off":
        return None, None, "UTC"
    hours, _, zone_text = value.partition(" ")
    start_text, dash, end_text = hours.partition("-")
    if not dash:
        raise BadInput(f"Give quiet hours as a start and an end, like 22:00-07:00: {USAGE}.")
    start, end = digest_time(start_text), digest_time(end_text)
    if start == end:
        raise BadInput("Quiet hours that start when they end are no hours: give two times.")
    zone = digest_zone(zone_text or env.digest_timezone)
    return start.strftime("%H:%M"), end.strftime("%H:%M"), zone.key


def _reply(pace: Pace, heading: str) -> PaceReply:
    return PaceReply(
        heading,
        pace.alerts_per_hour,
        pace.quiet_start,
        pace.quiet_end,
        pace.timezone,
        pace.threads,
    )


COMMAND = Command(
    name="pace",
    description=(
        "How this channel hears of what it follows: alerts an hour, quiet hours, threads."
    ),
    handler=handle,
    params=(
        Param("setting", "alerts, quiet, threads or show", required=False),
        Param(
            "value",
            "alerts: 1-60 or off; quiet: 22:00-07:00 [time zone] or off; threads: on or off",
            required=False,
        ),
    ),
    admin=True,
    examples=(
        "/pace alerts 5",
        "/pace quiet 22:00-07:00 Europe/Paris",
        "/pace threads on",
        "/pace",
    ),
    slow=True,
    writes=True,
)
