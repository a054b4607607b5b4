"""Digest channel settings: where and when each guild's (or channel's) digest goes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bot.store.rows import DigestChannel, digest_channel, stamp

if TYPE_CHECKING:
    from bot.store import Store


class Channels:
    """store.channels: where and when each digest goes."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self._store = store

    def set(
        self,
        channel: str,
        guild: str | None,
        time: str,
        timezone: str,
        skip_empty: bool,
        now: dt.datetime,
        rhythm: str = "daily",
    ) -> DigestChannel:
        """Point a guild's digest (or a channel's, without a guild) at a channel, a time
        and a rhythm ('daily', 'weekly monday').

        A guild has one digest channel: setting another replaces it.
        """
        at = stamp(now)
        with self._store.writing():
            if guild is not None:
                self.db.conn.execute("DELETE FROM digest_channels WHERE guild = ?", (guild,))
            self.db.conn.execute(
                "INSERT INTO digest_channels (channel, guild, time, timezone, skip_empty,"
                " updated_at, rhythm) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (channel) DO UPDATE"
                " SET guild = excluded.guild, time = excluded.time, timezone = excluded.timezone,"
                " skip_empty = excluded.skip_empty, updated_at = excluded.updated_at,"
                " rhythm = excluded.rhythm",
                (channel, guild, time, timezone, int(skip_empty), at, rhythm),
            )
        return DigestChannel(channel, guild, time, timezone, skip_empty, at, rhythm)

    def all(self, prefix: str = "") -> list[DigestChannel]:
        """The channels whose name starts with `prefix` (a front: 'discord:'), by name."""
        return [
            digest_channel(r)
            for r in self.db.execute(
                "SELECT channel, guild, time, timezone, skip_empty, updated_at, rhythm"
                " FROM digest_channels WHERE channel LIKE ? ORDER BY channel",
                (prefix + "%",),
            )
        ]
