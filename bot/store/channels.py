"""Digest channel settings: where and when each guild's (or channel's) digest goes."""

from __future__ import annotations

from sqlite_utils import Database

from bot.store.rows import DigestChannel, digest_channel


def set_digest_channel(
    db: Database,
    channel: str,
    guild: str | None,
    time: str,
    timezone: str,
    skip_empty: bool,
    stamp: str,
    rhythm: str = "daily",
) -> DigestChannel:
    """Point a guild's digest (or a channel's, without a guild) at a channel and time.

    A guild has one digest channel: setting another replaces it. In the caller's
    transaction.
    """
    if guild is not None:
        db.conn.execute("DELETE FROM digest_channels WHERE guild = ?", (guild,))
    db.conn.execute(
        "INSERT INTO digest_channels (channel, guild, time, timezone, skip_empty,"
        " updated_at, rhythm) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel) DO UPDATE"
        " SET guild = excluded.guild, time = excluded.time, timezone = excluded.timezone,"
        " skip_empty = excluded.skip_empty, updated_at = excluded.updated_at,"
        " rhythm = excluded.rhythm",
        (channel, guild, time, timezone, int(skip_empty), stamp, rhythm),
    )
    return DigestChannel(channel, guild, time, timezone, skip_empty, stamp, rhythm)


def digest_channels(db: Database, prefix: str = "") -> list[DigestChannel]:
    """The channels whose name starts with `prefix` (a front: 'discord:'), by name."""
    return [
        digest_channel(r)
        for r in db.execute(
            "SELECT channel, guild, time, timezone, skip_empty, updated_at, rhythm"
            " FROM digest_channels WHERE channel LIKE ? ORDER BY channel",
            (prefix + "%",),
        )
    ]
