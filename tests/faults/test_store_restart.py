"""A PostgreSQL restart under a long-lived store: the request in flight is told to try
again, the ones after it are answered once the server is back, on the same worker."""

from __future__ import annotations

import asyncio

import pytest

from bot.errors import StoreUnavailable
from bot.runtime.store_worker import StoreWorker
from bot.store import Store
from bot.store.faults import driver_errors
from tests.postgres_server import PostgresServer


def _count(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM documents").fetchone()[0]


async def _until_answered(worker: StoreWorker, seconds: float = 60) -> tuple[int, int]:
    """(failures before the first answer, the answer)."""
    failures = 0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        try:
            return failures, await worker.run(_count)
        except StoreUnavailable:
            failures += 1
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.2)


def test_a_worker_answers_again_after_a_restart(
    restartable: PostgresServer, fault_url: str
) -> None:
    async def scenario() -> tuple[int, int]:
        worker = StoreWorker(fault_url, threads=1)
        try:
            assert await worker.run(_count) == 0
            restartable.restart()
            return await _until_answered(worker)
        finally:
            worker.close()

    failures, answer = asyncio.run(scenario())
    assert answer == 0
    assert failures <= 1  # the request in flight, at most


def test_while_the_server_is_down_each_request_hears_try_again(
    restartable: PostgresServer, fault_url: str
) -> None:
    async def scenario() -> list[str]:
        worker = StoreWorker(fault_url, threads=1)
        try:
            await worker.run(_count)
            restartable.halt()
            heard = []
            for _ in range(2):
                with pytest.raises(StoreUnavailable) as caught:
                    await worker.run(_count)
                heard.append(caught.value.message)
            restartable.resume()
            await _until_answered(worker)
            return heard
        finally:
            worker.close()

    heard = asyncio.run(scenario())
    assert all("temporarily unavailable" in h for h in heard)


def test_a_store_held_for_life_reconnects_by_itself(
    restartable: PostgresServer, fault_url: str
) -> None:
    """The ingest service and the heartbeat hold one Store for their life."""
    with Store(fault_url) as store:
        assert _count(store) == 0
        restartable.restart()
        with pytest.raises(StoreUnavailable), driver_errors():
            _count(store)
        assert _count(store) == 0


def test_a_transaction_cut_by_a_restart_leaves_nothing_half_written(
    restartable: PostgresServer, fault_url: str
) -> None:
    with Store(fault_url) as store:
        with pytest.raises(StoreUnavailable), driver_errors(), store.db.atomic():
            store.db.execute("INSERT INTO state (key, value) VALUES ('a', '1')")
            restartable.restart()
            store.db.execute("INSERT INTO state (key, value) VALUES ('b', '2')")
        keys = [r[0] for r in store.db.execute("SELECT key FROM state WHERE key IN ('a', 'b')")]
        assert keys == []
