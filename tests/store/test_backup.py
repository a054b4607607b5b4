"""Backups of a running SQLite store and their restore: a backup taken in the middle of a
reload holds the corpus before it, never part of each; a restore refuses a store in use."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from bot.errors import StoreError
from bot.store import Store, writes
from bot.store.backup import backup, restore
from commands import run_line
from tests.conftest import NOW
from tests.factories import command_env, document, extracted_event


def _corpus(tag: str, n: int = 30) -> list:
    return [
        (
            document(f"{tag}{i}.txt", sha256=f"{tag}{i}".rjust(64, "0")),
            [extracted_event(["Russia"], sentence=f"Russia {tag} {i}.")],
        )
        for i in range(n)
    ]


def _files(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT file FROM documents")}


def test_a_backup_in_the_middle_of_a_reload_holds_the_corpus_before_it(tmp_path, monkeypatch):
    db = tmp_path / "store.db"
    with Store(db) as store:
        store.apply_reload(_corpus("old"), [], NOW)
    old = {f"old{i}.txt" for i in range(30)}
    paused, go_on = threading.Event(), threading.Event()
    insert = writes.insert_events

    def insert_then_wait(*args, **kwargs):  # the reload's transaction, half written
        insert(*args, **kwargs)
        paused.set()
        assert go_on.wait(30)

    monkeypatch.setattr(writes, "insert_events", insert_then_wait)

    def reload() -> None:
        with Store(db) as writer:
            writer.apply_reload(_corpus("new"), sorted(old), NOW)

    thread = threading.Thread(target=reload)
    thread.start()
    try:
        assert paused.wait(30)
        report = backup(db, tmp_path / "during.db")
    finally:
        go_on.set()
        thread.join(30)
    assert _files(tmp_path / "during.db") == old and report.documents == 30
    backup(db, tmp_path / "after.db")
    assert _files(tmp_path / "after.db") == {f"new{i}.txt" for i in range(30)}
    # Restored, the store is the corpus before the reload, whole, and answers.
    restore(tmp_path / "during.db", db)
    with Store(db) as restored:
        assert {d["file"] for d in restored.documents.all()} == old
        assert run_line("/who Russia", restored, NOW, command_env()).total == 30


def test_a_restore_refuses_a_store_in_use_and_what_is_no_backup(tmp_path):
    db, copy = tmp_path / "store.db", tmp_path / "copy.db"
    with Store(db) as store:
        store.apply_reload(_corpus("old", 2), [], NOW)
        backup(db, copy)
        assert store.leases.hold("digest-scheduler", "host:42", time.time(), 60)
        with pytest.raises(StoreError) as in_use:
            restore(copy, db)
        assert "in use (digest-scheduler held by host:42)" in in_use.value.message
        store.leases.release("digest-scheduler", "host:42")
    assert restore(copy, db).documents == 2
    with pytest.raises(StoreError, match="exists: give a new file"):
        backup(db, copy)
    (tmp_path / "notes.txt").write_text("not a store", "utf-8")
    with pytest.raises(StoreError, match="is not a SQLite database"):
        restore(tmp_path / "notes.txt", db)
    sqlite3.connect(tmp_path / "other.db").execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="is not a Briefing store"):
        restore(tmp_path / "other.db", db)
    with sqlite3.connect(copy) as newer:
        newer.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('briefing', 'm999_from_the_future', '2030-01-01')"
        )
    with pytest.raises(StoreError, match="newer Briefing"):
        restore(copy, db)
    assert not list(tmp_path.glob("*.partial"))
