"""Two reloads of one store at once (cron beside the bot's folder watch): the second
waits for the first and reads the store as the first left it; a killed holder of the
lock never blocks the next reload."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading

from bot.ingest import reload
from bot.store import Store
from bot.store.engines.sqlite.locks import lock_file
from tests.conftest import NOW, REPO
from tests.factories import TaggedEngine

HOLD = """
import sys, time
from pathlib import Path
from bot.store.engines.sqlite.locks import reload_lock
with reload_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(120)
"""


def _folder(root, prefix: str):
    folder = root / prefix
    folder.mkdir()
    for i, place in enumerate(("Athens", "Warsaw", "Ankara")):
        (folder / f"{prefix}{i}.txt").write_text(
            f"date 2025-02-1{i}\n\nGreece and Poland signed a deal in {place}.\n"
        )
    return folder


def _reload_process(seeds, db) -> subprocess.Popen:
    env = {**os.environ, "LOG_LEVEL": "WARNING", "INGEST_WORKERS": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "reload", "--seeds", str(seeds), "--db", str(db), "--json"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_reloads_of_different_folders_at_once_leave_one_folder(tmp_path):
    first, second = _folder(tmp_path, "a"), _folder(tmp_path, "b")
    db = tmp_path / "briefing.db"
    Store(db).close()
    processes = [_reload_process(first, db), _reload_process(second, db)]
    reports = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        reports.append(json.loads(out))
    with Store(db) as store:
        files = {d["file"] for d in store.documents.all()}
    assert files in ({"a0.txt", "a1.txt", "a2.txt"}, {"b0.txt", "b1.txt", "b2.txt"})
    # The one that went second saw the first one's documents, and replaced them.
    assert sorted((r["added"], r["removed"], r["documents"]) for r in reports) == [
        (3, 0, 3),
        (3, 3, 3),
    ]


def test_a_reload_waits_for_the_holder_and_goes_on_when_it_is_killed(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2025-02-17\n\nArdenne/person met Calder/city.\n")
    db = tmp_path / "briefing.db"
    Store(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        done: list[int] = []

        def run() -> None:
            with Store(db) as store:
                done.append(reload(store, folder, TaggedEngine(), NOW).added)

        waiting = threading.Thread(target=run, daemon=True)
        waiting.start()
        waiting.join(timeout=1)
        assert waiting.is_alive() and done == []  # it waits while the lock is held
        os.kill(holder.pid, signal.SIGKILL)  # no chance to release it by itself
        waiting.join(timeout=60)
        assert done == [1]
    finally:
        holder.kill()
        holder.wait()
    assert lock_file(db).exists()
