"""The digest ledger: each channel's digest for a date is claimed once, then marked posted.

The claim is an INSERT … ON CONFLICT DO NOTHING RETURNING on the (channel, digest_date)
primary key, so of two schedulers (or a restart) racing for the same digest, on either
engine, exactly one gets the row back and posts it.
"""

from __future__ import annotations

from sqlite_utils import Database

from bot.store.rows import LedgerRow, ledger_row


def claim_digest(db: Database, channel: str, digest_date: str, stamp: str) -> bool:
    """Claim a channel's digest for a date; False when it was already claimed."""
    won = db.conn.execute(
        "INSERT INTO digests (channel, digest_date, claimed_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING RETURNING channel",
        (channel, digest_date, stamp),
    ).fetchall()
    return len(won) == 1


def mark_digest_posted(
    db: Database, channel: str, digest_date: str, message_id: str | None, stamp: str
) -> None:
    db.conn.execute(
        "UPDATE digests SET posted_at = ?, message_id = ? WHERE channel = ? AND digest_date = ?",
        (stamp, message_id, channel, digest_date),
    )


def ledger(db: Database, channel: str | None = None) -> list[LedgerRow]:
    """The ledger's rows, of one channel or all, by channel and date."""
    return [
        ledger_row(r)
        for r in db.execute(
            "SELECT channel, digest_date, claimed_at, posted_at, message_id FROM digests"
            + (" WHERE channel = ?" if channel is not None else "")
            + " ORDER BY channel, digest_date",
            (channel,) if channel is not None else (),
        )
    ]


def last_digest_at(db: Database, channel: str) -> str | None:
    """When the channel's last delivered digest was claimed (composed just after)."""
    row = db.execute(
        "SELECT max(claimed_at) FROM digests WHERE channel = ? AND posted_at IS NOT NULL",
        (channel,),
    ).fetchone()
    return row[0] if row else None
