"""The `--db` contract: every store location that cannot be used is exit 1 and a message
naming the problem (`{"error": …}` under --json), and nothing is left behind."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.conftest import SEEDS
from tests.test_cli import briefing


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize(
    ("location", "says"),
    [
        ("folder", "is a folder"),
        ("", "empty"),
        ("not-sqlite.db", "not a Briefing store"),
        ("nofolder/sub/x.db", "No store at nofolder/sub/x.db"),
        ("postgresql://user@127.0.0.1:1/news", "Cannot open the PostgreSQL store"),
        ("mysql://user@host/news", "MySQL stores are not supported"),
        ("file:y.db?mode=ro", "SQLite URIs"),
    ],
)
def test_a_question_on_a_bad_store_location_is_exit_1_with_a_json_error(tmp_path, location, says):
    (tmp_path / "folder").mkdir()
    (tmp_path / "not-sqlite.db").write_text("not a database\n" * 100)
    before = _files(tmp_path)
    done = briefing("ask", "/sources", "--db", location, "--json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert says in json.loads(done.stdout)["error"]
    assert _files(tmp_path) == before, "a question must not create a store or folders"


def test_the_plain_text_error_goes_to_stderr(tmp_path):
    (tmp_path / "folder").mkdir()
    done = briefing("reload", "--seeds", str(SEEDS), "--db", "folder", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == "" and "is a folder" in done.stderr and "internal" not in done.stderr


def test_reload_of_a_non_sqlite_file_leaves_it_untouched(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("my notes\n" * 500)
    done = briefing("reload", "--seeds", str(SEEDS), "--db", str(bad), "--json")
    assert done.returncode == 1
    assert "not a Briefing store" in json.loads(done.stdout)["error"]
    assert bad.read_text() == "my notes\n" * 500


def test_the_bot_does_not_start_on_a_bad_store(tmp_path):
    (tmp_path / "folder").mkdir()
    done = briefing("run", "--db", "folder", "--seeds", str(SEEDS), cwd=tmp_path, stdin="")
    assert done.returncode == 1
    assert "is a folder" in done.stderr and "internal" not in done.stderr


def _deny_writes(monkeypatch, *paths: Path) -> None:
    """Permissions as a non-root user sees them (root writes anything)."""
    denied = {str(p) for p in paths}
    real = os.access

    def access(path, mode, *args, **kwargs):
        if str(path) in denied and mode & os.W_OK:
            return False
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def _invoke(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_reload_of_a_read_only_store_is_refused_before_extracting(tmp_path, monkeypatch):
    db = tmp_path / "briefing.db"
    done = _invoke("reload", "--seeds", str(SEEDS), "--db", str(db), "--json")
    assert done.exit_code == 0, done.output
    before = db.read_bytes()
    os.chmod(db, 0o444)
    _deny_writes(monkeypatch, db)
    done = _invoke("reload", "--seeds", str(SEEDS), "--db", str(db), "--json")
    assert done.exit_code == 1
    assert "read-only" in json.loads(done.stdout)["error"]
    assert db.read_bytes() == before
    # …while questions still read it.
    done = _invoke("ask", "/sources", "--db", str(db), "--json")
    assert done.exit_code == 0 and json.loads(done.stdout)["total"] == 1


def test_a_store_in_a_folder_without_write_permission_is_named(tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    _deny_writes(monkeypatch, folder)
    done = _invoke("reload", "--seeds", str(SEEDS), "--db", str(folder / "b.db"), "--json")
    assert done.exit_code == 1
    assert "no write permission in" in json.loads(done.stdout)["error"]
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_real_permissions_read_only_store_and_locked_folder(tmp_path):
    db = tmp_path / "briefing.db"
    assert briefing("reload", "--seeds", str(SEEDS), "--db", str(db)).returncode == 0
    os.chmod(db, 0o444)
    done = briefing("reload", "--seeds", str(SEEDS), "--db", str(db), "--json")
    assert done.returncode == 1 and "read-only" in json.loads(done.stdout)["error"]
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    done = briefing("reload", "--seeds", str(SEEDS), "--db", str(locked / "b.db"), "--json")
    assert done.returncode == 1 and "no write permission" in json.loads(done.stdout)["error"]


def test_seeds_that_name_a_file_say_a_folder_is_expected(tmp_path):
    seed = next(SEEDS.glob("*.txt"))
    done = briefing("reload", "--seeds", str(seed), "--db", str(tmp_path / "b.db"), "--json")
    assert done.returncode == 1
    error = json.loads(done.stdout)["error"]
    assert "is a file, not a folder" in error and "does not exist" not in error


def test_backup_and_restore_through_the_command_line(tmp_path):
    done = briefing("reload", "--seeds", str(SEEDS), "--db", "store.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = briefing("backup", "saved.db", "--db", "store.db", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    saved = json.loads(done.stdout)
    assert saved["documents"] == 1 and saved["events"] > 0
    done = briefing("restore", "saved.db", "--db", "again.db", cwd=tmp_path)
    assert done.returncode == 0 and "Restored 1 documents" in done.stdout, done.stderr
    asked = briefing("ask", "/who Tartus", "--db", "again.db", cwd=tmp_path)
    assert "Tartus (place)" in asked.stdout
    refused = briefing("backup", "saved.db", "--db", "store.db", cwd=tmp_path)
    assert refused.returncode == 1 and "exists: give a new file" in refused.stderr
    pg = briefing("backup", "x.dump", "--db", "postgresql://u@127.0.0.1:1/news", cwd=tmp_path)
    assert pg.returncode == 1 and "pg_dump --format=custom" in pg.stderr


def test_status_says_what_an_operator_asks_first(tmp_path):
    import datetime as dt
    import time

    from bot.store import Store
    from tests.conftest import NOW

    db = tmp_path / "store.db"
    done = briefing("reload", "--seeds", str(SEEDS), "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with Store(db) as store:
        store.channels.set("discord:1", "g1", "08:00", "Europe/Paris", False, NOW)
        store.digests.claim("discord:1", "2025-02-18", NOW)
        store.digests.mark_posted("discord:1", "2025-02-18", "m1", NOW)
        store.leases.hold("digest-scheduler", "host:42:ab", time.time(), 600)
        store.feeds.add("wire", "https://example.org/feed.xml", 900, False, NOW)
        store.requests.file("reload", "discord:7", "discord:1", NOW + dt.timedelta(minutes=1))
        store.outbox.add("slack:C9", "Problem: a reload skipped 1 document", NOW)
    done = briefing("status", "--db", str(db), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["documents"] == 1 and report["pending_reload_requests"] == 1
    assert report["roles"] == {"digest-scheduler": "host:42:ab", "feed-fetcher": None}
    assert report["digests"] == [
        {"channel": "discord:1", "last_digest": "2025-02-18", "posted_at": NOW.isoformat()}
    ]
    assert report["last_reload_request"]["status"] == "pending"
    text = briefing("status", "--db", str(db), cwd=tmp_path).stdout
    assert "digest-scheduler: held by host:42:ab." in text
    assert "Digest for discord:1: last 2025-02-18, posted" in text
    assert "Feed wire: well, last fetched never." in text
    assert (
        f"Notices waiting for a chat process: 1, the oldest left {NOW.isoformat()} for"
        " slack:C9: Problem: a reload skipped 1 document"
    ) in text
    missing = briefing("status", "--db", "nothing.db", cwd=tmp_path)
    assert missing.returncode == 1 and not (tmp_path / "nothing.db").exists()


def test_status_tells_the_last_reload_and_its_outcome(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "bad.jsonl").write_text("{not json\n", "utf-8")
    db = tmp_path / "store.db"
    loaded = briefing("reload", "--seeds", str(seeds), "--db", str(db), cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    report = json.loads(briefing("status", "--db", str(db), "--json", cwd=tmp_path).stdout)
    last = report["last_reload"]
    assert (last["added"], last["updated"], last["removed"], last["skipped"]) == (1, 0, 0, 1)
    assert [s["file"] for s in last["first_skipped"]] == ["bad.jsonl#1"]  # its first line
    text = briefing("status", "--db", str(db), cwd=tmp_path).stdout
    assert ", 1 added, 0 updated, 0 removed, 0 unchanged, 1 skipped (the first: bad.jsonl#1:" in (
        text
    )
    shutil.rmtree(seeds)  # the folder went: the next reload cannot run
    failed = briefing("reload", "--seeds", str(seeds), "--db", str(db), cwd=tmp_path)
    assert failed.returncode == 1
    text = briefing("status", "--db", str(db), cwd=tmp_path).stdout
    assert f"failed: The seeds folder {seeds} does not exist" in text
    assert "Store: SQLite, 1 documents" in text  # what the first reload left is kept
