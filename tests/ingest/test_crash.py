"""A reload killed with SIGKILL at any moment leaves the previous store intact and
answering; readers never see half a reload nor "database is locked"."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

from bot.ingest import reload
from bot.store import Store
from tests.conftest import NOW, REPO, shared

KILLS = 6


def _start_reload(seeds, db) -> subprocess.Popen:
    env = {**os.environ, "LOG_LEVEL": "WARNING", "INGEST_WORKERS": "1"}
    env.pop("DISCORD_TOKEN", None)
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "reload", "--seeds", str(seeds), "--db", str(db), "--json"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_reload_killed_at_random_moments_never_half_writes(tmp_path, engine):
    days = sorted(shared("corpus", "current-events", "2025").glob("2025-0[12]-*.txt"))[:40]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in days[:20]:
        shutil.copy(path, seeds / path.name)
    db = tmp_path / "briefing.db"
    with Store(db) as store:
        reload(store, seeds, engine, NOW)
        old = store.aggregates.counts()
    for path in days[20:]:
        shutil.copy(path, seeds / path.name)

    backup = tmp_path / "backup.db"
    shutil.copy(db, backup)
    began = time.monotonic()
    assert _start_reload(seeds, db).wait(timeout=300) == 0
    full = time.monotonic() - began  # a whole reload of the 20 new documents

    rng = random.Random(20250217)
    seen: list[int] = []
    survived = 0
    for _ in range(KILLS):
        for suffix in ("", "-wal", "-shm"):
            (tmp_path / f"briefing.db{suffix}").unlink(missing_ok=True)
        shutil.copy(backup, db)
        with Store(db) as reader:
            process = _start_reload(seeds, db)
            deadline = time.monotonic() + rng.uniform(0.2, 0.95) * full
            while time.monotonic() < deadline and process.poll() is None:
                seen.append(reader.aggregates.counts()["documents"])  # never "database is locked"
                time.sleep(0.02)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                survived += 1
            process.wait(timeout=60)
            counts = reader.aggregates.counts()
            assert reader.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert counts == old or counts["documents"] == 40, "half a reload was left"
    assert set(seen) <= {20, 40}, "a reader saw half a reload"
    assert survived >= KILLS // 2, "most runs must really be killed mid-reload"
    finished = _start_reload(seeds, db)
    assert finished.wait(timeout=300) == 0, finished.stderr.read().decode()[-2000:]
    with Store(db) as store:
        assert store.aggregates.counts()["documents"] == 40
