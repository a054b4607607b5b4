"""Pages of events: an entity's (/who, /where, /timeline), since a day, matching words,
and the digest's window; each with the actors and places of its events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlite_utils import Database

from bot.store import days
from bot.store.engines import engine_of
from bot.store.paging import NEWEST_FIRST, OLDEST_FIRST, paged
from bot.store.rows import EVENT_COLUMNS, StoredEvent, stored_event

# /digest reads the newest events of the window through the ingestion-time index when the
# window holds fewer events than this, else walks every event newest first.
DIGEST_WINDOW_INDEX_MAX = 50_000
# Ids per `IN (...)` list: well under SQLite's limit on parameters.
CHUNK = 500

_EVENTS = f"SELECT {EVENT_COLUMNS} FROM events ev JOIN documents d ON d.id = ev.document_id"


def entity_event_count(db: Database, entity_id: int) -> int:
    """How many events an entity is linked to, in any role: its rank row, which every
    write of its links recounts in the same transaction (entities.index_entities)."""
    row = db.execute("SELECT events FROM entity_ranks WHERE entity_id = ?", (entity_id,)).fetchone()
    return int(row[0]) if row else 0


def count_since(db: Database, iso: str) -> int:
    """count(*) of events with when_end >= iso, read from the events' days (a tally)."""
    return days.count_since(db, iso)


def counted_page(
    db: Database,
    condition: str,
    params: tuple[Any, ...],
    order: str,
    limit: int | None,
    offset: int,
) -> tuple[list[StoredEvent], int]:
    """One page of the events a `FROM … WHERE …` condition selects, and their total."""
    total = db.execute(f"SELECT count(*){condition}", params).fetchone()[0]
    sql, page_params = paged(f"SELECT {EVENT_COLUMNS}{condition}", params, order, limit, offset)
    return hydrate(db, db.execute(sql, page_params).fetchall()), total


def events_by_id(db: Database, ids: list[int]) -> list[StoredEvent]:
    """Events by id, in the order given."""
    rows: dict[int, tuple] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for r in db.execute(f"{_EVENTS} WHERE ev.id IN ({marks})", chunk):
            rows[r[0]] = r
    return hydrate(db, [rows[i] for i in ids if i in rows])


def hydrate(db: Database, rows: list[tuple]) -> list[StoredEvent]:
    """Attach actors and places to event rows: one query per 500 events, not one each."""
    links: dict[int, dict[str, list[str]]] = {}
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for event_id, role, name in db.execute(
            "SELECT ee.event_id, ee.role, e.name FROM event_entities ee"
            f" JOIN entities e ON e.id = ee.entity_id WHERE ee.event_id IN ({marks})"
            " ORDER BY ee.event_id, ee.role, ee.position",
            chunk,
        ):
            links.setdefault(event_id, {"actor": [], "place": []})[role].append(name)
    out = []
    for r in rows:
        found = links.get(r[0], {"actor": [], "place": []})
        out.append(stored_event(r, found["actor"], found["place"]))
    return out


class Events:
    """store.events: pages of events (an entity's, since a day, found by words) and the
    digest's windows."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def entity(
        self, entity_id: int, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredEvent], int]:
        """Events linked to an entity in any role, newest first, and their total."""
        total = entity_event_count(self.db, entity_id)
        if total == 0 or offset >= total:
            return [], total
        if limit is not None and limit > 0:
            # The entity's links in the page's order (their events' dates ride on them): the
            # first rows are the page, whatever the entity's number of events. An event holds
            # at most one link per role, so twice the rows hold the page's events.
            rows = self.db.execute(
                "SELECT event_id FROM event_entities INDEXED BY event_entities_entity_when"
                " WHERE entity_id = ? ORDER BY when_end DESC, when_start DESC, event_id DESC"
                " LIMIT ?",
                (entity_id, 2 * (offset + limit)),
            ).fetchall()
            ids = list(dict.fromkeys(r[0] for r in rows))[offset : offset + limit]
            return events_by_id(self.db, ids), total
        # Every event of the entity (the command line's JSON): sorted on the small index.
        sql, params = paged(
            "SELECT ev.id FROM events ev INDEXED BY events_id_when"
            " WHERE ev.id IN (SELECT event_id FROM event_entities WHERE entity_id = ?)",
            (entity_id,),
            NEWEST_FIRST,
            limit,
            offset,
        )
        return events_by_id(self.db, [r[0] for r in self.db.execute(sql, params)]), total

    def place(
        self, entity_id: int, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredEvent], int]:
        """Events where an entity acts and some place is named, newest first."""
        condition = (
            " FROM events ev JOIN documents d ON d.id = ev.document_id"
            " WHERE ev.id IN (SELECT mine.event_id FROM event_entities mine"
            "  JOIN event_entities other ON other.event_id = mine.event_id"
            "  AND other.role = 'place' WHERE mine.entity_id = ? AND mine.role = 'actor')"
        )
        return counted_page(self.db, condition, (entity_id,), NEWEST_FIRST, limit, offset)

    def timeline(
        self,
        entity_id: int,
        start: dt.date | None = None,
        end: dt.date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[StoredEvent], int]:
        """An entity's events (any role) starting between two days, oldest first."""
        bounds = ((start or dt.date.min).isoformat(), (end or dt.date.max).isoformat())
        condition = (
            " FROM events ev JOIN documents d ON d.id = ev.document_id"
            " WHERE ev.id IN (SELECT event_id FROM event_entities WHERE entity_id = ?)"
            " AND ev.when_start >= ? AND ev.when_start <= ?"
        )
        return counted_page(self.db, condition, (entity_id, *bounds), OLDEST_FIRST, limit, offset)

    def since(
        self, day: dt.date, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredEvent], int]:
        """Events whose interval reaches the day or later, newest first, and their total."""
        iso = day.isoformat()
        sql, params = paged(
            f"{_EVENTS} WHERE ev.when_end >= ?", (iso,), NEWEST_FIRST, limit, offset
        )
        return hydrate(self.db, self.db.execute(sql, params).fetchall()), count_since(self.db, iso)

    def ingested_since(
        self, stamp: str | None, limit: int = 5000, until: str | None = None
    ) -> list[StoredEvent]:
        """Events ingested after a timestamp (all when None) and, with `until`, at or before
        that one; newest first."""
        stamp = stamp or ""
        until = until or "9999"
        window = self.db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM events WHERE ingested_at > ?"
            " AND ingested_at <= ? LIMIT ?) AS found",
            (stamp, until, DIGEST_WINDOW_INDEX_MAX),
        ).fetchone()[0]
        # A day's window: its events by ingestion time, then sorted. A window of most of
        # the store (a first digest): every event newest first, until `limit` are found.
        index = "events_ingested" if window < DIGEST_WINDOW_INDEX_MAX else "events_when"
        sql, params = paged(
            f"SELECT {EVENT_COLUMNS} FROM events ev INDEXED BY {index}"
            " JOIN documents d ON d.id = ev.document_id WHERE ev.ingested_at > ?"
            " AND ev.ingested_at <= ?",
            (stamp, until),
            NEWEST_FIRST,
            limit,
        )
        return hydrate(self.db, self.db.execute(sql, params).fetchall())

    def published_between(
        self, start: dt.date | None, end: dt.date | None, limit: int = 5000
    ) -> list[StoredEvent]:
        """Events of the documents published from `start` to `end` (both included), newest
        first."""
        sql, params = paged(
            f"{_EVENTS} WHERE d.published >= ? AND d.published <= ?",
            ((start or dt.date.min).isoformat(), (end or dt.date.max).isoformat()),
            NEWEST_FIRST,
            limit,
        )
        return hydrate(self.db, self.db.execute(sql, params).fetchall())

    def search(
        self, words: str, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredEvent], int]:
        """Events whose sentence holds every word (full-text, stemmed), newest first.

        Each word is a literal term for the engine's full-text index, so nothing a user types
        is read as query syntax.
        """
        terms = [w for w in words.split() if any(ch.isalnum() for ch in w)]
        if not terms:
            return [], 0
        count_sql, ids_sql, query = engine_of(self.db).matching_events(terms[:20])
        total = self.db.execute(count_sql, query).fetchone()[0]
        sql, params = paged(
            f"{_EVENTS} WHERE ev.id IN ({ids_sql})", query, NEWEST_FIRST, limit, offset
        )
        return hydrate(self.db, self.db.execute(sql, params).fetchall()), total
