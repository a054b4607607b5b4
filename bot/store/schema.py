"""The schema: numbered migrations applied once each, and opening the file with our pragmas."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

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


@migrations()
def m004_name_keys(db: Database) -> None:
    """The lookup index: each entity's names as people type them, and its event count.

    The keys are built from what the store holds by m005, once the lexicon's aliases have
    their table too, so existing stores answer by surname and acronym at once.
    """
    db.executescript(
        """
        -- Normalised forms of an entity's names: 'name' and 'alias' (whole), 'surname'
        -- (a person's last word), 'acronym' (initials of a multi-word name), 'word'.
        CREATE TABLE name_keys (
            rule TEXT NOT NULL CHECK (rule IN ('name', 'alias', 'surname', 'acronym', 'word')),
            key TEXT NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            PRIMARY KEY (rule, key, entity_id)
        ) WITHOUT ROWID;
        CREATE INDEX name_keys_entity ON name_keys (entity_id, rule, key);
        -- How many event links each entity has: candidates and autocomplete rank by it.
        CREATE TABLE entity_ranks (
            entity_id INTEGER PRIMARY KEY REFERENCES entities (id) ON DELETE CASCADE,
            events INTEGER NOT NULL
        );
        CREATE INDEX entity_ranks_events ON entity_ranks (events, entity_id);
        """
    )


@migrations()
def m005_known_aliases(db: Database) -> None:
    """The aliases the packaged and seeds' lexicon knows, by the name they stand for,
    replaced at every reload that extracts; the lookup index reads them by name."""
    db.executescript(
        """
        CREATE TABLE known_aliases (
            alias TEXT NOT NULL,
            name TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (alias, name)
        ) WITHOUT ROWID;
        CREATE INDEX known_aliases_name ON known_aliases (name);
        """
    )
    from bot.store.entities import index_entities  # the one code that builds the keys

    index_entities(db)


@migrations()
def m006_reload_history(db: Database) -> None:
    """What lets a reload answer like a clean one: the kind each link gave its entity
    (an entity's kind is the most common over its links), and the documents each learned
    alias came from (an alias goes with the last of them). Aliases already stored are
    taken as coming from every document of their entity."""
    db.executescript(
        """
        ALTER TABLE event_entities ADD COLUMN kind TEXT;
        UPDATE event_entities SET kind =
            (SELECT e.kind FROM entities e WHERE e.id = event_entities.entity_id);
        CREATE TABLE alias_sources (
            alias TEXT NOT NULL COLLATE NOCASE,
            entity_id INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            PRIMARY KEY (document_id, entity_id, alias)
        ) WITHOUT ROWID;
        CREATE INDEX alias_sources_entity ON alias_sources (entity_id, alias);
        INSERT OR IGNORE INTO alias_sources (alias, entity_id, document_id)
            SELECT DISTINCT a.alias, a.entity_id, ev.document_id FROM aliases a
            JOIN event_entities ee ON ee.entity_id = a.entity_id
            JOIN events ev ON ev.id = ee.event_id;
        """
    )


def create_private(path: Path) -> None:
    """Create the database file readable by its owner only, before SQLite opens it."""
    if str(path) == ":memory:" or path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)


def open_database(path: Path | None) -> Database:
    """A migrated database on a file (owner-only, WAL) or, for None, in memory."""
    if path is not None:
        create_private(path)
    conn = sqlite3.connect(
        ":memory:" if path is None else str(path), timeout=30, check_same_thread=False
    )
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 30000")
    if path is not None:
        # Readers on other connections see the last commit while a reload writes.
        db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
    migrations.apply(db)
    return db
