"""The SQLite store: schema, transactions, lookups."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat

import pytest

from bot.extraction.dates import When
from bot.extraction.extractor import Event
from bot.seeds import Document, Paragraph
from bot.store import Store, migrations
from tests.conftest import NOW


def _doc(file: str = "a.txt", sha: str = "1" * 64) -> Document:
    return Document(
        file=file,
        published=dt.date(2025, 2, 17),
        sha256=sha,
        title="T",
        paragraphs=(Paragraph("x"),),
    )


def _event(actors, places=(), day="2025-02-17", sentence="Russia moved.", surfaces=None):
    d = dt.date.fromisoformat(day)
    return Event(
        actors=list(actors),
        places=list(places),
        action="moved",
        attribution=None,
        sentence=sentence,
        when=When(d, d, "day", None),
        paragraph=0,
        kinds={n: "country" for n in [*actors, *places]},
        surfaces=surfaces or {},
    )


def test_migrations_apply_once(tmp_path):
    path = tmp_path / "b.db"
    Store(path).close()
    with Store(path) as s:
        rows = list(s.db.query("SELECT name FROM _sqlite_migrations"))
    names = [r["name"] for r in rows]
    assert names[:2] == ["m001_initial", "m002_digest_channels"]
    assert len(names) == len(set(names)), "a migration ran twice"
    with Store(path) as s:
        assert migrations.pending(s.db) == []


def test_wal_and_foreign_keys_are_on(tmp_path):
    with Store(tmp_path / "b.db") as s:
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_store_file_is_owner_only(tmp_path):
    path = tmp_path / "b.db"
    Store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_entity_by_alias_is_case_insensitive(store):
    store.apply_reload([(_doc(), [_event(["Russia"], surfaces={"Russia": {"Kremlin"}})])], [], NOW)
    assert store.entity("kremlin").name == "Russia"
    assert store.entity("RUSSIA").aliases == ("Kremlin",)
    assert store.entity("Atlantis") is None


def test_reload_replaces_a_documents_events(store):
    store.apply_reload([(_doc(), [_event(["Russia"]), _event(["Syria"])])], [], NOW)
    store.apply_reload([(_doc(sha="2" * 64), [_event(["Ukraine"])])], [], NOW)
    assert store.counts() == {"documents": 1, "events": 1, "entities": 1}
    assert store.entity("Russia") is None  # orphans go with their events


def test_removed_documents_cascade_to_events_links_and_search(store):
    store.apply_reload([(_doc(), [_event(["Russia"], sentence="Russia moved troops.")])], [], NOW)
    assert (
        store.db.execute(
            "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'troops'"
        ).fetchone()[0]
        == 1
    )
    store.apply_reload([], ["a.txt"], NOW)
    assert store.counts() == {"documents": 0, "events": 0, "entities": 0}
    assert store.db.execute("SELECT count(*) FROM event_entities").fetchone()[0] == 0
    assert (
        store.db.execute(
            "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'troops'"
        ).fetchone()[0]
        == 0
    )


def test_failed_reload_leaves_previous_store(store):
    store.apply_reload([(_doc(), [_event(["Russia"])])], [], NOW)
    broken = _event(["Syria"])
    broken.when = None  # fails half-way through the insert
    with pytest.raises(AttributeError):
        store.apply_reload(
            [(_doc("b.txt", "3" * 64), [_event(["Ukraine"]), broken])], ["a.txt"], NOW
        )
    assert store.counts() == {"documents": 1, "events": 1, "entities": 1}
    assert store.entity("Russia") is not None and store.entity("Ukraine") is None


def test_since_orders_newest_first_and_uses_interval_end(store):
    events = [
        _event(["A"], day="2025-01-10", sentence="a"),
        _event(["B"], day="2025-02-10", sentence="b"),
        _event(["C"], day="2024-12-30", sentence="c"),
    ]
    events.append(_event(["D"], sentence="d"))
    events[-1].when = When(dt.date(2024, 12, 1), dt.date(2025, 1, 5), "range", "winter")
    store.apply_reload([(_doc(), events)], [], NOW)
    found, total = store.events_since(dt.date(2025, 1, 1))
    assert [e.sentence for e in found] == ["b", "a", "d"]
    assert total == 3
    page, total = store.events_since(dt.date(2025, 1, 1), limit=1, offset=1)
    assert [e.sentence for e in page] == ["a"] and total == 3


def test_co_actors_rank_by_event_count_and_exclude_the_entity(store):
    events = [
        _event(["Russia"], ["Tartus"], sentence="1"),
        _event(["Russia", "Syria"], ["Tartus"], sentence="2"),
        _event(["Syria"], sentence="3"),
    ]
    store.apply_reload([(_doc(), events)], [], NOW)
    tartus = store.entity("Tartus")
    assert store.co_actors(tartus.id) == [("Russia", 2), ("Syria", 1)]
    found, total = store.entity_events(tartus.id)
    assert total == 2 and {e.sentence for e in found} == {"1", "2"}
    assert found[0].places == ("Tartus",)


def test_complete_escapes_like_wildcards(store):
    store.apply_reload([(_doc(), [_event(["Russia", "R_x"])])], [], NOW)
    assert store.complete("ru") == ["Russia"]
    assert store.complete("R_") == ["R_x"]
    assert store.complete("%") == []


def test_readers_see_old_or_new_corpus_during_a_write(tmp_path):
    path = tmp_path / "b.db"
    with Store(path) as writer, Store(path) as reader:
        writer.apply_reload([(_doc(), [_event(["Russia"])])], [], NOW)
        with writer.db.atomic():
            writer.db.conn.execute("DELETE FROM documents")
            # the reader still sees the committed corpus, without "database is locked"
            assert reader.counts()["events"] == 1
        assert reader.counts()["events"] == 0


def test_schema_rejects_unknown_roles(store):
    store.apply_reload([(_doc(), [_event(["Russia"])])], [], NOW)
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("INSERT INTO event_entities VALUES (1, 1, 'villain', 0)")
