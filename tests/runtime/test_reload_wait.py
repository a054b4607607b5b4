"""/reload through the ingest service in a running Runtime: the request is filed on the
writer, the wait for its result is not, so the process's other writes go on meanwhile."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.fronts.common import front_env
from bot.runtime.ingest_service import IngestService
from bot.runtime.runtime import Runtime
from bot.settings import Settings
from bot.store import Store
from commands import Effect, Env, registry
from commands.reload import ReloadQueued
from tests.conftest import NOW, SEEDS
from tests.factories import settings_of

# How long a test lets the runtime take for what must not wait on the reload: a bound
# against hanging, far under the reload's own wait, never a measured time.
PATIENCE = 20.0
LONG_WAIT = 60.0


def _settings(db: Path, wait: float) -> Settings:
    return settings_of(
        briefing_db=db,
        briefing_seeds=SEEDS,
        ingest_service=True,
        ingest_wait_seconds=wait,
    )


@pytest.fixture
def db(tmp_path, seed_db) -> Path:
    path = tmp_path / "briefing.db"
    shutil.copy(seed_db, path)
    return path


@pytest.fixture
async def running(db) -> AsyncIterator[tuple[Runtime, list[str]]]:
    """A runtime whose process hands /reload to the ingest service; the alerts it sends
    after a command are recorded."""
    runtime = Runtime(_settings(db, LONG_WAIT), lambda: NOW)
    alerts: list[str] = []

    async def record_alerts() -> None:
        alerts.append("sent")

    runtime.effects[Effect.SEND_ALERTS] = record_alerts
    yield runtime, alerts
    await runtime.close()


def _admin(runtime: Runtime, channel: str = "discord:7") -> Env:
    settings = runtime.settings
    return front_env(
        settings, None, front="discord", is_admin=True, page_size=5, channel=channel, user="d:1"
    )


async def _until(check: Callable[[], object]) -> None:
    """Let the loop run until `check()` holds (at most PATIENCE seconds)."""
    async with asyncio.timeout(PATIENCE):
        while not await asyncio.to_thread(check):
            await asyncio.sleep(0.01)


def _pending(db: Path, count: int) -> Callable[[], bool]:
    def check() -> bool:
        with Store(db) as store:
            return store.requests.pending() == count

    return check


def _serve(db: Path, engine) -> int:
    service = IngestService(db, SEEDS, engine, lambda: NOW)
    try:
        return service.serve_pending()
    finally:
        service.close()


async def test_a_waiting_reload_does_not_hold_the_other_writes(running, db, engine):
    runtime, alerts = running
    reload = asyncio.create_task(runtime.run_command(registry()["reload"], {}, _admin(runtime)))
    await _until(_pending(db, 1))  # filed; the service has not answered

    async with asyncio.timeout(PATIENCE):
        follow = await runtime.run_command(
            registry()["follow"], {"name": "Tartus"}, _admin(runtime)
        )
        setup = await runtime.run_command(
            registry()["digest-setup"], {"channel": "news", "time": "08:00"}, _admin(runtime)
        )
        claimed = await runtime.writer.run(
            lambda s: s.digests.claim("discord:7", "2025-02-18", NOW)
        )
    assert follow.changed and setup.to_json()["channel"] == "discord:news" and claimed
    assert not reload.done() and alerts == []  # still waiting for the service

    assert await asyncio.to_thread(_serve, db, engine) == 1
    async with asyncio.timeout(PATIENCE):
        reply = await reload
    with Store(db) as store:
        stored = store.requests.get(1)
    assert stored.status == "done"
    assert reply.to_json() == {"command": "reload", **stored.result}
    assert (reply.unchanged, reply.documents) == (1, 1)
    assert alerts == ["sent"]  # the alerts of the change follow the finished reload


@pytest.mark.parametrize(("claimed", "told"), [(False, "briefing ingest"), (True, "running it")])
async def test_a_reload_the_service_has_not_finished_is_queued_when_the_wait_ends(
    db, claimed, told
):
    runtime = Runtime(_settings(db, 0.5), lambda: NOW)
    alerts: list[str] = []

    async def record_alerts() -> None:
        alerts.append("sent")

    runtime.effects[Effect.SEND_ALERTS] = record_alerts
    try:
        reload = asyncio.create_task(runtime.run_command(registry()["reload"], {}, _admin(runtime)))
        await _until(_pending(db, 1))
        if claimed:
            with Store(db) as store:
                assert store.requests.claim("another-host:1", NOW) is not None
        with pytest.raises(ReloadQueued, match=rf"queued as request 1\b.*{told}"):
            async with asyncio.timeout(PATIENCE):
                await reload
        assert alerts == []  # nothing changed yet, so no alerts
    finally:
        await runtime.close()


async def test_reloads_waiting_at_once_leave_the_writer_and_the_query_threads_free(
    running, db, engine
):
    runtime, alerts = running
    asking = 4  # more than the query threads
    reloads = [
        asyncio.create_task(runtime.run_command(registry()["reload"], {}, _admin(runtime)))
        for _ in range(asking)
    ]
    await _until(_pending(db, asking))  # each filed its request, none waited on another
    async with asyncio.timeout(PATIENCE):
        answers = await asyncio.gather(
            *(runtime.run_command(registry()["who"], {"name": "Tartus"}, _admin(runtime))
              for _ in range(4))
        )  # fmt: skip
    assert all(a.entity is not None for a in answers)
    assert not any(r.done() for r in reloads)

    assert await asyncio.to_thread(_serve, db, engine) == asking
    async with asyncio.timeout(PATIENCE):
        replies = await asyncio.gather(*reloads)
    assert [r.documents for r in replies] == [1] * asking and alerts == ["sent"] * asking
