"""/digest-setup <channel> <time> [timezone] [rhythm] (admin): where and when the digest
goes, daily (the default) or weekly on a named day."""

from __future__ import annotations

import datetime as dt

from bot.digest.schedule import next_due
from bot.digest.timing import digest_time, digest_zone
from bot.errors import BadInput
from bot.extraction.dates import parse_rhythm
from bot.replies import DigestSetupReply
from bot.store import Store, described
from commands import Command, Effect, Env, Param

# The first word of a rhythm, which the timezone's place may hold instead.
RHYTHM_WORDS = ("daily", "weekly")
AFTER_THE_ZONE = "After it, optionally: daily (the default) or weekly and a day (weekly monday)."


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> DigestSetupReply:
    channel = args["channel"].strip().lstrip("#")
    if not channel or len(channel) > 100:
        raise BadInput("Name the channel the digest should go to, e.g. #news.")
    time = digest_time(args["time"])
    zone_text, rhythm_text = args.get("timezone") or "", args.get("rhythm") or ""
    if zone_text.split(" ", 1)[0].lower() in RHYTHM_WORDS:
        # "/digest-setup #news 08:00 weekly monday": a rhythm without a zone (UTC).
        zone_text, rhythm_text = "", f"{zone_text} {rhythm_text}"
    try:
        # No zone typed: DIGEST_TIMEZONE, as the front's own default channel has it.
        zone = digest_zone(zone_text or env.digest_timezone)
    except BadInput as exc:
        raise BadInput(f"{exc.message} {AFTER_THE_ZONE}") from None
    rhythm = parse_rhythm(rhythm_text)
    config = store.channels.set(
        f"{env.front}:{channel}",
        env.guild,
        time.strftime("%H:%M"),
        zone.key,
        skip_empty=env.digest_skip_empty,
        now=now,
        rhythm=rhythm,
    )
    return DigestSetupReply(
        channel=config.channel,
        time=config.time,
        timezone=config.timezone,
        next_at=_local(next_due(config, now), zone),
        rhythm=config.rhythm,
        filters=described(store.filters.of(config.channel, "digest")),
    )


def _local(at: dt.datetime | None, zone: dt.tzinfo) -> str:
    """When the next digest goes, in the channel's zone (ISO, to the minute)."""
    try:
        if at is not None:
            return at.astimezone(zone).isoformat(timespec="minutes")
    except OverflowError:  # after 9999-12-31 in that zone
        pass
    return "none: the calendar ends before it"


COMMAND = Command(
    name="digest-setup",
    description="Send this server's digest to a channel at a local time, daily or weekly.",
    handler=handle,
    params=(
        Param("channel", "The channel the digest goes to", kind="channel"),
        Param("time", "Local time of day, 24-hour, e.g. 08:00", kind="time"),
        Param(
            "timezone",
            "IANA time zone, e.g. Europe/Paris (default: the bot's DIGEST_TIMEZONE)",
            required=False,
            kind="timezone",
        ),
        Param(
            "rhythm",
            "daily (default) or weekly with a day, e.g. weekly monday",
            required=False,
        ),
    ),
    admin=True,
    examples=(
        "/digest-setup #news 08:00 Europe/Paris",
        "/digest-setup #news 08:00 Europe/Paris weekly monday",
    ),
    slow=True,
    writes=True,
    after=(Effect.RESCHEDULE_DIGESTS,),
)
