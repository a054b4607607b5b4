"""A store of N events built from the current-events corpus's real events, in bulk.

The corpus is reloaded once (benchmarks.common.corpus_store), then copied with SQL until
the store holds N events: each copy shifts every date back by 0-3 years (so each day of
2022-2025 holds as many documents as the others), renames every entity and alias
("Tartus" -> "Tartus c17") and keeps the real shape of each event (its actors, places and
roles). In every other copy "United States", "Israel" and "Russia" keep their names, so
they become very frequent, as they would in a real news store. A document is ingested the
day after its publication, so a day's digest covers one day of every copy whose window
holds that day.

Built for ten million events on two cores: the copies are written with the journal off
and the secondary indexes and full-text triggers dropped, then the indexes are created,
the full-text index rebuilt and the derived tables (the co-occurrence counts, the lookup
keys and ranks, autocomplete's table) recounted by the store's own code, each once over
the whole store. The file is cached under ``$BRIEFING_BENCH_CACHE`` keyed by this
builder's version, the corpus and the store's migrations; a half-built file is never
taken for a built one.
"""

from __future__ import annotations

import hashlib
import math
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from benchmarks.common import CACHE, building, corpus_store, remove_db, schema_digest
from bot.store import Store
from bot.store.completions import refresh_completions
from bot.store.days import DAYS, EVENT_DAYS
from bot.store.keys import name_keys
from bot.store.pairs import PAIRS
from bot.store.sentence_tallies import ENTITY_SENTENCES, SENTENCE_DAYS

# Bump when the scaled store's construction changes.
BUILDER_VERSION = "2"
FREQUENT = ("United States", "Israel", "Russia")
YEAR_SHIFTS = 4  # copies spread over this many years back from the corpus year
KEEP_EVERY = 2  # every 2nd copy keeps FREQUENT's names
# The tables the copies fill, whose secondary indexes are created after them.
BULK_TABLES = (
    "documents", "entities", "aliases", "events", "event_entities", "entity_pairs",
    "name_keys", "entity_ranks", "entity_days", "event_days", "completions",
)  # fmt: skip
# The copy suffix in the lookup-key template: a word like every copy's own ("c17").
PLACEHOLDER = "c999999999"
# Copied entities whose stored keys are checked against the store's own name_keys().
CHECKED = 300


def _stride(max_id: int) -> int:
    return 10 ** len(str(max_id))


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def scaled_store(events: int, rebuild: bool = False) -> Path:
    """The cached store of about `events` events (built once)."""
    base = corpus_store()
    key = hashlib.sha256(
        f"{BUILDER_VERSION}|{events}|{base.name}|{schema_digest()}".encode()
    ).hexdigest()[:16]
    path = CACHE / f"scaled-{events}-{key}.db"
    if path.exists() and not rebuild:
        return path
    with building(path) as partial:
        if path.exists() and not rebuild:  # built by another process while this one waited
            return path
        remove_db(path)
        shutil.copyfile(base, partial)
        started = time.perf_counter()
        _log(f"building a {events:,}-event store in {path} (once) ...")
        built = _bulk_copy(partial, events)
        with Store(partial) as store:
            _check_keys(store)
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        took = time.perf_counter() - started
    _log(f"  built {built:,} events in {took:.0f} s ({built / took:,.0f} events/s)")
    return path


def _bulk_copy(path: Path, target: int) -> int:
    """Copy the corpus in `path` until it holds about `target` events; the events held."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # a failed build is removed, not rolled back
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -4000000")  # 4 GB of pages
        conn.execute("PRAGMA temp_store = MEMORY")  # the sorts of the keys and indexes
        conn.execute("PRAGMA threads = 2")  # sorts may use a second core
        conn.execute("BEGIN")
        indexes = _drop_bulk_indexes(conn)
        triggers = _drop_fts_triggers(conn)
        step = time.perf_counter()
        _copy_rows(conn, target)
        _log(f"  copies: {time.perf_counter() - step:.0f} s")
        step = time.perf_counter()
        _copy_keys(conn)
        _log(f"  lookup keys: {time.perf_counter() - step:.0f} s")
        step = time.perf_counter()
        PAIRS.recount(_Bare(conn))  # reads event_entities by its primary key only
        _log(f"  co-occurrence counts: {time.perf_counter() - step:.0f} s")
        step = time.perf_counter()
        DAYS.recount(_Bare(conn))
        EVENT_DAYS.recount(_Bare(conn))
        _log(f"  entities' days: {time.perf_counter() - step:.0f} s")
        step = time.perf_counter()
        SENTENCE_DAYS.recount(_Bare(conn))
        ENTITY_SENTENCES.recount(_Bare(conn))
        _log(f"  sentences: {time.perf_counter() - step:.0f} s")
        step = time.perf_counter()
        ranks = [sql for sql in indexes if " ON entity_ranks " in sql or " ON completions " in sql]
        for sql in indexes:
            if sql not in ranks:
                conn.execute(sql)
        # Counted on the links' (entity_id, event_id) index just made: a walk, not a sort.
        conn.execute("DELETE FROM entity_ranks")
        conn.execute(
            "INSERT INTO entity_ranks (entity_id, events) SELECT entity_id,"
            " count(DISTINCT event_id) FROM event_entities GROUP BY entity_id"
        )
        _log(f"  indexes and ranks: {time.perf_counter() - step:.0f} s")
        step = time.perf_counter()
        refresh_completions(_Bare(conn))  # autocomplete's table, from the keys and ranks
        _log(f"  completions: {time.perf_counter() - step:.0f} s")
        step = time.perf_counter()
        for sql in ranks:
            conn.execute(sql)
        _log(f"  their indexes: {time.perf_counter() - step:.0f} s")
        step = time.perf_counter()
        conn.execute("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")
        for sql in triggers:
            conn.execute(sql)
        _log(f"  full-text index: {time.perf_counter() - step:.0f} s")
        conn.execute("COMMIT")
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


class _Bare:
    """A plain connection where the store's functions expect a Database (`.conn`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)


def _copy_keys(conn: sqlite3.Connection) -> None:
    """The lookup keys of every copied entity.

    A copy's keys are its original's computed once by the store's own `name_keys` for the
    name and aliases with a placeholder suffix, the placeholder then replaced by each
    copy's ("Tartus c17"): the copies differ only in that word. `_check_keys` compares a
    sample with `name_keys` itself, so a rule that treated the suffixes differently would
    fail the build, not skew it.
    """
    stride = int(
        conn.execute("SELECT value FROM state WHERE key = 'bench_entity_stride'").fetchone()[0]
    )
    aliases: dict[int, list[str]] = {}
    for alias, entity_id in conn.execute(
        f"SELECT alias, entity_id FROM aliases WHERE entity_id < {stride}"
    ):
        aliases.setdefault(entity_id, []).append(f"{alias} {PLACEHOLDER}")
    conn.execute("CREATE TEMP TABLE key_template (rule TEXT, key TEXT, entity_id INTEGER)")
    conn.executemany(
        "INSERT INTO key_template VALUES (?, ?, ?)",
        (
            (rule, key, entity_id)
            for entity_id, name, kind in conn.execute(
                f"SELECT id, name, kind FROM entities WHERE id < {stride}"
            ).fetchall()
            for rule, key in name_keys(f"{name} {PLACEHOLDER}", kind, aliases.get(entity_id, ()))
        ),
    )
    conn.execute(
        "INSERT INTO name_keys (rule, key, entity_id)"
        f" SELECT t.rule, replace(t.key, '{PLACEHOLDER}', 'c' || c.i),"
        f" t.entity_id + c.i * {stride} FROM copies c, key_template t"
        " WHERE NOT (c.keep AND t.entity_id IN (SELECT id FROM kept)) ORDER BY 1, 2, 3"
    )
    for temp in ("key_template", "copies", "kept"):
        conn.execute(f"DROP TABLE temp.{temp}")


def _check_keys(store: Store) -> None:
    """A sample of copied entities has exactly the keys the store's code gives them."""
    stride = int(store.state.get("bench_entity_stride") or 0)
    sample = [r[0] for r in store.db.execute(
        "SELECT id FROM entities WHERE id > ? ORDER BY id % 7919, id LIMIT ?", (stride, CHECKED)
    )]  # fmt: skip
    for entity_id in sample:
        name, kind = store.db.execute(
            "SELECT name, kind FROM entities WHERE id = ?", (entity_id,)
        ).fetchone()
        aliases = [r[0] for r in store.db.execute(
            "SELECT alias FROM aliases WHERE entity_id = ?", (entity_id,)
        )]  # fmt: skip
        stored = set(store.db.execute(
            "SELECT rule, key FROM name_keys WHERE entity_id = ?", (entity_id,)
        ).fetchall())  # fmt: skip
        if stored != name_keys(name, kind, aliases):
            raise SystemExit(f"the scaled store's lookup keys of {name!r} differ from name_keys")


def _drop_bulk_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes of the bulk tables; the statements that recreate them."""
    marks = ",".join("?" * len(BULK_TABLES))
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks})",
        BULK_TABLES,
    ).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


def _drop_fts_triggers(conn: sqlite3.Connection) -> list[str]:
    """Drop the triggers that keep the full-text index; the statements that recreate them."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'"
    ).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [sql for _, sql in rows]


def _copy_rows(conn: sqlite3.Connection, target: int) -> None:
    n_events, max_doc, max_event, max_entity = conn.execute(
        "SELECT count(*), (SELECT max(id) FROM documents), max(id),"
        " (SELECT max(id) FROM entities) FROM events"
    ).fetchone()
    copies = math.ceil(target / n_events)
    doc_s, ev_s, ent_s = _stride(max_doc), _stride(max_event), _stride(max_entity)
    marks = ",".join("?" * len(FREQUENT))
    conn.execute(
        "CREATE TEMP TABLE copies (i INTEGER PRIMARY KEY, shift TEXT NOT NULL,"
        " keep INTEGER NOT NULL)"
    )
    conn.executemany(
        "INSERT INTO copies VALUES (?, ?, ?)",
        [
            (i, f"-{(i % YEAR_SHIFTS) * 365} days", int(i % KEEP_EVERY == 0))
            for i in range(1, copies)
        ],
    )
    conn.execute(
        f"CREATE TEMP TABLE kept AS SELECT id FROM entities WHERE name IN ({marks})", FREQUENT
    )
    # The original is ingested the day after publication, like every copy.
    conn.execute(
        "UPDATE documents SET ingested_at ="
        " strftime('%Y-%m-%dT06:00:00+00:00', published, '+1 day')"
    )
    conn.execute(
        "UPDATE events SET ingested_at ="
        " (SELECT d.ingested_at FROM documents d WHERE d.id = events.document_id)"
    )
    # Each table copy by copy (the outer loop is the copy), so ids arrive in order.
    conn.execute(
        "INSERT INTO documents (id, file, sha256, title, source, url, published, words,"
        " ingested_at)"
        f" SELECT d.id + c.i * {doc_s}, printf('copy%04d/', c.i) || d.file, d.sha256,"
        " d.title, d.source, d.url, date(d.published, c.shift), d.words,"
        " strftime('%Y-%m-%dT06:00:00+00:00', d.published, c.shift, '+1 day')"
        f" FROM copies c, documents d WHERE d.id <= {max_doc} ORDER BY c.i, d.id"
    )
    conn.execute(
        "INSERT INTO entities (id, name, kind)"
        f" SELECT e.id + c.i * {ent_s}, e.name || ' c' || c.i, e.kind"
        f" FROM copies c, entities e WHERE e.id <= {max_entity}"
        " AND NOT (c.keep AND e.id IN (SELECT id FROM kept)) ORDER BY c.i, e.id"
    )
    conn.execute(
        "INSERT INTO aliases (alias, entity_id)"
        f" SELECT a.alias || ' c' || c.i, a.entity_id + c.i * {ent_s}"
        f" FROM copies c, aliases a WHERE a.entity_id <= {max_entity}"
        " AND NOT (c.keep AND a.entity_id IN (SELECT id FROM kept))"
    )
    conn.execute(
        "INSERT INTO events (id, document_id, paragraph, sentence, action, attribution,"
        " when_start, when_end, granularity, when_text, ingested_at, sources, section,"
        " sentence_lead)"
        f" SELECT ev.id + c.i * {ev_s}, ev.document_id + c.i * {doc_s}, ev.paragraph,"
        " ev.sentence, ev.action, ev.attribution, date(ev.when_start, c.shift),"
        " date(ev.when_end, c.shift), ev.granularity, ev.when_text,"
        " strftime('%Y-%m-%dT06:00:00+00:00', d.published, c.shift, '+1 day'),"
        " ev.sources, ev.section, ev.sentence_lead"
        " FROM copies c, events ev JOIN documents d ON d.id = ev.document_id"
        f" WHERE ev.id <= {max_event} ORDER BY c.i, ev.id"
    )
    conn.execute(
        "INSERT INTO event_entities (event_id, entity_id, role, position, kind, when_end,"
        " when_start)"
        f" SELECT ee.event_id + c.i * {ev_s},"
        f" CASE WHEN c.keep AND ee.entity_id IN (SELECT id FROM kept) THEN ee.entity_id"
        f" ELSE ee.entity_id + c.i * {ent_s} END, ee.role, ee.position, ee.kind,"
        " date(ee.when_end, c.shift), date(ee.when_start, c.shift)"
        f" FROM copies c, event_entities ee WHERE ee.event_id <= {max_event}"
        " ORDER BY c.i, ee.event_id, ee.role, ee.entity_id"
    )
    conn.executemany(
        "INSERT INTO state (key, value) VALUES (?, ?)",
        [("bench_scaled_copies", str(copies)), ("bench_entity_stride", str(ent_s))],
    )
