"""Notices a process without the chat front they go through leaves for one that has it.

The ingest service has no chat front: the notices it owes the admin channel (a reload
that skipped documents) and a feed's channel (a feed failing, paused or back) are rows
here. A chat process whose front serves the row's platform claims each row once (the
claim is the `posted_at` it sets, so of several processes one posts it) and posts it.

An admin notice's row also names its problem (kind, subject) and whether it opened it
or closed it: the latest row of a problem says whether it is open, so a service started
again (by cron, `--once`) does not tell an open problem twice. Rows are kept a week,
posted or not, then dropped when the next notice is added (a problem still open a week
later is told once more).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.store import Store

KEPT = dt.timedelta(days=7)
PROBLEM, RECOVERED = "problem", "recovered"


@dataclass(frozen=True)
class NoticeRow:
    id: int
    channel: str
    text: str
    created_at: str


class Outbox:
    """store.outbox: the notices waiting for a chat process to post them."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self._store = store

    def add(self, channel: str, text: str, now: dt.datetime) -> None:
        """Leave a notice for `channel` ("discord:123")."""
        with self._store.writing():
            self._insert(channel, text, now)

    def tell(
        self,
        channel: str,
        kind: str,
        subject: str,
        state: str,
        text: Callable[[dt.datetime | None], str],
        now: dt.datetime,
    ) -> bool:
        """Open (PROBLEM) or close (RECOVERED) the problem (kind, subject) and leave its
        notice, `text(when the problem opened)`; False, leaving nothing, when it already
        was so (open, or not open)."""
        with self._store.writing():
            row = self.db.conn.execute(
                "SELECT state, created_at FROM notice_outbox WHERE kind = ? AND subject = ?"
                " ORDER BY id DESC LIMIT 1",
                (kind, subject),
            ).fetchone()
            is_open = row is not None and row[0] == PROBLEM
            if is_open == (state == PROBLEM):
                return False
            since = dt.datetime.fromisoformat(row[1]) if is_open else None
            self._insert(channel, text(since), now, kind, subject, state)
            return True

    def _insert(
        self,
        channel: str,
        text: str,
        now: dt.datetime,
        kind: str | None = None,
        subject: str | None = None,
        state: str | None = None,
    ) -> None:
        """In the caller's transaction, with what is a week old dropped."""
        self.db.conn.execute(
            "DELETE FROM notice_outbox WHERE created_at < ?", ((now - KEPT).isoformat(),)
        )
        self.db.conn.execute(
            "INSERT INTO notice_outbox (channel, text, created_at, kind, subject, state)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (channel, text, now.isoformat(), kind, subject, state),
        )

    def waiting(self, platforms: list[str] | None = None) -> list[NoticeRow]:
        """The notices not yet posted, oldest first; only for `platforms` when given."""
        rows = [
            NoticeRow(*row)
            for row in self.db.execute(
                "SELECT id, channel, text, created_at FROM notice_outbox"
                " WHERE posted_at IS NULL ORDER BY id"
            )
        ]
        if platforms is None:
            return rows
        return [row for row in rows if row.channel.split(":", 1)[0] in platforms]

    def claim(self, notice: NoticeRow, by: str, now: dt.datetime) -> bool:
        """Take the notice to post it; False when another process took it first."""
        with self._store.writing():
            return (
                self.db.conn.execute(
                    "UPDATE notice_outbox SET posted_at = ?, posted_by = ?"
                    " WHERE id = ? AND posted_at IS NULL",
                    (now.isoformat(), by, notice.id),
                ).rowcount
                == 1
            )
