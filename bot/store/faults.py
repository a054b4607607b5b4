"""The drivers' exceptions, as the store's errors: the one place where they are mapped.

A chat command, a digest or a reload must never show a user a driver's text (it may hold
SQL, a file path or a server's address) nor die of a fault that passes: a PostgreSQL
restart, a SQLite file locked past its busy timeout or briefly missing. `driver_errors`
turns those into `StoreUnavailable` ("try again in a moment"), which the long-lived
workers answer by dropping their connection and opening a new one on the next request
(bot.runtime.store_worker); every other driver error becomes a `StoreError` whose text is
safe, with the original logged for the operator.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from bot.errors import StoreError, StoreUnavailable

log = logging.getLogger(__name__)

FAILED = "The store could not do this (the log has the details); nothing was changed."
# SQLite's words for a file it cannot use for now: another writer holds it past the busy
# timeout, the file or its folder is gone or unreadable for the moment, the disk failed.
_SQLITE_PASSING = ("locked", "busy", "unable to open", "disk i/o", "no such file")


def _psycopg_errors() -> tuple[type[BaseException], ...]:
    """psycopg's connection-level errors (the pool's timeout among them), if installed."""
    try:
        import psycopg
    except ImportError:
        return ()
    return (psycopg.OperationalError, psycopg.InterfaceError)


def _driver_errors() -> tuple[type[BaseException], ...]:
    try:
        import psycopg
    except ImportError:
        return (sqlite3.Error,)
    return (sqlite3.Error, psycopg.Error)


def is_driver_error(exc: BaseException) -> bool:
    """Whether an exception is a database driver's (SQLite's or psycopg's)."""
    return isinstance(exc, _driver_errors())


def passing(exc: BaseException) -> bool:
    """Whether a driver's error is a fault that passes (the same request may succeed)."""
    if isinstance(exc, _psycopg_errors()):
        return True
    if isinstance(exc, sqlite3.OperationalError):
        reason = str(exc).lower()
        return any(word in reason for word in _SQLITE_PASSING)
    return False


def as_store_error(exc: BaseException) -> StoreError:
    """The store's error for a driver's exception (see the module's text)."""
    if passing(exc):
        log.warning("store unavailable: %s: %s", type(exc).__name__, str(exc).strip()[:200])
        return StoreUnavailable()
    log.error("store failure", exc_info=exc)
    return StoreError(FAILED)


@contextmanager
def driver_errors() -> Iterator[None]:
    """Raise the store's error for any driver exception raised inside."""
    try:
        yield
    except _driver_errors() as exc:
        raise as_store_error(exc) from exc
