"""How fast each channel hears of what it follows: at most so many alert messages an hour,
and quiet hours in its time zone (bot/digest/alerts.py holds the alerts meanwhile)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.store.rows import stamp

if TYPE_CHECKING:
    from bot.store import Store


@dataclass(frozen=True)
class Pace:
    """A channel's pace: None where it sets no limit."""

    channel: str
    alerts_per_hour: int | None = None
    quiet_start: str | None = None  # "HH:MM", local
    quiet_end: str | None = None
    timezone: str = "UTC"
    # A thread per story: its later developments go there (commands/threads.py).
    threads: bool = False
    # Since when its alerts have been held (quiet hours, the hour's cap): what was held
    # goes as one message when they may go again.
    held_since: str | None = None

    def quiet(self, now: dt.datetime) -> bool:
        """Whether `now` falls in the channel's quiet hours (its own time zone, so a
        change of clocks moves them with the channel's day)."""
        if not self.quiet_start or not self.quiet_end:
            return False
        local = now.astimezone(ZoneInfo(self.timezone)).strftime("%H:%M")
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= local < self.quiet_end
        return local >= self.quiet_start or local < self.quiet_end  # across midnight

    def held(self, now: dt.datetime, posted_last_hour: int) -> str | None:
        """Why alerts wait now ("quiet hours until 07:00", "5 an hour"), or None."""
        if self.quiet(now):
            return f"quiet hours until {self.quiet_end} ({self.timezone})"
        if self.alerts_per_hour is not None and posted_last_hour >= self.alerts_per_hour:
            return f"{self.alerts_per_hour} alert messages an hour"
        return None


class Paces:
    """store.pace: each channel's pace, and how many alert messages it got lately."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self._store = store

    def get(self, channel: str) -> Pace:
        row = self.db.execute(
            "SELECT channel, alerts_per_hour, quiet_start, quiet_end, timezone, threads,"
            " held_since FROM channel_pace WHERE channel = ?",
            (channel,),
        ).fetchone()
        return Pace(*row[:5], threads=bool(row[5]), held_since=row[6]) if row else Pace(channel)

    def hold(self, channel: str, now: dt.datetime) -> None:
        """The channel's alerts wait (from now, unless they already did)."""
        with self._store.writing():
            self.db.conn.execute(
                "UPDATE channel_pace SET held_since = coalesce(held_since, ?) WHERE channel = ?",
                (stamp(now), channel),
            )

    def release(self, channel: str) -> None:
        """What was held went."""
        with self._store.writing():
            self.db.conn.execute(
                "UPDATE channel_pace SET held_since = NULL WHERE channel = ?", (channel,)
            )

    def set(self, pace: Pace, now: dt.datetime) -> Pace:
        with self._store.writing():
            self.db.conn.execute(
                "INSERT INTO channel_pace (channel, alerts_per_hour, quiet_start, quiet_end,"
                " timezone, threads, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (channel) DO UPDATE SET alerts_per_hour = excluded.alerts_per_hour,"
                " quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,"
                " timezone = excluded.timezone, threads = excluded.threads,"
                " updated_at = excluded.updated_at",
                (
                    pace.channel,
                    pace.alerts_per_hour,
                    pace.quiet_start,
                    pace.quiet_end,
                    pace.timezone,
                    int(pace.threads),
                    stamp(now),
                ),
            )
        return pace

    def any(self) -> bool:
        """Whether any channel has a pace (alerts may then be waiting for their time)."""
        return (
            self.db.execute(
                "SELECT 1 FROM channel_pace WHERE alerts_per_hour IS NOT NULL"
                " OR quiet_start IS NOT NULL LIMIT 1"
            ).fetchone()
            is not None
        )

    def messages_since(self, channel: str, since: dt.datetime) -> int:
        """The alert messages posted in the channel since `since`: one per story message
        (a fold of several stories is one), none for an update (an edit, or a reply in
        its story's thread)."""
        return self.db.execute(
            "SELECT count(DISTINCT coalesce(s.part, a.batch)) FROM alerts a"
            " LEFT JOIN alert_stories s ON s.id = a.story"
            " WHERE a.channel = ? AND a.batch != '' AND a.posted_at >= ?"
            " AND (s.part IS NULL OR s.part LIKE a.batch || '-%')",
            (channel, stamp(since)),
        ).fetchone()[0]
