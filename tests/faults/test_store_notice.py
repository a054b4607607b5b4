"""A store that does not answer for STORE_DOWN_SECONDS is told to the admin channel once,
and its return once: the PostgreSQL server stopped under a running runtime."""

from __future__ import annotations

import asyncio

from bot.runtime import runtime as runtime_module
from bot.runtime.runtime import Runtime
from tests.conftest import NOW
from tests.factories import settings_of
from tests.postgres_server import PostgresServer
from tests.runtime.test_notices import Channel


async def _until(condition, seconds: float = 60) -> None:
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("not in time")


def test_a_store_down_for_a_while_is_told_once_and_its_return(
    restartable: PostgresServer, fault_url: str, monkeypatch
) -> None:
    monkeypatch.setattr(runtime_module, "STORE_LOOK_SECONDS", 0.2)
    monkeypatch.setattr(runtime_module, "STORE_DOWN_SECONDS", 1.0)

    async def scenario() -> list[tuple[str, str]]:
        settings = settings_of(
            briefing_db=fault_url, reload_on_start=False, admin_channel="discord:9"
        )
        runtime = Runtime(settings, lambda: NOW)
        channel = Channel()
        runtime.alerts.add_poster("discord", channel)
        await runtime.start_once()  # started, the store up
        try:
            restartable.halt()
            await _until(lambda: channel.posted)
            await asyncio.sleep(1.0)  # more looks, still down: nothing more
            assert len(channel.posted) == 1
            restartable.resume()
            await _until(lambda: len(channel.posted) == 2)
            return channel.posted
        finally:
            await runtime.close()

    (problem, back) = asyncio.run(scenario())
    assert problem[1].startswith("Problem: the store has not answered for 1 s (")
    assert back[1].startswith("Recovered: the store answers again (after")
