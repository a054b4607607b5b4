"""/digest-setup <channel> <time> <timezone> (admin): where and when the daily digest goes."""

from __future__ import annotations

import datetime as dt

from bot.digest.schedule import next_due
from bot.errors import BadInput
from bot.extraction.dates import parse_time, parse_zone
from bot.replies import DigestSetupReply
from bot.store import Store
from commands import Command, Effect, Env, Param


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> DigestSetupReply:
    channel = args["channel"].strip().lstrip("#")
    if not channel or len(channel) > 100:
        raise BadInput("Name the channel the digest should go to, e.g. #news.")
    time = parse_time(args["time"])
    zone = parse_zone(args.get("timezone") or "UTC")
    config = store.set_digest_channel(
        f"{env.front}:{channel}",
        env.guild,
        time.strftime("%H:%M"),
        zone.key,
        skip_empty=False,
        now=now,
    )
    return DigestSetupReply(
        channel=config.channel,
        time=config.time,
        timezone=config.timezone,
        next_at=next_due(config, now).astimezone(zone).isoformat(timespec="minutes"),
    )


COMMAND = Command(
    name="digest-setup",
    description="Send this server's daily digest to a channel at a local time.",
    handler=handle,
    params=(
        Param("channel", "The channel the digest goes to", kind="channel"),
        Param("time", "Local time of day, 24-hour, e.g. 08:00", kind="time"),
        Param(
            "timezone",
            "IANA time zone, e.g. Europe/Paris (default UTC)",
            required=False,
            kind="timezone",
        ),
    ),
    admin=True,
    examples=("/digest-setup #news 08:00 Europe/Paris",),
    slow=True,
    writes=True,
    after=(Effect.RESCHEDULE_DIGESTS,),
)
