"""Follow lists per channel, and the alert ledger of what each channel was told.

A channel follows entities by name. An alert item is a document's sentence (its file and
text), which a reload that re-extracts gives again unchanged, so an item alerts a channel
once whatever its events' ids. The ledger is claimed, posted, marked, like the digest's:
a batch of items is claimed in one transaction (INSERT OR IGNORE on the channel and item,
so of two racing claims one wins each item), posted as one message, then marked posted.
Everything here runs in the caller's transaction.
"""

from __future__ import annotations

from sqlite_utils import Database

from bot.store.engines import engine_of
from bot.store.events import events_by_id
from bot.store.rows import StoredEvent

# A batch's items: the followed entity each was claimed for, and one of its events.
AlertItems = list[tuple[str, StoredEvent]]
# The batch of the items already in the store when an entity was followed.
KNOWN = ""
# An event dated more than this many days before its document is background, not news
# (the digest's `background_days` too).
BACKGROUND_DAYS = 30

_ITEMS_OF = """
    SELECT d.file, ev.sentence, en.name FROM entities en
    JOIN event_entities ee ON ee.entity_id = en.id
    JOIN events ev ON ev.id = ee.event_id
    JOIN documents d ON d.id = ev.document_id
"""


def follow(db: Database, channel: str, name: str, stamp: str) -> bool:
    """Follow an entity by its name; its items already in the store count as known.
    False when the channel already followed it."""
    added = db.conn.execute(
        "INSERT OR IGNORE INTO follows (channel, name, followed_at) VALUES (?, ?, ?)",
        (channel, name, stamp),
    ).rowcount
    if not added:
        return False
    db.conn.execute(
        "INSERT OR IGNORE INTO alerts (channel, file, sentence, entity, batch, claimed_at,"
        f" posted_at) SELECT ?, file, sentence, name, ?, ?, ? FROM ({_ITEMS_OF}"
        " WHERE en.name = ?) AS items",
        (channel, KNOWN, stamp, stamp, name),
    )
    return True


def unfollow(db: Database, channel: str, name: str) -> bool:
    """Stop following; False when the channel did not follow it. The ledger stays."""
    return bool(
        db.conn.execute(
            "DELETE FROM follows WHERE channel = ? AND name = ?", (channel, name)
        ).rowcount
    )


def following(db: Database, channel: str) -> list[tuple[str, str | None, int]]:
    """What a channel follows, by name: (name, kind, events); kind None and 0 events for
    an entity no longer in the store."""
    return [
        (name, kind, events or 0)
        for name, kind, events in db.execute(
            "SELECT coalesce(en.name, f.name), en.kind, r.events FROM follows f"
            " LEFT JOIN entities en ON en.name = f.name"
            " LEFT JOIN entity_ranks r ON r.entity_id = en.id"
            " WHERE f.channel = ? ORDER BY f.name",
            (channel,),
        )
    ]


def followed_ids(db: Database, channel: str) -> list[int]:
    """The ids of the entities a channel follows that are in the store now."""
    return [
        r[0]
        for r in db.execute(
            "SELECT en.id FROM follows f JOIN entities en ON en.name = f.name"
            " WHERE f.channel = ? ORDER BY en.id",
            (channel,),
        )
    ]


def follow_channels(db: Database, prefix: str = "") -> list[str]:
    """The channels (starting with `prefix`) that follow anything, or have an alert
    claimed and not yet marked posted."""
    return [
        r[0]
        for r in db.execute(
            "SELECT channel FROM follows WHERE channel LIKE ?"
            " UNION SELECT channel FROM alerts WHERE posted_at IS NULL AND channel LIKE ?"
            " ORDER BY 1",
            (prefix + "%", prefix + "%"),
        )
    ]


def claim_alerts(
    db: Database, channel: str, batch: str, stamp: str, background_days: int = BACKGROUND_DAYS
) -> int:
    """Claim every news item of the channel's followed entities it was not yet alerted
    of, for one batch; how many this claim won. An item is news when one of its events
    is dated no more than `background_days` before its document ("Nepal abolished its
    monarchy in 2008" in today's news is background, not news of Nepal)."""
    news = f"{engine_of(db).days_between('ev.when_end', 'd.published')} <= ?"
    return db.conn.execute(
        "INSERT OR IGNORE INTO alerts (channel, file, sentence, entity, batch, claimed_at)"
        f" SELECT ?, file, sentence, min(name), ?, ? FROM ({_ITEMS_OF}"
        " JOIN follows f ON f.name = en.name AND f.channel = ?"
        f" WHERE {news} AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.channel = f.channel"
        " AND a.file = d.file AND a.sentence = ev.sentence)) AS items"
        " GROUP BY file, sentence",
        (channel, batch, stamp, channel, background_days),
    ).rowcount


def unposted_batches(db: Database, channel: str) -> list[str]:
    """The channel's batches claimed and never marked posted (a crash), oldest first."""
    return [
        r[0]
        for r in db.execute(
            "SELECT batch FROM alerts WHERE channel = ? AND posted_at IS NULL"
            " GROUP BY batch ORDER BY min(claimed_at), batch",
            (channel,),
        )
    ]


def alert_items(db: Database, channel: str, batch: str) -> AlertItems:
    """A batch's items still in the store: each with the first event of its sentence."""
    rows = db.execute(
        "SELECT min(a.entity), min(ev.id) FROM alerts a"
        " JOIN documents d ON d.file = a.file"
        " JOIN events ev ON ev.document_id = d.id AND ev.sentence = a.sentence"
        " WHERE a.channel = ? AND a.batch = ? GROUP BY a.file, a.sentence",
        (channel, batch),
    ).fetchall()
    entity_of = {event_id: entity for entity, event_id in rows}
    return [(entity_of[e.id], e) for e in events_by_id(db, list(entity_of))]


def mark_alerts_posted(
    db: Database, channel: str, batch: str, message_id: str | None, stamp: str
) -> None:
    db.conn.execute(
        "UPDATE alerts SET posted_at = ?, message_id = ? WHERE channel = ? AND batch = ?",
        (stamp, message_id, channel, batch),
    )


def alert_ledger(db: Database, channel: str) -> list[tuple[str, str, str, str | None]]:
    """The channel's alerted items (not the known ones): (file, sentence, batch, posted_at)."""
    return list(
        db.execute(
            "SELECT file, sentence, batch, posted_at FROM alerts"
            " WHERE channel = ? AND batch != ? ORDER BY claimed_at, file, sentence",
            (channel, KNOWN),
        )
    )
