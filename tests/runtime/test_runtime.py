"""The runtime: reads on the query threads, writes on the writer, effects after success,
start-up work once."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import bot.runtime.runtime
from bot.errors import BadInput
from bot.runtime.runtime import Runtime
from bot.settings import Settings
from commands import Effect, Env, registry
from tests.conftest import NOW, SEEDS
from tests.factories import extra_command, settings_of


def _settings(db: Path, **extra) -> Settings:
    return settings_of(briefing_db=db, **{"briefing_seeds": SEEDS, **extra})


@pytest.fixture
async def runtime(tmp_path, seed_db, engine) -> AsyncIterator[Runtime]:
    db = tmp_path / "briefing.db"
    shutil.copy(seed_db, db)
    running = Runtime(_settings(db), lambda: NOW, engine)
    yield running
    await running.close()


def _env(**kw) -> Env:
    return Env(seeds=SEEDS, **kw)


@pytest.mark.parametrize(
    ("slow", "writes", "thread"), [(True, True, "briefing-write"), (False, False, "briefing-query")]
)
async def test_writes_go_to_the_writer_and_reads_to_the_query_threads(
    runtime, tmp_path, slow, writes, thread
):
    with extra_command(tmp_path, slow=slow, writes=writes) as probe:
        command = registry()["probe"]
        await asyncio.gather(*(runtime.run_command(command, {}, _env()) for _ in range(4)))
    assert {name.split("_")[0] for name in probe.THREADS} == {thread}


async def test_every_effect_has_an_action():
    settings = _settings(Path(":memory:"))
    running = Runtime(settings, lambda: NOW)
    try:
        assert set(running.effects) == set(Effect)
        declared = {effect for c in registry().values() for effect in c.after}
        assert declared <= set(running.effects)
    finally:
        await running.close()


async def test_the_after_effect_runs_once_the_command_succeeded(runtime):
    calls: list[str] = []

    async def reschedule() -> None:
        calls.append("rescheduled")

    runtime.effects[Effect.RESCHEDULE_DIGESTS] = reschedule
    setup = registry()["digest-setup"]
    admin = _env(is_admin=True, front="discord", guild="1")
    with pytest.raises(BadInput):
        await runtime.run_command(setup, {"channel": "news", "time": "25:00"}, admin)
    assert calls == []  # a refused command changes nothing, so nothing follows
    reply = await runtime.run_command(setup, {"channel": "news", "time": "08:00"}, admin)
    assert reply.to_json()["channel"] == "discord:news" and calls == ["rescheduled"]
    await runtime.run_command(registry()["who"], {"name": "Tartus"}, _env())
    assert calls == ["rescheduled"]


async def test_digest_setup_reschedules_the_digest_jobs(runtime):
    runtime.digests.add_poster("discord", object())  # type: ignore[arg-type]
    assert runtime.election is not None and await runtime.election.tick()  # the only one
    setup = registry()["digest-setup"]
    admin = _env(is_admin=True, front="discord", guild="1")
    await runtime.run_command(setup, {"channel": "news", "time": "08:00"}, admin)
    job = runtime.digests.scheduler.get_job("digest:discord:news")
    assert job is not None and str(job.trigger.timezone) == "UTC"


async def test_start_once_reloads_once(tmp_path, engine, monkeypatch):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    reloads: list[Path] = []
    real = bot.runtime.runtime.reload

    def counting(store, folder, *args, **kwargs):
        reloads.append(folder)
        return real(store, folder, *args, **kwargs)

    monkeypatch.setattr(bot.runtime.runtime, "reload", counting)
    running = Runtime(_settings(tmp_path / "b.db", briefing_seeds=seeds), lambda: NOW, engine)
    try:
        first, second = running.start_once(), running.start_once()
        assert first is second
        report = await first
        assert running.start_once() is first
        assert reloads == [seeds] and report is not None and report.added == 1
        counts = await running.queries.run(lambda s: s.aggregates.counts())
        assert counts["documents"] == 1
    finally:
        await running.close()


async def test_start_once_without_reload_on_start_loads_nothing(tmp_path, engine):
    running = Runtime(_settings(tmp_path / "b.db", reload_on_start=False), lambda: NOW, engine)
    try:
        assert await running.start_once() is None
        assert (await running.queries.run(lambda s: s.aggregates.counts()))["documents"] == 0
    finally:
        await running.close()


async def test_with_an_ingest_service_the_chat_process_neither_reloads_nor_watches(
    tmp_path, engine
):
    settings = _settings(tmp_path / "b.db", ingest_service=True, watch_seeds=True)
    running = Runtime(settings, lambda: NOW, engine)
    try:
        assert await running.start_once() is None  # RELOAD_ON_START is true, yet no reload
        assert running._watching is None
        assert (await running.queries.run(lambda s: s.aggregates.counts()))["documents"] == 0
    finally:
        await running.close()
