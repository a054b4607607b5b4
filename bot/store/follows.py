"""Follow lists per channel, and the alert ledger of what each channel was told.

A channel follows entities by name. An alert item is a document's sentence (its file and
text), which a reload that re-extracts gives again unchanged, so an item alerts a channel
once whatever its events' ids. The ledger is claimed, posted, marked, like the digest's:
a batch of items is claimed in one transaction (INSERT OR IGNORE on the channel and item,
so of two racing claims one wins each item), posted as one message, then marked posted.
Each write opens its transaction through the store's (`Store.writing`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.store.engines import engine_of
from bot.store.events import events_by_id
from bot.store.rows import StoredEvent, stamp

if TYPE_CHECKING:
    from bot.store import Store

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
# The same, read from the events ingested since a time (their index; SQLite is told, as
# its planner would start from the followed entities; PostgreSQL's weighs it itself).
_ITEMS_SINCE = _ITEMS_OF.replace(
    "JOIN events ev ON", "JOIN events ev INDEXED BY events_ingested ON"
)
# A claim reads back this far before its channel's mark: events are stamped when their
# reload starts and seen when it commits (reloads run one at a time, store.reload_lock),
# so only a reload that waited for the lock, or a clock set back, stamps behind the mark.
MARK_SLACK = dt.timedelta(hours=1)


class Follows:
    """store.follows: what each channel follows, and the ledger of its alerts."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self._store = store

    def follow(self, channel: str, name: str, now: dt.datetime) -> bool:
        """Follow an entity by its name in a channel; its items already in the store count
        as known, so only later items alert. False when the channel already followed it."""
        at = stamp(now)
        with self._store.writing():
            added = self.db.conn.execute(
                "INSERT OR IGNORE INTO follows (channel, name, followed_at) VALUES (?, ?, ?)",
                (channel, name, at),
            ).rowcount
            if not added:
                return False
            self.db.conn.execute(
                "INSERT OR IGNORE INTO alerts (channel, file, sentence, entity, batch,"
                f" claimed_at, posted_at) SELECT ?, file, sentence, name, ?, ?, ? FROM ({_ITEMS_OF}"
                " WHERE en.name = ?) AS items",
                (channel, KNOWN, at, at, name),
            )
            return True

    def unfollow(self, channel: str, name: str) -> bool:
        """Stop following; False when the channel did not follow it. The ledger stays."""
        with self._store.writing():
            return bool(
                self.db.conn.execute(
                    "DELETE FROM follows WHERE channel = ? AND name = ?", (channel, name)
                ).rowcount
            )

    def set_mention(self, channel: str, name: str, mention: str | None) -> str | None:
        """Attach a mention to the channel's follow of `name` (None removes it); the name
        as followed, or None when the channel does not follow it."""
        with self._store.writing():
            found = self.db.execute(
                "SELECT name FROM follows WHERE channel = ? AND name = ?", (channel, name)
            ).fetchone()
            if found is None:
                return None
            self.db.conn.execute(
                "UPDATE follows SET mention = ? WHERE channel = ? AND name = ?",
                (mention, channel, name),
            )
            return str(found[0])

    def mentions(self, channel: str) -> dict[str, str]:
        """Each followed name (lower case) with the mention attached to it."""
        return {
            name.lower(): mention
            for name, mention in self.db.execute(
                "SELECT name, mention FROM follows WHERE channel = ? AND mention IS NOT NULL",
                (channel,),
            )
        }

    def following(self, channel: str) -> list[tuple[str, str | None, int]]:
        """What a channel follows, by name: (name, kind, events); kind None and 0 events for
        an entity no longer in the store."""
        return [
            (name, kind, events or 0)
            for name, kind, events in self.db.execute(
                "SELECT coalesce(en.name, f.name), en.kind, r.events FROM follows f"
                " LEFT JOIN entities en ON en.name = f.name"
                " LEFT JOIN entity_ranks r ON r.entity_id = en.id"
                " WHERE f.channel = ? ORDER BY f.name",
                (channel,),
            )
        ]

    def followed(self, channel: str) -> list[int]:
        """The ids of the entities a channel follows that are in the store now."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT en.id FROM follows f JOIN entities en ON en.name = f.name"
                " WHERE f.channel = ? ORDER BY en.id",
                (channel,),
            )
        ]

    def channels(self, prefix: str = "") -> list[str]:
        """The channels (starting with `prefix`) that follow anything, or have an alert
        claimed and not yet marked posted."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT channel FROM follows WHERE channel LIKE ?"
                " UNION SELECT channel FROM alerts WHERE posted_at IS NULL AND channel LIKE ?"
                " ORDER BY 1",
                (prefix + "%", prefix + "%"),
            )
        ]

    def claim_alerts(
        self,
        channel: str,
        batch: str,
        now: dt.datetime,
        background_days: int = BACKGROUND_DAYS,
    ) -> int:
        """Claim every news item of the channel's followed entities it was not yet alerted
        of and its alert filter lets through (store.filters), for one batch; how many this
        claim won. An item is news when one of its events
        is dated no more than `background_days` before its document ("Nepal abolished its
        monarchy in 2008" in today's news is background, not news of Nepal).

        A claim reads only the events ingested since the channel's last claim (its mark,
        less MARK_SLACK), not every item of what it follows: what came before was claimed
        then or is in the ledger. So a filter or follow changed later applies to the news
        that comes after it, as a follow's own start does."""
        news = f"{engine_of(self.db).days_between('ev.when_end', 'd.published')} <= ?"
        # The channel's alert filter (store.filters), matched here, in the claim.
        wanted, wanted_params = self._store.filters.condition(channel, "alerts")
        with self._store.writing():
            latest = self.db.execute("SELECT max(ingested_at) FROM events").fetchone()[0]
            items, recent, since = _ITEMS_OF, "", []
            start = self._start(channel)
            if start is not None:
                recent, since = "ev.ingested_at >= ? AND ", [start]
                items = _ITEMS_SINCE if self._window_is_smaller(channel, start) else _ITEMS_OF
            claimed = self.db.conn.execute(
                "INSERT OR IGNORE INTO alerts (channel, file, sentence, entity, batch, claimed_at)"
                f" SELECT ?, file, sentence, min(name), ?, ? FROM ({items}"
                " JOIN follows f ON f.name = en.name AND f.channel = ?"
                f" WHERE {recent}{news} AND {wanted} AND NOT EXISTS (SELECT 1 FROM alerts a"
                " WHERE a.channel = f.channel AND a.file = d.file AND a.sentence = ev.sentence)"
                # A new subscription's backlog enters the store and digests, not alerts.
                " AND NOT EXISTS (SELECT 1 FROM feed_items fi"
                " WHERE fi.file = d.file AND fi.backlog = 1))"
                " AS items GROUP BY file, sentence",
                (channel, batch, stamp(now), channel, *since, background_days, *wanted_params),
            ).rowcount
            if latest is not None:
                self.db.conn.execute(
                    "INSERT INTO alert_marks (channel, seen, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (channel) DO UPDATE SET seen = excluded.seen,"
                    " updated_at = excluded.updated_at",
                    (channel, latest, stamp(now)),
                )
            return claimed

    def _start(self, channel: str) -> str | None:
        """The ingestion time a claim for the channel reads from: its mark less MARK_SLACK
        (None before its first claim: everything)."""
        mark = self.db.execute(
            "SELECT seen FROM alert_marks WHERE channel = ?", (channel,)
        ).fetchone()
        return None if mark is None else _less(mark[0], MARK_SLACK)

    def _window_is_smaller(self, channel: str, start: str) -> bool:
        """Whether fewer events came since `start` than the followed entities have: then
        the claim reads those events (by their ingestion index), else the entities' links
        (after a re-extraction, say, the window is the whole store)."""
        followed = self.db.execute(
            "SELECT coalesce(sum(r.events), 0) FROM follows f"
            " JOIN entities en ON en.name = f.name"
            " JOIN entity_ranks r ON r.entity_id = en.id WHERE f.channel = ?",
            (channel,),
        ).fetchone()[0]
        window = self.db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM events WHERE ingested_at >= ? LIMIT ?) AS w",
            (start, followed),
        ).fetchone()[0]
        return window < followed

    def unposted_batches(self, channel: str) -> list[str]:
        """The channel's batches claimed and never marked posted (a crash), oldest first."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT batch FROM alerts WHERE channel = ? AND posted_at IS NULL"
                " GROUP BY batch ORDER BY min(claimed_at), batch",
                (channel,),
            )
        ]

    def alert_items(self, channel: str, batch: str) -> AlertItems:
        """A batch's items still in the store: each with the first event of its sentence."""
        rows = self.db.execute(
            "SELECT min(a.entity), min(ev.id) FROM alerts a"
            " JOIN documents d ON d.file = a.file"
            " JOIN events ev ON ev.document_id = d.id AND ev.sentence = a.sentence"
            " WHERE a.channel = ? AND a.batch = ? GROUP BY a.file, a.sentence",
            (channel, batch),
        ).fetchall()
        entity_of = {event_id: entity for entity, event_id in rows}
        return [(entity_of[e.id], e) for e in events_by_id(self.db, list(entity_of))]

    def mark_alerts_posted(
        self,
        channel: str,
        batch: str,
        message_id: str | None,
        now: dt.datetime,
        stories: Sequence[int] | None = None,
    ) -> None:
        """The batch's items (those of `stories` only, where given) were posted."""
        only, params = "", []
        if stories is not None:
            only = f" AND story IN ({','.join('?' * len(stories))})"
            params = list(stories)
        with self._store.writing():
            self.db.conn.execute(
                "UPDATE alerts SET posted_at = ?, message_id = ? WHERE channel = ? AND batch = ?"
                f"{only}",
                (stamp(now), message_id, channel, batch, *params),
            )

    def alert_ledger(self, channel: str) -> list[tuple[str, str, str, str | None]]:
        """The channel's alerted items (not the known ones): (file, sentence, batch, posted_at)."""
        return list(
            self.db.execute(
                "SELECT file, sentence, batch, posted_at FROM alerts"
                " WHERE channel = ? AND batch != ? ORDER BY claimed_at, file, sentence",
                (channel, KNOWN),
            )
        )


def _less(stamped: str, by: dt.timedelta) -> str:
    """A stored time less a span, as the rows store it."""
    return stamp(dt.datetime.fromisoformat(stamped) - by)
