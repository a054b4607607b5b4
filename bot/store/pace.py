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
            "SELECT channel, alerts_per_hour, quiet_start, quiet_end, timezone"
            " FROM channel_pace WHERE channel = ?",
            (channel,),
        ).fetchone()
        return Pace(*row) if row else Pace(channel)

    def set(self, pace: Pace, now: dt.datetime) -> Pace:
        with self._store.writing():
            self.db.conn.execute(
                "INSERT INTO channel_pace (channel, alerts_per_hour, quiet_start, quiet_end,"
                " timezone, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel)"
                " DO UPDATE SET alerts_per_hour = excluded.alerts_per_hour,"
                " quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,"
                " timezone = excluded.timezone, updated_at = excluded.updated_at",
                (
                    pace.channel,
                    pace.alerts_per_hour,
                    pace.quiet_start,
                    pace.quiet_end,
                    pace.timezone,
                    stamp(now),
                ),
            )
        return pace

    def any(self) -> bool:
        """Whether any channel has a pace (alerts may then be waiting for their time)."""
        return self.db.execute("SELECT 1 FROM channel_pace LIMIT 1").fetchone() is not None

    def messages_since(self, channel: str, since: dt.datetime) -> int:
        """The alert messages the channel was posted since `since` (its batches)."""
        return self.db.execute(
            "SELECT count(DISTINCT batch) FROM alerts WHERE channel = ? AND batch != ''"
            " AND posted_at >= ?",
            (channel, stamp(since)),
        ).fetchone()[0]
