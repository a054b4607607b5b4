"""Pages of sentences: what /who, /where, /search, /since and /timeline list.

A sentence yields an event per clause, each a row of `events` with the same document,
paragraph and text. A list shows each sentence once, with the events it found in it: a
page is cut, in SQL like a page of events, from the events that come first of their
sentence among those the list selects, in its order, and each brings the others of its
sentence that the list selects. So the numbers run on without gaps from one page to the
next, and a total counts sentences. /since and /search, newest first over whole
sentences, read that first event from the events themselves (`sentence_lead`, set as
they are written); the lists of an entity find it among the entity's events
(`paging.first_of_sentence`). The totals of /who and /since, which read their events'
totals from tallies, read these from tallies too, kept by every reload
(`ENTITY_SENTENCES`, `SENTENCE_DAYS`, in sentence_tallies.py); the other lists count
their sentences as they counted their events.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlite_utils import Database

from bot.store.engines import engine_of
from bot.store.events import CHUNK, events_by_id
from bot.store.paging import NEWEST_FIRST, OLDEST_FIRST, first_of_sentence, paged
from bot.store.rows import StoredSentence

# An event linked to the entity (`?`), in any role; as an actor, with some place named.
_LINKED = "EXISTS (SELECT 1 FROM event_entities x WHERE x.event_id = {e}.id AND x.entity_id = ?)"
_ACTING = (
    "EXISTS (SELECT 1 FROM event_entities x WHERE x.event_id = {e}.id AND x.entity_id = ?"
    " AND x.role = 'actor') AND EXISTS (SELECT 1 FROM event_entities y"
    " WHERE y.event_id = {e}.id AND y.role = 'place')"
)
# The events of an entity, read from its links (an index range, not every event).
_OF_ENTITY = "ev.id IN (SELECT event_id FROM event_entities WHERE entity_id = ?)"


def entity_sentence_count(db: Database, entity_id: int) -> int:
    """How many sentences hold an event linked to the entity: its tally row."""
    row = db.execute(
        "SELECT sentences FROM entity_sentences WHERE entity_id = ?", (entity_id,)
    ).fetchone()
    return int(row[0]) if row else 0


def count_since(db: Database, iso: str) -> int:
    """How many sentences hold an event whose dates end on or after `iso` (a day), read
    from the sentences' days (a tally), as `days.count_since` counts events."""
    row = db.execute(
        "SELECT coalesce(sum(sentences), 0) FROM sentence_days WHERE day >= ?", (iso[:10],)
    ).fetchone()
    return int(row[0])


def _counted(
    db: Database,
    condition: str,
    params: tuple[Any, ...],
    order: str,
    limit: int | None,
    offset: int,
    among: tuple[str, tuple[Any, ...]],
) -> tuple[list[StoredSentence], int]:
    """One page of the sentences whose first events a `FROM … WHERE …` condition selects,
    each with its events that `among` selects, and their total."""
    total = db.execute(f"SELECT count(*){condition}", params).fetchone()[0]
    if total == 0 or offset >= total:
        return [], total
    sql, page_params = paged(f"SELECT ev.id{condition}", params, order, limit, offset)
    leads = [r[0] for r in db.execute(sql, page_params)]
    return sentences_of(db, leads, *among), total


def sentences_of(
    db: Database, leads: list[int], among: str, params: tuple[Any, ...]
) -> list[StoredSentence]:
    """The sentences of these events (their leads), in their order, each with the events
    of it that `among` (a condition on `ev`; every one when empty) selects, in the
    sentence's order (the order they were extracted and stored in)."""
    members: dict[int, list[int]] = {}
    narrow = f" AND {among}" if among else ""
    for start in range(0, len(leads), CHUNK):
        chunk = leads[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for lead, event in db.execute(
            "SELECT lead.id, ev.id FROM events lead JOIN events ev"
            " ON ev.document_id = lead.document_id AND ev.paragraph = lead.paragraph"
            f" AND ev.sentence = lead.sentence WHERE lead.id IN ({marks}){narrow}"
            " ORDER BY lead.id, ev.id",
            (*chunk, *params),
        ):
            members.setdefault(lead, []).append(event)
    found = {e.id: e for e in events_by_id(db, [i for ids in members.values() for i in ids])}
    return [
        StoredSentence(found[lead], tuple(found[i] for i in members[lead]))
        for lead in leads
        if lead in members
    ]


class Sentences:
    """store.sentences: pages of sentences, what the lists show (each sentence once, with
    its events)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def entity(
        self, entity_id: int, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredSentence], int]:
        """Sentences holding events linked to an entity in any role, newest first, each with
        those events, and their total."""
        total = entity_sentence_count(self.db, entity_id)
        if total == 0 or offset >= total:
            return [], total
        first = first_of_sentence(NEWEST_FIRST, " AND " + _LINKED.format(e="o"))
        if limit is not None and limit > 0:
            # The entity's links in the page's order (their events' dates ride on them), as
            # /who pages events: an event holds at most one link per role, so twice the rows
            # hold the page's first events.
            rows = self.db.execute(
                "SELECT ee.event_id FROM event_entities ee INDEXED BY event_entities_entity_when"
                f" JOIN events ev ON ev.id = ee.event_id WHERE ee.entity_id = ? AND {first}"
                " ORDER BY ee.when_end DESC, ee.when_start DESC, ee.event_id DESC LIMIT ?",
                (entity_id, entity_id, 2 * (offset + limit)),
            ).fetchall()
            leads = list(dict.fromkeys(r[0] for r in rows))[offset : offset + limit]
        else:
            # Every sentence of the entity (the command line's JSON): sorted on the small index.
            every = f"SELECT ev.id FROM events ev INDEXED BY events_id_when WHERE {_OF_ENTITY}"
            sql, params = paged(
                f"{every} AND {first}",
                (entity_id, entity_id),
                NEWEST_FIRST,
                limit,
                offset,
            )
            leads = [r[0] for r in self.db.execute(sql, params)]
        return sentences_of(self.db, leads, _LINKED.format(e="ev"), (entity_id,)), total

    def place(
        self, entity_id: int, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredSentence], int]:
        """Sentences holding events where an entity acts and some place is named, newest
        first, each with those events, and their total."""
        condition = (
            " FROM events ev WHERE ev.id IN (SELECT mine.event_id FROM event_entities mine"
            "  JOIN event_entities other ON other.event_id = mine.event_id"
            "  AND other.role = 'place' WHERE mine.entity_id = ? AND mine.role = 'actor')"
            f" AND {first_of_sentence(NEWEST_FIRST, ' AND ' + _ACTING.format(e='o'))}"
        )
        among = (_ACTING.format(e="ev"), (entity_id,))
        return _counted(
            self.db, condition, (entity_id, entity_id), NEWEST_FIRST, limit, offset, among
        )

    def timeline(
        self,
        entity_id: int,
        start: dt.date | None = None,
        end: dt.date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[StoredSentence], int]:
        """Sentences holding an entity's events (any role) that start between two days,
        oldest first, each with those events, and their total."""
        bounds = ((start or dt.date.min).isoformat(), (end or dt.date.max).isoformat())
        shown = _LINKED + " AND {e}.when_start >= ? AND {e}.when_start <= ?"
        condition = (
            f" FROM events ev WHERE {_OF_ENTITY} AND ev.when_start >= ? AND ev.when_start <= ?"
            f" AND {first_of_sentence(OLDEST_FIRST, ' AND ' + shown.format(e='o'))}"
        )
        params = (entity_id, *bounds, entity_id, *bounds)
        among = (shown.format(e="ev"), (entity_id, *bounds))
        return _counted(self.db, condition, params, OLDEST_FIRST, limit, offset, among)

    def since(
        self, day: dt.date, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredSentence], int]:
        """Sentences holding events whose interval reaches the day or later, newest first,
        each with those events, and their total."""
        iso = day.isoformat()
        # The newest event of a sentence reaches the day when any of it does: its lead.
        sql, params = paged(
            "SELECT ev.id FROM events ev WHERE ev.when_end >= ? AND ev.sentence_lead = 1",
            (iso,),
            NEWEST_FIRST,
            limit,
            offset,
        )
        leads = [r[0] for r in self.db.execute(sql, params)]
        return sentences_of(self.db, leads, "ev.when_end >= ?", (iso,)), count_since(self.db, iso)

    def search(
        self, words: str, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredSentence], int]:
        """Sentences that hold every word (full-text, stemmed), newest first, each with its
        events, and their total. Each word is a literal term (see `events.search`)."""
        terms = [w for w in words.split() if any(ch.isalnum() for ch in w)]
        if not terms:
            return [], 0
        _, ids_sql, query = engine_of(self.db).matching_events(terms[:20])
        # The events of a sentence share its text: each matches when one does, its lead too.
        condition = f" FROM events ev WHERE ev.id IN ({ids_sql}) AND ev.sentence_lead = 1"
        return _counted(self.db, condition, query, NEWEST_FIRST, limit, offset, among=("", ()))
