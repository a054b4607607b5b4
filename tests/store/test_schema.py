"""The schema: migrations applied once, the pragmas, an owner-only file, WAL readers."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from bot.store import Store
from bot.store.engines.sqlite.connection import open_database
from bot.store.engines.sqlite.schema import known_migrations, migrations
from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event

pytestmark = pytest.mark.sqlite_only  # SQLite's plans and file; PostgreSQL: test_postgresql.py


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


def test_memory_database_is_migrated_with_foreign_keys_and_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = open_database(None)
    try:
        assert migrations.pending(db) == []
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "memory"
    finally:
        db.close()
    assert list(tmp_path.iterdir()) == []


def test_store_file_is_owner_only(tmp_path):
    path = tmp_path / "b.db"
    Store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_store_file_is_created_in_missing_folders(tmp_path):
    path = tmp_path / "deep" / "er" / "b.db"
    Store(path).close()
    assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600


def test_readers_see_old_or_new_corpus_during_a_write(tmp_path):
    path = tmp_path / "b.db"
    with Store(path) as writer, Store(path) as reader:
        writer.apply_reload([(document(), [event(["Russia"])])], [], NOW)
        with writer.db.atomic():
            writer.db.conn.execute("DELETE FROM documents")
            # the reader still sees the committed corpus, without "database is locked"
            assert reader.aggregates.counts()["events"] == 1
        assert reader.aggregates.counts()["events"] == 0


def test_schema_rejects_unknown_roles(store):
    store.apply_reload([(document(), [event(["Russia"])])], [], NOW)
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "INSERT INTO event_entities (event_id, entity_id, role, position)"
            " VALUES (1, 1, 'villain', 0)"
        )


def test_a_guild_has_at_most_one_digest_channel_row(store):
    store.db.execute(
        "INSERT INTO digest_channels VALUES ('discord:1', 'g', '08:00', 'UTC', 0, 'now', 'daily')"
    )
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "INSERT INTO digest_channels VALUES ('discord:2', 'g', '08:00', 'UTC', 0, 'now',"
            " 'daily')"
        )


def test_two_processes_opening_a_new_store_at_once_both_succeed(tmp_path):
    """The first opening of a store by several processes: each migration runs once."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    code = "import sys; from bot.store import Store; Store(sys.argv[1]).close()"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for trial in range(3):
        path = tmp_path / f"new{trial}.db"
        openers = [
            subprocess.Popen(
                [sys.executable, "-c", code, str(path)], env=env, stderr=subprocess.PIPE
            )
            for _ in range(4)
        ]
        errors = [p.communicate(timeout=120)[1].decode() for p in openers]
        assert [p.returncode for p in openers] == [0] * 4, errors
        with Store(path) as s:
            names = [r["name"] for r in s.db.query("SELECT name FROM _sqlite_migrations")]
        assert sorted(names) == sorted(known_migrations())


def _from_a_newer_version(path) -> bytes:
    with Store(path) as s:
        s.apply_reload([(document("a.txt"), [event(["Russia"])])], [], NOW)
        s.db["_sqlite_migrations"].insert(
            {"migration_set": "briefing", "name": "m999_from_the_future", "applied_at": "x"}
        )
    return path.read_bytes()


def test_a_store_of_a_newer_version_is_read_but_never_written(tmp_path):
    from bot.errors import StoreError

    path = tmp_path / "b.db"
    before = _from_a_newer_version(path)
    with Store(path) as s:
        assert s.documents.hashes()  # questions still read it
        for write in (
            lambda: s.apply_reload([], ["a.txt"], NOW),
            lambda: s.state.set("k", "v"),
            s.check_writable,
        ):
            with pytest.raises(StoreError) as refused:
                write()
            assert "m999_from_the_future" in refused.value.message
            assert known_migrations()[-1] in refused.value.message
    assert path.read_bytes() == before


def test_reload_refuses_a_store_of_a_newer_version_naming_both(tmp_path):
    import json

    from tests.conftest import SEEDS
    from tests.test_cli import briefing

    path = tmp_path / "b.db"
    before = _from_a_newer_version(path)
    done = briefing("reload", "--seeds", str(SEEDS), "--db", str(path), "--json")
    assert done.returncode == 1
    error = json.loads(done.stdout)["error"]
    assert "newer Briefing" in error and "m999_from_the_future" in error
    assert path.read_bytes() == before


def test_a_store_from_before_m007_keeps_its_events_with_their_attribution_as_sources(tmp_path):
    import sqlite3

    from sqlite_utils import Database

    path = tmp_path / "old.db"
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before="m007_event_sources")
    db.execute(
        "INSERT INTO documents (id, file, sha256, published, ingested_at)"
        " VALUES (1, 'a.txt', 'x', '2025-02-17', '2025-02-18T00:00:00+00:00')"
    )
    db.execute(
        "INSERT INTO events (document_id, paragraph, sentence, action, attribution,"
        " when_start, when_end, granularity, ingested_at)"
        " VALUES (1, 0, 'Russia met Syria.', 'met', 'Reuters', '2025-02-17', '2025-02-17',"
        " 'day', '2025-02-18T00:00:00+00:00')"
    )
    db.conn.commit()
    db.conn.close()
    with Store(path) as store:
        (event,) = store.events.ingested_since(None)
    assert event.sources == ("Reuters",)
