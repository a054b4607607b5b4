"""Store work off the event loop: threads that each own their own store connection."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from bot import metrics
from bot.errors import BriefingError, StoreError, StoreUnavailable
from bot.store import Store
from bot.store.faults import driver_errors

T = TypeVar("T")
log = logging.getLogger(__name__)


class StoreWorker:
    """Runs functions of a Store in worker threads; spaCy and SQLite never block the loop.

    A worker outlives faults of its store: a function that meets a fault that passes (a
    PostgreSQL restart, a locked or missing SQLite file) raises `StoreUnavailable`, the
    thread's connection is dropped, and the next function opens a new one (from the
    pool, which checks a connection before handing it out). While the store cannot be
    opened again, each function raises `StoreUnavailable` at once rather than a start-up
    error; every other driver error arrives as a `StoreError` (bot.store.faults).

    A restart cuts every thread's connection, not only the one that met it. So a fault
    seen by one thread makes the others open new connections before their next function
    (`_generation`), and a PostgreSQL connection left idle for `PING_AFTER` seconds is
    asked `SELECT 1` before use, opened again if that fails. A restart during a quiet spell
    then costs no request at all; one during traffic costs the requests in flight."""

    PING_AFTER = 5.0

    def __init__(self, path: Path | str, threads: int = 2, name: str = "briefing-db") -> None:
        self.path = path
        self._local = threading.local()
        self._stores: list[Store] = []
        self._lock = threading.Lock()
        # Once a store has opened here, a failure to open it again is a passing fault.
        self._opened = False
        # Bumped at each passing fault: a store opened before it may hold a cut connection.
        self._generation = 0
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)

    def _store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is not None and not self._sound(store):
            self._drop()
            store = None
        if store is None:
            try:
                store = Store(self.path, create=not self._opened)
            except StoreError as exc:
                if self._opened and not isinstance(exc, StoreUnavailable):
                    log.warning("store unavailable: cannot reopen it (%s)", exc.message)
                    raise StoreUnavailable() from exc
                raise
            self._opened = True
            self._local.store = store
            self._local.generation = self._generation
            with self._lock:
                self._stores.append(store)
        return store

    def _sound(self, store: Store) -> bool:
        """Whether this thread's store may be used as it is: opened since the last fault
        seen here, and, on PostgreSQL after an idle spell, answering."""
        if self._local.generation != self._generation:
            return False
        if store.engine != "PostgreSQL" or time.monotonic() - self._local.used < self.PING_AFTER:
            return True
        try:
            with driver_errors():
                store.db.execute("SELECT 1").fetchone()
        except StoreError:
            return False
        return True

    def _drop(self) -> None:
        """Forget this thread's store after a fault; its connection is closed, quietly
        (a dead connection cannot say goodbye)."""
        store = getattr(self._local, "store", None)
        self._local.store = None
        if store is None:
            return
        with self._lock:
            if store in self._stores:
                self._stores.remove(store)
        with contextlib.suppress(BriefingError), driver_errors():
            store.close()

    def _call(self, fn: Callable[[Store], T]) -> T:
        try:
            with driver_errors():
                return fn(self._store())
        except StoreUnavailable:
            metrics.STORE_ERRORS.labels("unavailable").inc()
            with self._lock:
                self._generation += 1
            self._drop()
            raise
        except StoreError as exc:
            metrics.STORE_ERRORS.labels(_kind(exc)).inc()
            raise
        finally:
            self._local.used = time.monotonic()

    async def run(self, fn: Callable[[Store], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._call, fn)

    def close(self) -> None:
        """Wait for running work, then close every thread's connection."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            stores, self._stores = self._stores, []
        for store in stores:
            with contextlib.suppress(BriefingError), driver_errors():
                store.close()


def _kind(error: StoreError) -> str:
    """A store error as the metrics count it."""
    text = error.message.lower()
    if "locked" in text or "busy" in text:
        return "locked"
    if "read-only" in text or "newer briefing" in text or "permission" in text:
        return "read_only"
    return "other"
