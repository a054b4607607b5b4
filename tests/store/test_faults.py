"""Driver errors become the store's errors in one place (bot.store.faults): a fault that
passes is "try again" and the worker reopens; anything else is a safe StoreError."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from bot.errors import StoreError, StoreUnavailable
from bot.runtime.store_worker import StoreWorker
from bot.store import Store
from bot.store.faults import FAILED, as_store_error, driver_errors


def _locked(path) -> sqlite3.Connection:
    """Another process's connection, holding the write lock until rolled back."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def _write(store: Store) -> None:
    store.db.execute("PRAGMA busy_timeout = 50")  # wait briefly, not the usual 30 s
    store.state.set("probe", "1")


def test_a_locked_sqlite_file_is_try_again_and_the_worker_goes_on(tmp_path):
    path = tmp_path / "briefing.db"
    Store(path).close()

    async def scenario() -> str | None:
        worker = StoreWorker(path, threads=1)
        try:
            other = _locked(path)
            with pytest.raises(StoreUnavailable):
                await worker.run(_write)
            other.rollback()
            other.close()
            await worker.run(_write)
            return await worker.run(lambda s: s.state.get("probe"))
        finally:
            worker.close()

    assert asyncio.run(scenario()) == "1"


def test_a_store_file_gone_after_start_is_try_again_not_a_new_empty_store(tmp_path):
    path = tmp_path / "briefing.db"
    Store(path).close()

    async def scenario() -> None:
        worker = StoreWorker(path, threads=1)
        try:
            await worker.run(lambda s: s.state.set("probe", "1"))
            other = _locked(path)
            with pytest.raises(StoreUnavailable):  # the fault that drops the connection
                await worker.run(_write)
            other.rollback()
            other.close()
            aside = path.rename(tmp_path / "moved.db")
            with pytest.raises(StoreUnavailable):
                await worker.run(lambda s: s.state.get("probe"))
            assert not path.exists()  # no empty store was made in its place
            aside.rename(path)
            assert await worker.run(lambda s: s.state.get("probe")) == "1"
        finally:
            worker.close()

    asyncio.run(scenario())


def test_another_driver_error_is_a_safe_store_error(tmp_path):
    with Store(tmp_path / "b.db") as store, pytest.raises(StoreError) as caught, driver_errors():
        store.db.execute("SELECT * FROM no_such_table WHERE secret = 'hunter2'")
    assert not isinstance(caught.value, StoreUnavailable)
    assert caught.value.message == FAILED
    assert "hunter2" not in caught.value.message and "no_such_table" not in caught.value.message


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("unable to open database file"), True),
        (sqlite3.OperationalError("disk I/O error"), True),
        (sqlite3.OperationalError("no such column: x"), False),
        (sqlite3.IntegrityError("UNIQUE constraint failed"), False),
    ],
)
def test_which_sqlite_errors_pass(error, unavailable):
    assert isinstance(as_store_error(error), StoreUnavailable) is unavailable
