"""The schema: migrations applied once, the pragmas, an owner-only file, WAL readers."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from bot.store import Store, migrations
from bot.store.schema import open_database
from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event


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
            assert reader.counts()["events"] == 1
        assert reader.counts()["events"] == 0


def test_schema_rejects_unknown_roles(store):
    store.apply_reload([(document(), [event(["Russia"])])], [], NOW)
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "INSERT INTO event_entities (event_id, entity_id, role, position)"
            " VALUES (1, 1, 'villain', 0)"
        )


def test_a_guild_has_at_most_one_digest_channel_row(store):
    store.db.execute(
        "INSERT INTO digest_channels VALUES ('discord:1', 'g', '08:00', 'UTC', 0, 'now')"
    )
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "INSERT INTO digest_channels VALUES ('discord:2', 'g', '08:00', 'UTC', 0, 'now')"
        )
