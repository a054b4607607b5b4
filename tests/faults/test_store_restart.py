"""A PostgreSQL restart under a long-lived store: the request in flight is told to try
again, the ones after it are answered once the server is back, on the same worker."""

from __future__ import annotations

import asyncio
import threading
import time

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


async def _on_both_threads(worker: StoreWorker) -> list[int]:
    """One function on each of the worker's two threads at once (each waits for the
    other), so both threads' connections are used."""
    both = threading.Barrier(2, timeout=30)

    def count(store: Store) -> int:
        both.wait()
        return _count(store)

    return list(await asyncio.gather(worker.run(count), worker.run(count)))


def test_a_fault_met_by_one_thread_renews_the_others(
    restartable: PostgresServer, fault_url: str
) -> None:
    """The restart cut both threads' connections; the first request after it hears "try
    again", and the other thread does not make a second one hear it too."""

    async def scenario() -> list[int]:
        worker = StoreWorker(fault_url, threads=2)
        worker.PING_AFTER = float("inf")  # no idle check: only the fault's news renews
        try:
            assert await _on_both_threads(worker) == [0, 0]
            restartable.restart()
            failures, _ = await _until_answered(worker)
            assert failures == 1
            return await _on_both_threads(worker)
        finally:
            worker.close()

    assert asyncio.run(scenario()) == [0, 0]


def test_a_restart_during_a_quiet_spell_costs_no_request(
    restartable: PostgresServer, fault_url: str
) -> None:
    async def scenario() -> list[int]:
        worker = StoreWorker(fault_url, threads=2)
        worker.PING_AFTER = 0.0  # every connection counts as idle: checked before use
        try:
            assert await _on_both_threads(worker) == [0, 0]
            restartable.restart()
            return await _on_both_threads(worker)  # raises StoreUnavailable if cut
        finally:
            worker.close()

    assert asyncio.run(scenario()) == [0, 0]


def test_after_a_long_outage_the_first_request_is_answered(
    restartable: PostgresServer, fault_url: str
) -> None:
    """The pool retries a connection with a growing delay while the server is down; after
    an outage of many retries, the request made once the server is back must not wait
    for the next retry (the delay had grown to 16 s here: the request timed out)."""
    with Store(fault_url) as store:
        assert _count(store) == 0
        restartable.halt()
        for _ in range(2):  # the request in flight, then one that starts the retries
            with pytest.raises(StoreUnavailable), driver_errors():
                _count(store)
        time.sleep(16)
        restartable.resume()
        assert _count(store) == 0
