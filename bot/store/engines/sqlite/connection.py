"""Opening a SQLite store file with our pragmas, its migrations applied once (schema.py)."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from sqlite_utils import Database

from bot.errors import StoreError
from bot.store.engines.sqlite.schema import migrate, migrations, newer_schema
from bot.store.location import check_store_file

# How many times an opening that SQLite found locked is tried (see open_database).
OPEN_ATTEMPTS = 5


def create_private(path: Path) -> None:
    """Create the database file readable by its owner only, before SQLite opens it."""
    if str(path) == ":memory:" or path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)


def open_database(path: Path | None, create: bool = True) -> Database:
    """A migrated database on a file (owner-only, WAL) or, for None, in memory.

    Without `create`, a missing file is a StoreError rather than a new empty store. A
    store of a newer Briefing is opened as it is: unmigrated, queries only.
    """
    if path is not None:
        check_store_file(path, create)
        try:
            create_private(path)
        except OSError as exc:
            raise StoreError(f"Cannot create the store {path} ({exc.strerror}).") from exc
    for attempt in range(OPEN_ATTEMPTS):
        try:
            return _open(path)
        except sqlite3.OperationalError as exc:
            # SQLite answers "locked" at once, without waiting out busy_timeout, when two
            # connections would deadlock (a read lock waiting to write, the switch to WAL):
            # as it advises, the open that lost starts again, on a busy machine too.
            if "locked" not in str(exc) or attempt == OPEN_ATTEMPTS - 1:
                raise StoreError(_open_failure(path, exc)) from exc
            time.sleep(0.2 * (attempt + 1))
        except sqlite3.DatabaseError as exc:
            raise StoreError(_open_failure(path, exc)) from exc
    raise AssertionError("unreachable")  # the loop returns or raises


def _open(path: Path | None) -> Database:
    conn = sqlite3.connect(
        ":memory:" if path is None else str(path), timeout=30, check_same_thread=False
    )
    try:
        db = Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 30000")
        if path is not None and os.access(path, os.W_OK):
            # Readers on other connections see the last commit while a reload writes.
            db.enable_wal()
            db.execute("PRAGMA synchronous = NORMAL")
        newer = newer_schema(db)
        if newer is not None:
            db.execute("PRAGMA query_only = ON")
            if migrations.pending(db):  # another branch of the schema: even reads may fail
                raise StoreError(f"This store was written by {newer}: upgrade Briefing.")
        else:
            migrate(db)
    except BaseException:
        conn.close()
        raise
    return db


def _open_failure(path: Path | None, exc: sqlite3.DatabaseError) -> str:
    """The user's words for SQLite refusing a file."""
    reason = str(exc)
    if "not a database" in reason or "malformed" in reason:
        return f"{path} is not a Briefing store (not a SQLite database, or damaged)."
    if "readonly" in reason:
        return (
            f"The store {path} is read-only and needs its schema upgraded: open it once"
            " with write access (e.g. `briefing reload`)."
        )
    return f"Cannot open the store {path} ({reason})."
