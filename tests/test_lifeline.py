"""No process outlives the one that started it: a `briefing reload` stopped (SIGTERM) or
killed (SIGKILL) leaves no extraction worker behind, `browse` none of its server, and a
killed test run none of its PostgreSQL server."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.store import Store
from tests.conftest import REPO, SEED_FILE, SEEDS
from tests.postgres_server import missing as postgres_missing
from tests.processes import HAS_PROC, alive, children


def _until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(what)
        time.sleep(0.1)


pytestmark = pytest.mark.skipif(not HAS_PROC, reason="needs /proc to see processes")


@pytest.fixture
def big_seeds(tmp_path) -> Path:
    """Enough new text (about 31,000 words) for a reload to start worker processes."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    text = (SEEDS / SEED_FILE).read_text("utf-8")
    for i in range(100):
        (folder / f"copy_{i:03d}.txt").write_text(f"{text}\nCopy number {i}.\n", "utf-8")
    return folder


def _reload(db: Path, seeds: Path) -> subprocess.Popen:
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "reload", "--db", str(db), "--seeds", str(seeds),
         "--workers", "2"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_stopped_reload_leaves_no_worker_behind(tmp_path, big_seeds, stop):
    db = tmp_path / "briefing.db"
    reload = _reload(db, big_seeds)
    try:
        _until(lambda: len(children(reload.pid)) >= 2, 120, "no worker processes started")
        workers = children(reload.pid)
        time.sleep(3)  # the workers load the model and take their chunks
        reload.send_signal(stop)
        reload.wait(timeout=60)
        _until(lambda: not any(alive(w) for w in workers), 30, "workers outlived the reload")
    finally:
        if reload.poll() is None:
            reload.kill()
    assert reload.returncode == -stop or reload.returncode == 128 + stop
    with Store(db) as store:  # stopped before it wrote: nothing half-written
        assert store.aggregates.counts()["documents"] in (0, 100)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_killed_browse_leaves_no_server_behind(tmp_path, seed_db):
    if shutil.which("true") is None or importlib_missing("datasette"):
        pytest.skip("Datasette is not installed")
    db = tmp_path / "briefing.db"
    shutil.copy(seed_db, db)
    browse = subprocess.Popen(
        [sys.executable, "-m", "bot", "browse", "--db", str(db), "--port", str(_free_port())],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _until(lambda: children(browse.pid), 60, "browse started no server")
        servers = children(browse.pid)
        browse.kill()
        browse.wait(timeout=10)
        _until(lambda: not any(alive(s) for s in servers), 30, "the server outlived browse")
    finally:
        if browse.poll() is None:
            browse.kill()


def importlib_missing(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is None


RUN_AND_DIE = """
import sys
from tests.postgres_server import PostgresServer
server = PostgresServer().start()
print(server.pid(), server.folder, flush=True)
sys.stdin.read()  # until the test kills this process
"""


def test_a_killed_test_run_leaves_no_postgresql_server_behind():
    reason = postgres_missing()
    if reason is not None:
        pytest.skip(reason)
    run = subprocess.Popen(
        [sys.executable, "-c", RUN_AND_DIE], cwd=REPO, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        line = run.stdout.readline().split()
        assert line, run.stderr.read()
        postmaster, folder = int(line[0]), Path(line[1])
        assert alive(postmaster)
        run.kill()
        run.wait(timeout=10)
        _until(lambda: not alive(postmaster), 60, "the PostgreSQL server outlived its run")
        _until(lambda: not folder.exists(), 30, "the server's folder was left behind")
    finally:
        if run.poll() is None:
            run.kill()
