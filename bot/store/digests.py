"""The digest ledger: each channel's digest for a date is claimed once, then marked posted.

The claim is an INSERT … ON CONFLICT DO NOTHING RETURNING on the (channel, digest_date)
primary key, so of two schedulers (or a restart) racing for the same digest, on either
engine, exactly one gets the row back and posts it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bot.store.rows import LedgerRow, ledger_row, stamp

if TYPE_CHECKING:
    from bot.store import Store


class Digests:
    """store.digests: the digest ledger."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self._store = store

    def claim(self, channel: str, digest_date: str, now: dt.datetime) -> bool:
        """Claim a channel's digest for a date; False when it was already claimed."""
        with self._store.writing():
            won = self.db.conn.execute(
                "INSERT INTO digests (channel, digest_date, claimed_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING RETURNING channel",
                (channel, digest_date, stamp(now)),
            ).fetchall()
        return len(won) == 1

    def mark_posted(
        self, channel: str, digest_date: str, message_id: str | None, now: dt.datetime
    ) -> None:
        with self._store.writing():
            self.db.conn.execute(
                "UPDATE digests SET posted_at = ?, message_id = ?"
                " WHERE channel = ? AND digest_date = ?",
                (stamp(now), message_id, channel, digest_date),
            )

    def ledger(self, channel: str | None = None) -> list[LedgerRow]:
        """The ledger's rows, of one channel or all, by channel and date."""
        return [
            ledger_row(r)
            for r in self.db.execute(
                "SELECT channel, digest_date, claimed_at, posted_at, message_id FROM digests"
                + (" WHERE channel = ?" if channel is not None else "")
                + " ORDER BY channel, digest_date",
                (channel,) if channel is not None else (),
            )
        ]

    def last_at(self, channel: str) -> str | None:
        """When the channel's last delivered digest was claimed (composed just after)."""
        row = self.db.execute(
            "SELECT max(claimed_at) FROM digests WHERE channel = ? AND posted_at IS NOT NULL",
            (channel,),
        ).fetchone()
        return row[0] if row else None
