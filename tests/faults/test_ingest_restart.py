"""`briefing ingest` through PostgreSQL restarts: the service keeps serving, and a
reload request filed before, during or after the outage is served once it is over."""

from __future__ import annotations

import json
import shutil
import time

import pytest

from bot.errors import StoreUnavailable
from bot.runtime.ingest_service import IngestService
from bot.store import Store
from bot.store.faults import driver_errors
from commands import run_line
from commands.reload import ReloadQueued
from tests.conftest import NOW, SEEDS
from tests.factories import command_env
from tests.postgres_server import PostgresServer
from tests.test_cli import briefing
from tests.test_cli_ingest import NEW_SEED, _start_service, _wait_for_store


def _file_request(where: str, seeds) -> dict:
    done = briefing(
        "ask", "/reload", "--db", where, "--seeds", str(seeds), "--json",
        env={"INGEST_SERVICE": "true", "INGEST_WAIT_SECONDS": "120"},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def test_the_ingest_service_serves_on_after_restarts(
    restartable: PostgresServer, fault_url, tmp_path
):
    seeds = tmp_path / "seeds"
    shutil.copytree("seeds", seeds)
    service = _start_service(fault_url, seeds)
    try:
        _wait_for_store(fault_url, service)
        restartable.restart()
        time.sleep(1.0)  # the service's poll and heartbeat meet the broken connection
        restartable.halt()
        time.sleep(1.5)  # … and the server being down
        restartable.resume()
        assert service.poll() is None, service.stderr.read()
        (seeds / "later.txt").write_text(NEW_SEED, "utf-8")
        reply = _file_request(fault_url, seeds)
        assert (reply["added"], reply["documents"]) == (1, 2)
        with Store(fault_url) as store:
            assert store.requests.get(1).status == "done"
    finally:
        service.terminate()
        _, err = service.communicate(timeout=60)
    assert service.returncode == 0, err
    assert "Traceback" not in err


class _CutService(IngestService):
    """A service whose store goes down in the middle of its reload, once (the server
    is stopped at the point where the reload starts extracting)."""

    def __init__(self, server: PostgresServer, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.server, self.cut = server, False

    def extract(self, documents, aliases):
        if not self.cut:
            self.cut = True
            self.server.halt()
        return super().extract(documents, aliases)


def test_a_request_cut_by_an_outage_runs_again_once_it_is_over(
    restartable: PostgresServer, fault_url, engine
):
    with Store(fault_url) as store, pytest.raises(ReloadQueued):
        run_line("/reload", store, NOW, command_env(is_admin=True, ingest_wait=0))
    service = _CutService(restartable, fault_url, SEEDS, engine, lambda: NOW)
    try:
        with pytest.raises(StoreUnavailable), driver_errors():
            service.serve_pending()
        restartable.resume()
        assert service.serve_pending() == 1
    finally:
        service.close()
    with Store(fault_url) as store:
        row = store.requests.get(1)
        assert (row.status, row.result["added"]) == ("done", 1)
        assert store.aggregates.counts()["documents"] == 1
