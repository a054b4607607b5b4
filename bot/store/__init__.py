"""The SQLite store: the only module that writes SQL.

Documents, their events, entities with aliases and the event↔entity links with a role.
Every reload is applied in one transaction; readers on other connections see the old
corpus or the new one, never a mix (WAL).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database, Migrations

from bot.extraction.extractor import Event
from bot.seeds import Document

migrations = Migrations("briefing")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL UNIQUE,
            sha256 TEXT NOT NULL,
            title TEXT, source TEXT, url TEXT,
            published TEXT NOT NULL,
            words INTEGER NOT NULL DEFAULT 0,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX documents_sha256 ON documents (sha256);
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            kind TEXT NOT NULL
        );
        CREATE TABLE aliases (
            alias TEXT NOT NULL COLLATE NOCASE,
            entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            PRIMARY KEY (alias, entity_id)
        ) WITHOUT ROWID;
        CREATE INDEX aliases_entity ON aliases (entity_id);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            paragraph INTEGER NOT NULL,
            sentence TEXT NOT NULL,
            action TEXT NOT NULL,
            attribution TEXT,
            when_start TEXT NOT NULL,
            when_end TEXT NOT NULL,
            granularity TEXT NOT NULL,
            when_text TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX events_when ON events (when_end, when_start, id);
        CREATE INDEX events_document ON events (document_id);
        CREATE INDEX events_ingested ON events (ingested_at);
        CREATE TABLE event_entities (
            event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('actor', 'place')),
            position INTEGER NOT NULL,
            PRIMARY KEY (event_id, role, entity_id)
        ) WITHOUT ROWID;
        CREATE INDEX event_entities_entity ON event_entities (entity_id, event_id);
        CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE digests (
            channel TEXT NOT NULL,
            digest_date TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            posted_at TEXT,
            message_id TEXT,
            PRIMARY KEY (channel, digest_date)
        );
        """
    )
    db["events"].enable_fts(["sentence"], create_triggers=True, tokenize="porter")


@migrations()
def m002_digest_channels(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE digest_channels (
            channel TEXT PRIMARY KEY,
            guild TEXT,
            time TEXT NOT NULL,
            timezone TEXT NOT NULL,
            skip_empty INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX digest_channels_guild ON digest_channels (guild)
            WHERE guild IS NOT NULL;
        """
    )


@migrations()
def m003_query_indexes(db: Database) -> None:
    """Indexes for the chat queries on a large store (see docs/scaling.md)."""
    db.executescript(
        """
        -- The sort key of an event by id: /who ranks an entity's events newest first by
        -- reading this small index instead of every matching row of the wide events table.
        CREATE INDEX events_id_when ON events (id, when_end, when_start);
        """
    )


@dataclass(frozen=True)
class DigestChannel:
    """Where and when a daily digest goes. `channel` is front-qualified: 'discord:123'."""

    channel: str
    guild: str | None
    time: str
    timezone: str
    skip_empty: bool
    updated_at: str


@dataclass(frozen=True)
class LedgerRow:
    channel: str
    digest_date: str
    claimed_at: str
    posted_at: str | None
    message_id: str | None


@dataclass(frozen=True)
class EntityRow:
    id: int
    name: str
    kind: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class StoredEvent:
    id: int
    when_start: str
    when_end: str
    granularity: str
    when_text: str | None
    actors: tuple[str, ...]
    places: tuple[str, ...]
    action: str
    attribution: str | None
    sentence: str
    file: str
    title: str | None
    published: str
    ingested_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "when": {
                "start": self.when_start,
                "end": self.when_end,
                "granularity": self.granularity,
                "text": self.when_text,
            },
            "actors": list(self.actors),
            "places": list(self.places),
            "action": self.action,
            "attribution": self.attribution,
            "sentence": self.sentence,
            "document": {"file": self.file, "title": self.title, "published": self.published},
        }


_NEWEST_FIRST = " ORDER BY ev.when_end DESC, ev.when_start DESC, ev.id DESC"
_EVENT_COLUMNS = """
    ev.id, ev.when_start, ev.when_end, ev.granularity, ev.when_text, ev.action,
    ev.attribution, ev.sentence, d.file, d.title, d.published, ev.ingested_at
"""


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only, before SQLite opens it."""
    if str(path) == ":memory:" or path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)


# /who pages an entity's events by reading the entity's own events and sorting them
# (cost ~ its number of events) unless it is so frequent that walking every event newest
# first and keeping the entity's is cheaper (cost ~ rows walked before the page is full).
SCAN_MIN_EVENTS = 5_000
# /digest reads the newest events of the window through the ingestion-time index when the
# window holds fewer events than this, else walks every event newest first.
DIGEST_WINDOW_INDEX_MAX = 50_000
_NAME_SEPARATOR = "\0"
# Events sampled (by id) to guess which side of a /since date is the smaller to count.
SINCE_SAMPLES = 32


class Store:
    """One SQLite file (or memory) of documents, events and entities."""

    def __init__(self, path: Path | str = ":memory:") -> None:
        self.path = Path(path) if str(path) != ":memory:" else None
        if self.path is not None:
            _create_private(self.path)
        conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self.db = Database(conn)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 30000")
        if self.path is not None:
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
        migrations.apply(self.db)
        # names(), for the store generation it was read in.
        self._names: tuple[tuple[int, int], str | list[str]] | None = None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------

    def document_hashes(self) -> dict[str, str]:
        return {
            row["file"]: row["sha256"]
            for row in self.db.query("SELECT file, sha256 FROM documents")
        }

    def apply_reload(
        self,
        changed: Sequence[tuple[Document, list[Event]]],
        removed: Iterable[str],
        now: dt.datetime,
        state: dict[str, str] | None = None,
    ) -> None:
        """Replace changed documents, drop removed ones and set state, in one transaction."""
        stamp = now.isoformat(timespec="seconds")
        conn = self.db.conn
        entity_ids: dict[str, int] = {}
        with self.db.atomic():
            conn.executemany("DELETE FROM documents WHERE file = ?", [(f,) for f in removed])
            for document, events in changed:
                conn.execute("DELETE FROM documents WHERE file = ?", (document.file,))
                doc_id = conn.execute(
                    "INSERT INTO documents (file, sha256, title, source, url, published, words,"
                    " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        document.file,
                        document.sha256,
                        document.title,
                        document.source,
                        document.url,
                        document.published.isoformat(),
                        document.words,
                        stamp,
                    ),
                ).lastrowid
                self._insert_events(doc_id, events, stamp, entity_ids)
            conn.execute(
                "DELETE FROM entities WHERE NOT EXISTS"
                " (SELECT 1 FROM event_entities ee WHERE ee.entity_id = entities.id)"
            )
            for key, value in (state or {}).items():
                self.set_state(key, value)

    def _entity_id(self, name: str, kind: str, cache: dict[str, int]) -> int:
        key = name.lower()
        if key not in cache:
            conn = self.db.conn
            conn.execute("INSERT OR IGNORE INTO entities (name, kind) VALUES (?, ?)", (name, kind))
            cache[key] = conn.execute("SELECT id FROM entities WHERE name = ?", (name,)).fetchone()[
                0
            ]
        return cache[key]

    def _insert_events(
        self, doc_id: int, events: list[Event], stamp: str, cache: dict[str, int]
    ) -> None:
        conn = self.db.conn
        links: list[tuple[int, int, str, int]] = []
        aliases: set[tuple[str, int]] = set()
        for event in events:
            event_id = conn.execute(
                "INSERT INTO events (document_id, paragraph, sentence, action, attribution,"
                " when_start, when_end, granularity, when_text, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc_id,
                    event.paragraph,
                    event.sentence,
                    event.action,
                    event.attribution,
                    event.when.start.isoformat(),
                    event.when.end.isoformat(),
                    event.when.granularity,
                    event.when.text,
                    stamp,
                ),
            ).lastrowid
            for role, names in (("actor", event.actors), ("place", event.places)):
                for position, name in enumerate(names):
                    entity_id = self._entity_id(name, event.kinds.get(name, "organisation"), cache)
                    links.append((event_id, entity_id, role, position))
                    aliases.update((s, entity_id) for s in event.surfaces.get(name, ()) if s)
        conn.executemany(
            "INSERT OR IGNORE INTO event_entities (event_id, entity_id, role, position)"
            " VALUES (?, ?, ?, ?)",
            links,
        )
        conn.executemany(
            "INSERT OR IGNORE INTO aliases (alias, entity_id) VALUES (?, ?)", sorted(aliases)
        )

    # --- reading ---------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        row = self.db.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),"
            " (SELECT count(*) FROM entities)"
        ).fetchone()
        return {"documents": row[0], "events": row[1], "entities": row[2]}

    def entity(self, name: str) -> EntityRow | None:
        """An entity by its name or one of its aliases, case-insensitively."""
        name = name.strip()
        row = self.db.execute(
            "SELECT id, name, kind FROM entities WHERE name = ?", (name,)
        ).fetchone()
        if row is None:
            candidates = self.db.execute(
                "SELECT e.id, e.name, e.kind FROM aliases a JOIN entities e ON e.id = a.entity_id"
                " WHERE a.alias = ? LIMIT 2",
                (name,),
            ).fetchall()
            if len(candidates) == 1:
                row = candidates[0]
            elif candidates:
                # The most-linked entity wins when an alias is ambiguous.
                row = self.db.execute(
                    "SELECT e.id, e.name, e.kind FROM aliases a"
                    " JOIN entities e ON e.id = a.entity_id WHERE a.alias = ?"
                    " ORDER BY (SELECT count(*) FROM event_entities ee"
                    " WHERE ee.entity_id = e.id) DESC LIMIT 1",
                    (name,),
                ).fetchone()
        if row is None:
            return None
        aliases = tuple(
            r[0]
            for r in self.db.execute(
                "SELECT alias FROM aliases WHERE entity_id = ? AND alias != ? ORDER BY alias",
                (row[0], row[1]),
            )
        )
        return EntityRow(row[0], row[1], row[2], aliases)

    def person_names(self) -> list[str]:
        """Full names (two words or more) of the people in the store."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT name FROM entities WHERE kind = 'person' AND name LIKE '% %'"
            )
        ]

    def generation(self) -> tuple[int, int]:
        """Changes when the store's content may have changed: a commit by another connection
        (data_version) or any row written through this one (total_changes)."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        return version, self.db.conn.total_changes

    def names(self) -> list[str]:
        """Every entity name and alias, for suggestions.

        Read once per store generation (collecting a million names takes over a second)
        and kept as one string (a sixth of the memory of a list of them), split into a
        fresh list on each call.
        """
        generation = self.generation()
        if self._names is None or self._names[0] != generation:
            found = [
                r[0]
                for r in self.db.execute(
                    "SELECT name FROM entities UNION SELECT alias FROM aliases"
                )
            ]
            joined = _NAME_SEPARATOR.join(found)
            # No names, or one that holds the separator: keep the list itself.
            whole = not found or joined.count(_NAME_SEPARATOR) != len(found) - 1
            self._names = (generation, found if whole else joined)
        kept = self._names[1]
        return list(kept) if isinstance(kept, list) else kept.split(_NAME_SEPARATOR)

    def names_starting(self, letter: str) -> list[str]:
        """Entity names and aliases that start with one letter (case-insensitively), from
        the indexes: the candidates for suggestions in a large store."""
        pattern = letter[:1].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return [
            r[0]
            for r in self.db.execute(
                "SELECT name FROM entities WHERE name LIKE ? ESCAPE '\\'"
                " UNION SELECT alias FROM aliases WHERE alias LIKE ? ESCAPE '\\'",
                (pattern, pattern),
            )
        ]

    def entity_count_estimate(self) -> int:
        """About how many entities there are, without counting them (ids only grow)."""
        return self.db.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()[0]

    def complete(self, prefix: str, limit: int = 25) -> list[str]:
        """Entity names starting with a prefix, most linked first."""
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return [
            r[0]
            for r in self.db.execute(
                "SELECT name FROM entities WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT ?",
                (pattern, limit),
            )
        ]

    def co_actors(self, entity_id: int, limit: int | None = None) -> list[tuple[str, int]]:
        """Actors in the entity's events (the entity excluded), by number of events; the
        first `limit` of them when given."""
        # Each of the entity's events once (it may be both actor and place in one), then its
        # other actors: (event, role, entity) is the primary key, so a plain count is the
        # number of distinct events. Names are joined after grouping, once per co-actor.
        return [
            (r[0], r[1])
            for r in self.db.execute(
                "SELECT e.name, c.n FROM ("
                " SELECT other.entity_id AS id, count(*) AS n"
                " FROM (SELECT DISTINCT event_id FROM event_entities WHERE entity_id = ?) mine"
                " JOIN event_entities other ON other.event_id = mine.event_id"
                "  AND other.role = 'actor'"
                " WHERE other.entity_id != ? GROUP BY other.entity_id) c"
                " JOIN entities e ON e.id = c.id ORDER BY c.n DESC, e.name LIMIT ?",
                (entity_id, entity_id, -1 if limit is None else limit),
            )
        ]

    def entity_events(
        self, entity_id: int, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredEvent], int]:
        """Events linked to an entity in any role, newest first, and their total."""
        total = self.db.execute(
            "SELECT count(DISTINCT event_id) FROM event_entities WHERE entity_id = ?",
            (entity_id,),
        ).fetchone()[0]
        if total == 0 or offset >= total:
            return [], total
        if limit is not None and limit > 0 and total >= SCAN_MIN_EVENTS:
            # Walking every event newest first finds the page after about
            # (offset + limit) * events / total rows; sorting the entity's own costs ~ total.
            # Walk only when that is under a quarter of it: its events may bunch up in time.
            last_id = self.db.execute("SELECT max(id) FROM events").fetchone()[0] or 0
            if (offset + limit) * last_id * 4 <= total * total:
                rows = self.db.execute(
                    f"SELECT {_EVENT_COLUMNS} FROM events ev INDEXED BY events_when"
                    " JOIN documents d ON d.id = ev.document_id"
                    " WHERE EXISTS (SELECT 1 FROM event_entities ee"
                    "  WHERE ee.entity_id = ? AND ee.event_id = ev.id)"
                    " ORDER BY ev.when_end DESC, ev.when_start DESC, ev.id DESC"
                    " LIMIT ? OFFSET ?",
                    (entity_id, limit, offset),
                ).fetchall()
                return self._hydrate(rows), total
        # The page's ids from the entity's events, sorted on the small (id, when) index;
        # then only the page's rows are read.
        ids = [
            r[0]
            for r in self.db.execute(
                "SELECT ev.id FROM events ev INDEXED BY events_id_when"
                " WHERE ev.id IN (SELECT event_id FROM event_entities WHERE entity_id = ?)"
                " ORDER BY ev.when_end DESC, ev.when_start DESC, ev.id DESC LIMIT ? OFFSET ?",
                (entity_id, -1 if limit is None else limit, offset),
            )
        ]
        return self._events_by_id(ids), total

    def events_since(
        self, day: dt.date, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredEvent], int]:
        """Events whose interval reaches the day or later, newest first, and their total."""
        iso = day.isoformat()
        total = self._count_since(iso)
        rows = self.db.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events ev JOIN documents d ON d.id = ev.document_id"
            " WHERE ev.when_end >= ?"
            " ORDER BY ev.when_end DESC, ev.when_start DESC, ev.id DESC LIMIT ? OFFSET ?",
            (iso, -1 if limit is None else limit, offset),
        ).fetchall()
        return self._hydrate(rows), total

    def _count_since(self, iso: str) -> int:
        """count(*) of events with when_end >= iso, counting the smaller side of the date.

        Counting index entries costs ~ their number; counting the whole table is nearly
        free (SQLite counts b-tree cells). So an old date (most events after it) is
        answered as all events minus the few before it. Which side is smaller is guessed
        from events sampled by id; a wrong guess costs time, never exactness.
        """
        lo, hi = self.db.execute(
            "SELECT (SELECT min(id) FROM events), (SELECT max(id) FROM events)"
        ).fetchone()
        if lo is None:
            return 0
        after = self.db.execute(
            "WITH RECURSIVE k(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM k WHERE x < ?)"
            " SELECT sum((SELECT when_end FROM events WHERE id >= ? + (? - ?) * x / ?"
            " ORDER BY id LIMIT 1) >= ?) FROM k",
            (SINCE_SAMPLES - 1, lo, hi, lo, SINCE_SAMPLES - 1, iso),
        ).fetchone()[0]
        if (after or 0) * 2 > SINCE_SAMPLES:
            return self.db.execute(
                "SELECT (SELECT count(*) FROM events)"
                " - (SELECT count(*) FROM events WHERE when_end < ?)",
                (iso,),
            ).fetchone()[0]
        return self.db.execute(
            "SELECT count(*) FROM events WHERE when_end >= ?", (iso,)
        ).fetchone()[0]

    def events_ingested_since(self, stamp: str | None, limit: int = 5000) -> list[StoredEvent]:
        """Events ingested after a timestamp (all when None), newest first."""
        stamp = stamp or ""
        window = self.db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM events WHERE ingested_at > ? LIMIT ?)",
            (stamp, DIGEST_WINDOW_INDEX_MAX),
        ).fetchone()[0]
        # A day's window: its events by ingestion time, then sorted. A window of most of
        # the store (a first digest): every event newest first, until `limit` are found.
        index = "events_ingested" if window < DIGEST_WINDOW_INDEX_MAX else "events_when"
        rows = self.db.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events ev INDEXED BY {index}"
            " JOIN documents d ON d.id = ev.document_id WHERE ev.ingested_at > ?"
            " ORDER BY ev.when_end DESC, ev.when_start DESC, ev.id DESC LIMIT ?",
            (stamp, limit),
        ).fetchall()
        return self._hydrate(rows)

    def _events_by_id(self, ids: list[int]) -> list[StoredEvent]:
        """Events by id, in the order given."""
        rows: dict[int, tuple] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                f"SELECT {_EVENT_COLUMNS} FROM events ev JOIN documents d ON d.id = ev.document_id"
                f" WHERE ev.id IN ({marks})",
                chunk,
            ):
                rows[r[0]] = r
        return self._hydrate([rows[i] for i in ids if i in rows])

    def _page(
        self, condition: str, params: tuple, order: str, limit: int | None, offset: int
    ) -> tuple[list[StoredEvent], int]:
        """One page of the events a `FROM … WHERE …` condition selects, and their total."""
        total = self.db.execute(f"SELECT count(*){condition}", params).fetchone()[0]
        rows = self.db.execute(
            f"SELECT {_EVENT_COLUMNS}{condition}{order} LIMIT ? OFFSET ?",
            (*params, -1 if limit is None else limit, offset),
        ).fetchall()
        return self._hydrate(rows), total

    def _hydrate(self, rows: list[tuple]) -> list[StoredEvent]:
        """Attach actors and places to event rows: one query per 500 events, not one each."""
        links: dict[int, dict[str, list[str]]] = {}
        ids = [r[0] for r in rows]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for event_id, role, name in self.db.execute(
                "SELECT ee.event_id, ee.role, e.name FROM event_entities ee"
                f" JOIN entities e ON e.id = ee.entity_id WHERE ee.event_id IN ({marks})"
                " ORDER BY ee.event_id, ee.role, ee.position",
                chunk,
            ):
                links.setdefault(event_id, {"actor": [], "place": []})[role].append(name)
        out = []
        for r in rows:
            found = links.get(r[0], {"actor": [], "place": []})
            out.append(
                StoredEvent(
                    id=r[0],
                    when_start=r[1],
                    when_end=r[2],
                    granularity=r[3],
                    when_text=r[4],
                    action=r[5],
                    attribution=r[6],
                    sentence=r[7],
                    file=r[8],
                    title=r[9],
                    published=r[10],
                    ingested_at=r[11],
                    actors=tuple(found["actor"]),
                    places=tuple(found["place"]),
                )
            )
        return out

    # --- state and the digest ledger ---------------------------------------------------

    def get_state(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_state(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db.conn.execute(
                "INSERT INTO state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def set_digest_channel(
        self,
        channel: str,
        guild: str | None,
        time: str,
        timezone: str,
        skip_empty: bool,
        now: dt.datetime,
    ) -> DigestChannel:
        """Point a guild's digest (or a channel's, without a guild) at a channel and time."""
        stamp = now.isoformat(timespec="seconds")
        with self.db.atomic():
            if guild is not None:
                self.db.conn.execute("DELETE FROM digest_channels WHERE guild = ?", (guild,))
            self.db.conn.execute(
                "INSERT INTO digest_channels (channel, guild, time, timezone, skip_empty,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel) DO UPDATE SET"
                " guild = excluded.guild, time = excluded.time, timezone = excluded.timezone,"
                " skip_empty = excluded.skip_empty, updated_at = excluded.updated_at",
                (channel, guild, time, timezone, int(skip_empty), stamp),
            )
        return DigestChannel(channel, guild, time, timezone, skip_empty, stamp)

    def digest_channels(self, prefix: str = "") -> list[DigestChannel]:
        return [
            DigestChannel(r[0], r[1], r[2], r[3], bool(r[4]), r[5])
            for r in self.db.execute(
                "SELECT channel, guild, time, timezone, skip_empty, updated_at"
                " FROM digest_channels WHERE channel LIKE ? ORDER BY channel",
                (prefix + "%",),
            )
        ]

    def claim_digest(self, channel: str, digest_date: str, now: dt.datetime) -> bool:
        """Claim a channel's digest for a date; False when it was already claimed."""
        with self.db.atomic():
            cursor = self.db.conn.execute(
                "INSERT OR IGNORE INTO digests (channel, digest_date, claimed_at) VALUES (?, ?, ?)",
                (channel, digest_date, now.isoformat(timespec="seconds")),
            )
            return cursor.rowcount == 1

    def mark_digest_posted(
        self, channel: str, digest_date: str, message_id: str | None, now: dt.datetime
    ) -> None:
        with self.db.atomic():
            self.db.conn.execute(
                "UPDATE digests SET posted_at = ?, message_id = ?"
                " WHERE channel = ? AND digest_date = ?",
                (now.isoformat(timespec="seconds"), message_id, channel, digest_date),
            )

    def ledger(self, channel: str | None = None) -> list[LedgerRow]:
        return [
            LedgerRow(*r)
            for r in self.db.execute(
                "SELECT channel, digest_date, claimed_at, posted_at, message_id FROM digests"
                " WHERE ? IS NULL OR channel = ? ORDER BY channel, digest_date",
                (channel, channel),
            )
        ]

    def last_digest_at(self, channel: str) -> str | None:
        """When the channel's last delivered digest was claimed (composed just after)."""
        row = self.db.execute(
            "SELECT max(claimed_at) FROM digests WHERE channel = ? AND posted_at IS NOT NULL",
            (channel,),
        ).fetchone()
        return row[0] if row else None

    def documents(self) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT d.file, d.title, d.published, d.sha256,"
                " (SELECT count(*) FROM events ev WHERE ev.document_id = d.id) AS events"
                " FROM documents d ORDER BY d.published DESC, d.file"
            )
        )

    def search(
        self, words: str, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredEvent], int]:
        """Events whose sentence holds every word (full-text, stemmed), newest first.

        Each word is quoted for FTS5, so nothing a user types is read as query syntax.
        """
        terms = [w for w in words.split() if any(ch.isalnum() for ch in w)]
        if not terms:
            return [], 0
        query = " ".join('"' + t.replace('"', '""') + '"' for t in terms[:20])
        total = self.db.execute(
            "SELECT count(*) FROM events_fts WHERE events_fts MATCH ?", (query,)
        ).fetchone()[0]
        rows = self.db.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events ev JOIN documents d ON d.id = ev.document_id"
            " WHERE ev.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"
            " ORDER BY ev.when_end DESC, ev.when_start DESC, ev.id DESC LIMIT ? OFFSET ?",
            (query, -1 if limit is None else limit, offset),
        ).fetchall()
        return self._hydrate(rows), total

    def sources(self, limit: int | None = None, offset: int = 0) -> tuple[list[dict], int]:
        """The documents in the store, newest first, with their event counts."""
        total = self.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        rows = self.db.execute(
            "SELECT d.file, d.title, d.published, count(ev.id) FROM documents d"
            " LEFT JOIN events ev ON ev.document_id = d.id GROUP BY d.id"
            " ORDER BY d.published DESC, d.file LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        ).fetchall()
        return [
            {"file": r[0], "title": r[1], "published": r[2], "events": r[3]} for r in rows
        ], total

    def places_of(self, entity_id: int, limit: int = 25) -> list[tuple[str, int]]:
        """Places in the events an entity takes part in, by number of events."""
        return [
            (r[0], r[1])
            for r in self.db.execute(
                "SELECT e.name, count(DISTINCT other.event_id) AS n"
                " FROM event_entities mine"
                " JOIN event_entities other ON other.event_id = mine.event_id"
                "  AND other.role = 'place' AND other.entity_id != mine.entity_id"
                " JOIN entities e ON e.id = other.entity_id"
                " WHERE mine.entity_id = ? AND mine.role = 'actor'"
                " GROUP BY e.id ORDER BY n DESC, e.name LIMIT ?",
                (entity_id, limit),
            )
        ]

    def place_events(
        self, entity_id: int, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredEvent], int]:
        """Events where an entity acts and some place is named, newest first."""
        condition = (
            " FROM events ev JOIN documents d ON d.id = ev.document_id"
            " WHERE ev.id IN (SELECT mine.event_id FROM event_entities mine"
            "  JOIN event_entities other ON other.event_id = mine.event_id"
            "  AND other.role = 'place' WHERE mine.entity_id = ? AND mine.role = 'actor')"
        )
        return self._page(condition, (entity_id,), _NEWEST_FIRST, limit, offset)

    # --- /timeline ---------------------------------------------------------------------

    def timeline_events(
        self,
        entity_id: int,
        start: dt.date | None = None,
        end: dt.date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[StoredEvent], int]:
        """An entity's events (any role) starting between two days, oldest first."""
        bounds = (
            (start or dt.date.min).isoformat(),
            (end or dt.date.max).isoformat(),
        )
        condition = (
            " FROM events ev JOIN documents d ON d.id = ev.document_id"
            " WHERE ev.id IN (SELECT event_id FROM event_entities WHERE entity_id = ?)"
            " AND ev.when_start >= ? AND ev.when_start <= ?"
        )
        order = " ORDER BY ev.when_start, ev.when_end, ev.id"
        return self._page(condition, (entity_id, *bounds), order, limit, offset)

    def timeline_counts(
        self,
        entity_id: int,
        start: dt.date | None = None,
        end: dt.date | None = None,
        top: int = 5,
        max_span_days: int = 31,
    ) -> list[tuple[str, str | None, int | None, int]]:
        """An entity's events per ISO week (Monday), split by its top co-actors, in one query.

        Rows are (week start, co-actor or None for the others, the co-actor's rank from 1
        or None, events). Each event is counted once, under the best-ranked of the `top`
        co-actors it has (ranked by shared events in the period, then name), or under None
        when it has none of them; so a week's rows add up to its events. Events are placed
        in the week their date interval starts in; those dated only to a span longer than
        `max_span_days` (a quarter, a year, "the 15th century") cannot be placed in a week
        and are left out.
        """
        bounds = (
            (start or dt.date.min).isoformat(),
            (end or dt.date.max).isoformat(),
        )
        return [
            (r[0], r[1], r[2], r[3])
            for r in self.db.execute(
                "WITH mine AS ("
                " SELECT ev.id, date(ev.when_start, '-' ||"
                "  ((CAST(strftime('%w', ev.when_start) AS INTEGER) + 6) % 7) || ' days') AS week"
                " FROM events ev"
                " WHERE ev.id IN (SELECT event_id FROM event_entities WHERE entity_id = :e)"
                " AND ev.when_start >= :start AND ev.when_start <= :end"
                " AND julianday(ev.when_end) - julianday(ev.when_start) <= :span),"
                " co AS ("
                " SELECT DISTINCT mine.id AS event_id, other.entity_id AS actor FROM mine"
                " JOIN event_entities other ON other.event_id = mine.id"
                "  AND other.role = 'actor' AND other.entity_id != :e),"
                " ranked AS ("
                " SELECT co.actor, row_number() OVER (ORDER BY count(*) DESC, e.name) AS rank"
                " FROM co JOIN entities e ON e.id = co.actor GROUP BY co.actor),"
                " pick AS ("
                " SELECT mine.week, (SELECT min(ranked.rank) FROM co"
                "  JOIN ranked ON ranked.actor = co.actor"
                "  WHERE co.event_id = mine.id AND ranked.rank <= :top) AS rank FROM mine)"
                " SELECT pick.week, e.name, pick.rank, count(*) FROM pick"
                " LEFT JOIN ranked ON ranked.rank = pick.rank"
                " LEFT JOIN entities e ON e.id = ranked.actor"
                " GROUP BY pick.week, pick.rank ORDER BY pick.week, pick.rank IS NULL, pick.rank",
                {
                    "e": entity_id,
                    "start": bounds[0],
                    "end": bounds[1],
                    "top": top,
                    "span": max_span_days,
                },
            )
        ]
