"""The ingest service and /reload through it: a chat process files a request, the
service claims and runs it, and the asker reports the service's result."""

from __future__ import annotations

import threading

import pytest

from bot.errors import NotAllowed
from bot.runtime.ingest_service import FAILED, IngestService
from bot.store import Store
from commands import run_line
from commands.reload import ReloadFailed, ReloadQueued
from tests.conftest import NOW, SEEDS
from tests.factories import command_env, settings_of


def _service(path, engine, seeds=SEEDS) -> IngestService:
    return IngestService(path, seeds, engine, lambda: NOW)


def test_reload_with_a_service_files_a_request_and_never_reloads_here(tmp_path):
    path = tmp_path / "b.db"
    env = command_env(is_admin=True, ingest_wait=0, user="discord:42", channel="discord:7")
    with Store(path) as store:
        with pytest.raises(ReloadQueued, match=r"queued as request 1.*briefing ingest"):
            run_line("/reload", store, NOW, env)  # no engine: it does not reload itself
        row = store.requests.get(1)
        assert (row.status, row.asked_by, row.channel) == ("pending", "discord:42", "discord:7")
        assert store.aggregates.counts()["documents"] == 0


def test_a_member_cannot_file_a_reload_request(tmp_path):
    with Store(tmp_path / "b.db") as store:
        with pytest.raises(NotAllowed):
            run_line("/reload", store, NOW, command_env(is_admin=False, ingest_wait=0))
        assert store.requests.pending() == 0


def test_the_asker_reports_the_services_result(tmp_path, engine):
    path = tmp_path / "b.db"
    service = _service(path, engine)
    served: list[int] = []

    def serve() -> None:  # the service's poll, until it ran one request
        while not served:
            served.append(service.serve_pending()) if service.store.requests.pending() else None

    worker = threading.Thread(target=serve)
    worker.start()
    try:
        with Store(path) as store:
            reply = run_line("/reload", store, NOW, command_env(is_admin=True, ingest_wait=60))
    finally:
        worker.join(timeout=60)
        service.close()
    assert (reply.added, reply.documents) == (1, 1)
    with Store(path) as store:
        assert store.requests.get(1).status == "done" and store.requests.get(1).result["added"] == 1


def test_a_failed_reload_is_stored_and_reported(tmp_path, engine):
    path = tmp_path / "b.db"
    service = _service(path, engine, seeds=tmp_path / "missing")
    with Store(path) as store:
        rid = store.requests.file("reload", "console", "console", NOW)
        assert service.serve_pending() == 1
        failed = store.requests.get(rid)
        assert failed.status == "failed" and "missing" in failed.result
    service.close()


def test_an_unexpected_failure_is_stored_without_its_text(tmp_path, engine, monkeypatch):
    path = tmp_path / "b.db"
    service = _service(path, engine)
    monkeypatch.setattr(service, "reload", lambda: (_ for _ in ()).throw(OSError("secret")))
    with Store(path) as store:
        rid = store.requests.file("reload", None, "console", NOW)
        service.serve_pending()
        assert store.requests.get(rid).result == FAILED
    service.close()


def test_the_asker_reports_a_failed_request(tmp_path):
    path = tmp_path / "b.db"
    with Store(path) as store:
        rid = store.requests.file("reload", None, "console", NOW)
        store.requests.claim("w", NOW)
        store.requests.finish(rid, NOW, error="The seeds folder is missing.")
    # The asker's own request is the next one; fail it the same way from "the service".
    with Store(path) as store, Store(path) as service:

        def fail_next() -> None:
            while (row := service.requests.claim("w", NOW)) is None:
                pass
            service.requests.finish(row.id, NOW, error="The seeds folder is missing.")

        worker = threading.Thread(target=fail_next)
        worker.start()
        with pytest.raises(ReloadFailed, match="could not reload: The seeds folder is missing"):
            run_line("/reload", store, NOW, command_env(is_admin=True, ingest_wait=30))
        worker.join(timeout=30)


def test_two_services_run_each_request_once(tmp_path, engine):
    path = tmp_path / "b.db"
    with Store(path) as store:
        filed = [store.requests.file("reload", str(i), "console", NOW) for i in range(6)]
    served: list[tuple[str, int]] = []
    services = [_service(path, engine) for _ in range(2)]
    for i, service in enumerate(services):
        service.name = f"service-{i}"
        service.on_served = lambda row, _r, _e, n=service.name: served.append((n, row.id))
    threads = [threading.Thread(target=s.serve_pending) for s in services]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for s in services:
        s.close()
    assert sorted(rid for _, rid in served) == filed
    with Store(path) as store:
        assert all(store.requests.get(r).status == "done" for r in filed)


@pytest.mark.parametrize(("service", "wait"), [(False, None), (True, 30.0)])
def test_the_fronts_env_asks_the_service_only_with_the_setting(service, wait):
    from bot.fronts.common import front_env

    settings = settings_of(ingest_service=service, ingest_wait_seconds=30)
    env = front_env(settings, None, front="slack", is_admin=True, page_size=5, user="slack:U1")
    assert (env.ingest_wait, env.user) == (wait, "slack:U1")


def test_a_request_of_a_dead_service_on_this_host_runs_again(tmp_path, engine):
    import socket
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    dead = f"{socket.gethostname()}:{gone.stdout.strip()}"
    path = tmp_path / "b.db"
    with Store(path) as store:
        lost = store.requests.file("reload", None, "console", NOW)
        elsewhere = store.requests.file("reload", None, "console", NOW)
        store.requests.claim(dead, NOW)
        store.requests.claim("another-host:1", NOW)
    service = _service(path, engine)
    try:
        assert service.requeue_abandoned() == 1
        assert service.serve_pending() == 1
        assert service.store.requests.get(lost).status == "done"
        assert service.store.requests.get(elsewhere).status == "running"  # not checkable here
    finally:
        service.close()


def test_a_request_of_a_service_that_died_on_another_host_runs_after_the_lease(tmp_path, engine):
    import datetime as dt

    path = tmp_path / "b.db"
    with Store(path) as store:
        lost = store.requests.file("reload", None, "console", NOW)
        store.requests.claim("another-host:1", NOW, lease=60)
    later = NOW + dt.timedelta(seconds=61)
    service = IngestService(path, SEEDS, engine, lambda: later, lease=60)
    try:
        assert service.requeue_abandoned() == 0  # not checkable from this host
        assert service.serve_pending() == 1
        row = service.store.requests.get(lost)
        assert (row.status, row.claimed_by) == ("done", service.name)
    finally:
        service.close()
