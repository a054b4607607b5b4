"""Feed subscriptions: each feed's address, schedule, conditional-request validators and
health, and the items it gave (bot.feeds fetches; this part keeps what it learnt).

An item is known by its key (the feed's GUID, else its link) and its text's hash: seen
again under either, it is not written twice. Its seed file (relative to the seeds folder,
as the store names documents) says which document it became, and `backlog` whether it
came in the subscription's first fetch, whose items alert nobody (`backlog_files`).
A fetch's outcome is recorded in one transaction (`record`): the feed's state and its
items together, so a failure never leaves items the feed does not know it gave.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.errors import BadInput
from bot.store.rows import stamp as _stamp

if TYPE_CHECKING:
    from bot.store import Store

_COLUMNS = (
    "id, name, url, every_seconds, full_text, added_at, added_by, notify_channel, status,"
    " paused_reason, etag, last_modified, next_fetch_at, last_fetch_at, last_status,"
    " last_success_at, last_error, last_error_at, failing_since, failures, noticed, fetches,"
    " items, updated_items, repeats, wire_copies, other_language, unreadable, not_found_since"
)


def stamp(moment: dt.datetime) -> str:
    """A time as the feeds' rows keep it, in UTC (compared as text, so all in one zone)."""
    return _stamp(moment.astimezone(dt.UTC))


@dataclass(frozen=True)
class FeedRow:
    """A subscription and its health, as stored."""

    id: int
    name: str
    url: str
    every_seconds: int
    full_text: bool
    added_at: str
    added_by: str | None
    notify_channel: str | None
    status: str  # 'active' or 'paused'
    paused_reason: str | None
    etag: str | None
    last_modified: str | None
    next_fetch_at: str
    last_fetch_at: str | None
    last_status: int | None
    last_success_at: str | None
    last_error: str | None
    last_error_at: str | None
    failing_since: str | None
    failures: int
    noticed: bool
    fetches: int
    items: int
    updated_items: int
    repeats: int
    wire_copies: int
    other_language: int
    unreadable: int
    not_found_since: str | None  # since when it has answered 404 without a break

    @property
    def paused(self) -> bool:
        return self.status == "paused"


def _feed(row: Sequence[object]) -> FeedRow:
    values = list(row)
    values[4] = bool(values[4])
    values[20] = bool(values[20])
    return FeedRow(*values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ItemRow:
    """An item a fetch wrote (or rewrote): its key, text hash and seed file."""

    key: str
    content: str
    file: str
    backlog: bool = False
    # The text's MinHash signature (bot.feeds.wire), None for too short a text.
    signature: bytes | None = None


@dataclass
class FeedUpdate:
    """What one fetch of a feed learnt, for `record`.

    `ok` is whether the feed answered with a feed (200 or 304); `error` what went wrong
    otherwise, in the admin's words. `etag`/`last_modified` replace the stored validators
    (a 304 repeats the old ones). `paused_reason` pauses the feed (410, or 404 for days).
    The counts add to the feed's tallies."""

    fetched_at: dt.datetime
    next_fetch_at: dt.datetime
    ok: bool
    status: int | None = None
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    paused_reason: str | None = None
    items: list[ItemRow] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    repeats: int = 0
    wire_copies: int = 0
    other_language: int = 0
    unreadable: int = 0


class FeedTaken(BadInput):
    """A feed of that name or address is already subscribed."""


class Feeds:
    """store.feeds: subscriptions, their items and their health."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self._store = store

    def add(
        self,
        name: str,
        url: str,
        every_seconds: int,
        full_text: bool,
        now: dt.datetime,
        added_by: str | None = None,
        notify_channel: str | None = None,
    ) -> FeedRow:
        """Subscribe; its first fetch is due at once. FeedTaken when the name or the
        address is subscribed already."""
        with self._store.writing():
            for column, value in (("name", name), ("url", url)):
                taken = self.db.execute(
                    f"SELECT name FROM feeds WHERE {column} = ?", (value,)
                ).fetchone()
                if taken:
                    what = "named" if column == "name" else "at that address"
                    raise FeedTaken(
                        f"A feed {what} is already subscribed as '{taken[0]}':"
                        " remove it first, or choose another name with --name."
                    )
            self.db.conn.execute(
                "INSERT INTO feeds (name, url, every_seconds, full_text, added_at, added_by,"
                " notify_channel, next_fetch_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    url,
                    every_seconds,
                    int(full_text),
                    stamp(now),
                    added_by,
                    notify_channel,
                    stamp(now),
                ),
            )
        added = self.get(name)
        assert added is not None
        return added

    def get(self, name: str) -> FeedRow | None:
        """A feed by its name (any case)."""
        row = self.db.execute(f"SELECT {_COLUMNS} FROM feeds WHERE name = ?", (name,)).fetchone()
        return _feed(row) if row else None

    def by_id(self, feed_id: int) -> FeedRow | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        return _feed(row) if row else None

    def all(self) -> list[FeedRow]:
        """Every subscription, by name."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM feeds ORDER BY name").fetchall()
        return [_feed(r) for r in rows]

    def remove(self, name: str) -> FeedRow | None:
        """Unsubscribe (its items' record goes with it; the seed files stay until the
        caller removes them); the feed removed, or None."""
        feed = self.get(name)
        if feed is None:
            return None
        with self._store.writing():
            self.db.conn.execute("DELETE FROM feed_items WHERE feed_id = ?", (feed.id,))
            self.db.conn.execute("DELETE FROM feeds WHERE id = ?", (feed.id,))
        return feed

    def resume(self, name: str, now: dt.datetime) -> FeedRow | None:
        """Make a paused feed active again, its next fetch due at once."""
        with self._store.writing():
            self.db.conn.execute(
                "UPDATE feeds SET status = 'active', paused_reason = NULL, failures = 0,"
                " failing_since = NULL, not_found_since = NULL, next_fetch_at = ?"
                " WHERE name = ?",
                (stamp(now), name),
            )
        return self.get(name)

    def due(self, now: dt.datetime) -> list[FeedRow]:
        """The active feeds whose next fetch is due, the longest overdue first."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM feeds WHERE status = 'active' AND next_fetch_at <= ?"
            " ORDER BY next_fetch_at, id",
            (stamp(now),),
        ).fetchall()
        return [_feed(r) for r in rows]

    def items_of(self, feed_id: int) -> dict[str, tuple[str, str]]:
        """The feed's known items: key → (text hash, seed file)."""
        rows = self.db.execute(
            "SELECT key, content, file FROM feed_items WHERE feed_id = ?", (feed_id,)
        ).fetchall()
        return {key: (content, file) for key, content, file in rows}

    def recent_signatures(self, since: dt.datetime) -> list[tuple[int, str, bytes]]:
        """(feed, document, signature) of the items first seen since `since`, oldest
        first: the originals a new item may be a wire copy of."""
        rows = self.db.execute(
            "SELECT feed_id, file, signature FROM feed_items"
            " WHERE first_seen_at >= ? AND signature IS NOT NULL ORDER BY first_seen_at",
            (stamp(since),),
        ).fetchall()
        return [(feed_id, file, bytes(data)) for feed_id, file, data in rows]

    def record(self, feed_id: int, update: FeedUpdate) -> None:
        """A fetch's outcome: the feed's state and tallies, and the items it wrote, in
        one transaction."""
        at = stamp(update.fetched_at)
        with self._store.writing():
            conn = self.db.conn
            conn.execute(
                "UPDATE feeds SET last_fetch_at = ?, next_fetch_at = ?, last_status = ?,"
                " not_found_since = CASE WHEN ? = 404 THEN coalesce(not_found_since, ?) END,"
                " fetches = fetches + 1, items = items + ?, updated_items = updated_items + ?,"
                " repeats = repeats + ?, wire_copies = wire_copies + ?,"
                " other_language = other_language + ?, unreadable = unreadable + ?"
                " WHERE id = ?",
                (
                    at,
                    stamp(update.next_fetch_at),
                    update.status,
                    update.status,
                    at,
                    update.new,
                    update.updated,
                    update.repeats,
                    update.wire_copies,
                    update.other_language,
                    update.unreadable,
                    feed_id,
                ),
            )
            if update.ok:
                conn.execute(
                    "UPDATE feeds SET last_success_at = ?, failures = 0, failing_since = NULL,"
                    " etag = ?, last_modified = ? WHERE id = ?",
                    (at, update.etag, update.last_modified, feed_id),
                )
            else:
                conn.execute(
                    "UPDATE feeds SET last_error = ?, last_error_at = ?, failures = failures + 1,"
                    " failing_since = coalesce(failing_since, ?) WHERE id = ?",
                    (update.error, at, at, feed_id),
                )
            if update.paused_reason:
                conn.execute(
                    "UPDATE feeds SET status = 'paused', paused_reason = ? WHERE id = ?",
                    (update.paused_reason, feed_id),
                )
            for item in update.items:
                conn.execute(
                    "INSERT INTO feed_items (feed_id, key, content, file, backlog, signature,"
                    " first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (feed_id, key) DO UPDATE SET content = excluded.content,"
                    " file = excluded.file, signature = excluded.signature,"
                    " updated_at = excluded.updated_at",
                    (
                        feed_id,
                        item.key,
                        item.content,
                        item.file,
                        int(item.backlog),
                        item.signature,
                        at,
                        at,
                    ),
                )

    def to_notice(self, failing_for: dt.timedelta, now: dt.datetime) -> list[FeedRow]:
        """The feeds whose admins must hear of them: paused or failing for `failing_for`
        and not yet told, or told and now well again."""
        since = stamp(now - failing_for)
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM feeds WHERE (noticed = 0 AND (status = 'paused'"
            " OR failing_since <= ?)) OR (noticed = 1 AND status = 'active' AND failures = 0)"
            " ORDER BY name",
            (since,),
        ).fetchall()
        return [_feed(r) for r in rows]

    def claim_notice(self, feed: FeedRow) -> bool:
        """Turn the feed's `noticed` flag over for the notice about to go (told ↔ well);
        False when another process claimed it first, so each notice goes once."""
        with self._store.writing():
            return (
                self.db.conn.execute(
                    "UPDATE feeds SET noticed = ? WHERE id = ? AND noticed = ?",
                    (int(not feed.noticed), feed.id, int(feed.noticed)),
                ).rowcount
                == 1
            )
