"""The health port over real HTTP on loopback: /healthz while the process lives, /readyz
unready while the PostgreSQL server is stopped and ready again once it is back, and
/metrics in Prometheus's text format."""

from __future__ import annotations

import asyncio
import time

import aiohttp

from bot.runtime.runtime import Runtime
from bot.serve import bot_health
from bot.store import Store
from tests.conftest import NOW
from tests.factories import settings_of
from tests.postgres_server import PostgresServer


async def _get(port: int, path: str) -> tuple[int, dict | str]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}{path}") as answer,
    ):
        body = await (answer.json() if path != "/metrics" else answer.text())
        return answer.status, body


async def _until(port: int, status: int, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        got, body = await _get(port, "/readyz")
        if got == status or time.monotonic() > deadline:
            assert got == status, body
            return body  # type: ignore[return-value]
        await asyncio.sleep(0.3)


def test_readyz_follows_the_store_and_the_digest_owner(
    restartable: PostgresServer, fault_url: str
) -> None:
    async def scenario() -> None:
        runtime = Runtime(settings_of(briefing_db=fault_url), lambda: NOW)
        health = bot_health(runtime.settings, runtime, [])
        await health.start(port=0)
        assert health.port
        owner = Store(fault_url)
        try:
            status, body = await _get(health.port, "/healthz")
            assert status == 200 and body["status"] == "ok" and body["role"] == "bot"
            body = await _until(health.port, 503)
            assert body["checks"] == {
                "store": "ok",
                "fronts": "ok",
                "digest_owner": "no process holds the digest scheduler's lease",
            }
            assert owner.leases.hold("digest-scheduler", "test", time.time(), 60)
            body = await _until(health.port, 200)
            assert body["ready"] is True
            restartable.halt()  # the server stops: the store does not answer
            body = await _until(health.port, 503)
            store = body["checks"]["store"]  # failed at once, or still waiting for the pool
            assert "temporarily unavailable" in store or store == "no answer in 3 s", store
            assert (await _get(health.port, "/healthz"))[0] == 200  # alive all the same
            restartable.resume()
            owner.close()  # its lock went with the server; a new owner takes it
            owner = Store(fault_url)
            assert owner.leases.hold("digest-scheduler", "test", time.time(), 60)
            body = await _until(health.port, 200)
            status, text = await _get(health.port, "/metrics")
            assert status == 200
            assert 'briefing_queue_depth{queue="reload_requests"} 0.0' in text
            assert "# TYPE briefing_command_seconds histogram" in text
        finally:
            owner.close()
            await health.close()
            await runtime.close()

    asyncio.run(scenario())


def test_a_health_port_in_use_is_refused_with_what_to_do(tmp_path) -> None:
    import socket

    import pytest

    from bot.settings import SettingsError

    async def scenario() -> tuple[int, str]:
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            runtime = Runtime(settings_of(briefing_db=tmp_path / "s.db"), lambda: NOW)
            try:
                with pytest.raises(SettingsError) as refused:
                    await bot_health(runtime.settings, runtime, []).start(port=port)
                return port, refused.value.message
            finally:
                await runtime.close()

    port, said = asyncio.run(scenario())
    assert said.startswith(f"HEALTH_PORT {port} on HEALTH_HOST 127.0.0.1 cannot be used (")
    assert said.endswith("give a free port, or 0 for none.")
