"""The stories a channel was alerted of: one message per story, its later developments
told in that message's thread or by editing it (bot/digest/alerts.py decides which).

A batch of claimed items (store.follows) is planned once, in one transaction: each item is
given a story, either a new one (told by a new message, whose marker is the story's
`part`: "<batch>-<n>"; the stories folded into one message share it) or one the channel
was already told (an update). Posting then marks each part's items, so a crash between
plan and post is finished from the plan, as a crash between claim and post is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.store.events import events_by_id
from bot.store.rows import StoredEvent, stamp

if TYPE_CHECKING:
    from bot.store import Store

# An item of the ledger: a document's file and its sentence.
Item = tuple[str, str]
# A story's items with the followed entity each was claimed for: (entity, first event).
StoryItems = list[tuple[str, StoredEvent]]


@dataclass(frozen=True)
class AlertStory:
    """A story told in a channel: the message that told it, and its thread if opened."""

    id: int
    channel: str
    part: str
    message_id: str | None
    thread_id: str | None


@dataclass(frozen=True)
class Part:
    """What one batch still has to post: a new message (`update` False) telling stories
    first seen in the batch, or an update of one story told before."""

    key: str  # the message's marker: "<batch>-<n>", or "<batch>-u<story>" for an update
    stories: tuple[AlertStory, ...]
    update: bool


class AlertStories:
    """store.alert_stories: the stories each channel was told, and each batch's plan."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self._store = store

    def recent(
        self, channel: str, since: dt.datetime, limit: int = 200
    ) -> list[tuple[int, StoryItems]]:
        """The channel's stories told (posted) first since `since`, the latest updated
        last, each with its items still in the store: what a new item may continue (an
        alert is updated for so long after it was first told, then a development is news
        again)."""
        ids = [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM alert_stories WHERE channel = ? AND posted_at IS NOT NULL"
                " AND created_at >= ? ORDER BY updated_at DESC, id DESC LIMIT ?",
                (channel, stamp(since), limit),
            )
        ]
        found = self.items(channel, ids)
        return [(i, found[i]) for i in reversed(ids) if found.get(i)]

    def items(
        self, channel: str, stories: Sequence[int], batch: str | None = None
    ) -> dict[int, StoryItems]:
        """Each story's items (of one batch, or all), each with the first event of its
        sentence, in the order they were stored."""
        if not stories:
            return {}
        marks = ",".join("?" * len(stories))
        only = " AND a.batch = ?" if batch is not None else ""
        rows = self.db.execute(
            "SELECT a.story, min(a.entity), min(ev.id) FROM alerts a"
            " JOIN documents d ON d.file = a.file"
            " JOIN events ev ON ev.document_id = d.id AND ev.sentence = a.sentence"
            f" WHERE a.channel = ? AND a.story IN ({marks}){only}"
            " GROUP BY a.story, a.file, a.sentence",
            (channel, *stories, *([batch] if batch is not None else [])),
        ).fetchall()
        events = {e.id: e for e in events_by_id(self.db, sorted({r[2] for r in rows}))}
        out: dict[int, StoryItems] = {}
        for story, entity, event_id in sorted(rows, key=lambda r: r[2]):
            if event_id in events:
                out.setdefault(story, []).append((entity, events[event_id]))
        return out

    def planned(self, channel: str, batch: str) -> bool:
        """Whether the batch's items were given their stories."""
        row = self.db.execute(
            "SELECT count(*), count(story) FROM alerts WHERE channel = ? AND batch = ?",
            (channel, batch),
        ).fetchone()
        return row[0] == 0 or row[0] == row[1]

    def plan(
        self,
        channel: str,
        batch: str,
        messages: Sequence[Sequence[Sequence[Item]]],
        updates: dict[int, Sequence[Item]],
        now: dt.datetime,
    ) -> None:
        """Give the batch's items their stories, in one transaction: `messages` are the
        new messages, each the items of each story it tells; `updates` the items that
        continue a story told before (by its id). An item given none (its document went
        since the claim) is marked told: there is nothing to post."""
        at = stamp(now)
        with self._store.writing():
            conn = self.db.conn
            for n, stories in enumerate(messages):
                for items in stories:
                    (story,) = conn.execute(
                        "INSERT INTO alert_stories (channel, part, created_at, updated_at)"
                        " VALUES (?, ?, ?, ?) RETURNING id",
                        (channel, f"{batch}-{n}", at, at),
                    ).fetchone()
                    self._assign(channel, batch, story, items)
            for story, items in updates.items():
                self._assign(channel, batch, story, items)
                conn.execute("UPDATE alert_stories SET updated_at = ? WHERE id = ?", (at, story))
            # Items whose documents went between claim and plan: nothing to tell.
            conn.execute(
                "UPDATE alerts SET posted_at = ? WHERE channel = ? AND batch = ?"
                " AND story IS NULL AND posted_at IS NULL",
                (at, channel, batch),
            )

    def _assign(self, channel: str, batch: str, story: int, items: Sequence[Item]) -> None:
        self.db.conn.executemany(
            "UPDATE alerts SET story = ? WHERE channel = ? AND batch = ? AND file = ?"
            " AND sentence = ?",
            [(story, channel, batch, file, sentence) for file, sentence in items],
        )

    def parts(self, channel: str, batch: str) -> list[Part]:
        """The batch's parts not yet posted: its new messages in order, then its updates."""
        rows = self.db.execute(
            "SELECT DISTINCT s.id, s.channel, s.part, s.message_id, s.thread_id FROM alerts a"
            " JOIN alert_stories s ON s.id = a.story"
            " WHERE a.channel = ? AND a.batch = ? AND a.posted_at IS NULL ORDER BY s.id",
            (channel, batch),
        ).fetchall()
        new: dict[str, list[AlertStory]] = {}
        updates: list[Part] = []
        for row in rows:
            story = AlertStory(*row)
            if story.part.rsplit("-", 1)[0] == batch:
                new.setdefault(story.part, []).append(story)
            else:
                updates.append(Part(f"{batch}-u{story.id}", (story,), update=True))
        ordered = sorted(new.items(), key=lambda kv: int(kv[0].rsplit("-", 1)[1]))
        return [Part(key, tuple(stories), update=False) for key, stories in ordered] + updates

    def told(self, stories: Sequence[int], message_id: str | None, now: dt.datetime) -> None:
        """The new stories' message was posted (or found after a crash)."""
        with self._store.writing():
            self.db.conn.executemany(
                "UPDATE alert_stories SET message_id = ?, posted_at = ? WHERE id = ?",
                [(message_id, stamp(now), story) for story in stories],
            )

    def set_thread(self, message_id: str, channel: str, thread_id: str | None) -> None:
        """The thread opened on a message (None: gone): every story it tells has it."""
        with self._store.writing():
            self.db.conn.execute(
                "UPDATE alert_stories SET thread_id = ? WHERE channel = ? AND message_id = ?",
                (thread_id, channel, message_id),
            )

    def moved(self, channel: str, old: str, new: str | None) -> None:
        """A story's message was gone (deleted): its stories are told by `new` now."""
        with self._store.writing():
            self.db.conn.execute(
                "UPDATE alert_stories SET message_id = ?, thread_id = NULL"
                " WHERE channel = ? AND message_id = ?",
                (new, channel, old),
            )

    def told_by(self, channel: str, message_id: str) -> list[int]:
        """The stories one message tells (a fold tells several)."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM alert_stories WHERE channel = ? AND message_id = ? ORDER BY id",
                (channel, message_id),
            )
        ]
