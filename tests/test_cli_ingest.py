"""`briefing ingest` end to end: a real service process serves the `/reload` that
`briefing ask` files with INGEST_SERVICE=true, on each engine, and the asker's reply is
the service's report."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from bot.store import Store
from tests.conftest import REPO, SEED_FILE, SEEDS
from tests.test_cli import briefing

NEW_SEED = (
    "date 2025-02-18\n\nRussia said on Tuesday that it would send two warships to Tartus,"
    " Reuters reported.\n"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "briefing.db")
    return request.getfixturevalue("postgres_url")


def _start_service(where: str, seeds, *flags: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "ingest", "--db", where, "--seeds", str(seeds), *flags],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LOG_LEVEL": "WARNING", "INGEST_POLL_SECONDS": "0.2"},
    )


def _wait_for_store(where: str, service: subprocess.Popen) -> None:
    """Until the service's first reload is in the store."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert service.poll() is None, service.stderr.read()
        try:
            with Store(where, create=False) as store:
                if store.aggregates.counts()["documents"]:
                    return
        except Exception:
            pass
        time.sleep(0.2)
    raise AssertionError("the ingest service did not load the seeds")


def test_ask_reload_is_served_by_the_ingest_service(where, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    service = _start_service(where, seeds, "--json")
    try:
        _wait_for_store(where, service)
        (seeds / "later.txt").write_text(NEW_SEED, "utf-8")
        done = briefing(
            "ask", "/reload", "--db", where, "--seeds", str(seeds), "--json",
            env={"INGEST_SERVICE": "true", "INGEST_WAIT_SECONDS": "120"},
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        reply = json.loads(done.stdout)
        assert (reply["command"], reply["added"], reply["unchanged"]) == ("reload", 1, 1)
        assert reply["documents"] == 2
        with Store(where) as store:
            row = store.requests.get(1)
            assert (row.status, row.asked_by, row.claimed_by is not None) == (
                "done",
                "console",
                True,
            )
    finally:
        service.terminate()
        out, err = service.communicate(timeout=60)
    assert service.returncode == 0, err
    assert '"request": 1' in out  # the service printed what it served


def test_without_a_service_the_request_says_it_is_queued(tmp_path):
    db = tmp_path / "briefing.db"
    assert briefing("reload", "--db", str(db), "--json").returncode == 0
    done = briefing(
        "ask", "/reload", "--db", str(db),
        env={"INGEST_SERVICE": "true", "INGEST_WAIT_SECONDS": "0.5"},
    )  # fmt: skip
    assert done.returncode == 1
    assert "queued as request 1" in done.stderr and "briefing ingest" in done.stderr
    with Store(db) as store:
        assert store.requests.get(1).status == "pending"


def test_ingest_once_serves_the_waiting_requests_and_exits(tmp_path):
    db = tmp_path / "briefing.db"
    with Store(db) as store:
        store.requests.file("reload", "slack:U1", "slack:C1", dt_now())
    done = briefing("ingest", "--once", "--db", str(db), "--seeds", str(SEEDS))
    assert done.returncode == 0, done.stderr
    assert "request 1 (slack:U1 in slack:C1)" in done.stdout and SEED_FILE not in done.stderr
    with Store(db) as store:
        assert store.requests.get(1).status == "done"


def dt_now():
    import datetime as dt

    return dt.datetime.now(dt.UTC).replace(microsecond=0)
