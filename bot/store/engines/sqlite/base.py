"""The SQLite engine (bot.store.engines.base.Engine): a store in a file, or in memory.

Opening and migrating the file is connection.py and schema.py, the SQL it spells its own
way operations.py; here is the rest of what the store asks of an engine: its write
transaction, the reload lock (a lock file beside the store), leases (a row each), claims
of requests and work items, and reads of one commit for a copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from bot.store.engines.sqlite import locks
from bot.store.engines.sqlite.connection import open_database as open_database
from bot.store.engines.sqlite.operations import completion_sql as completion_sql
from bot.store.engines.sqlite.operations import days_between as days_between
from bot.store.engines.sqlite.operations import json_texts as json_texts
from bot.store.engines.sqlite.operations import matching_events as matching_events
from bot.store.engines.sqlite.operations import week_start as week_start
from bot.store.engines.sqlite.schema import newer_schema as newer_schema

NAME = "SQLite"


def reload_lock(db: Any, location: Path | str | None) -> AbstractContextManager[None]:
    """One reload at a time on the store file, across processes: a lock file beside it
    (none for a store in memory)."""
    return locks.reload_lock(None if location is None else Path(location))


def generation(db: Any) -> tuple[int, int]:
    """Changes when the store's content may have changed: a commit by another connection
    (data_version) or any row written through this one (total_changes)."""
    version = db.execute("PRAGMA data_version").fetchone()[0]
    return version, db.conn.total_changes


def after_copy(db: Any, tables: Sequence[str]) -> None:
    """Nothing to do: SQLite's next id is past the largest given one."""


@contextmanager
def bulk_load(db: Any, tables: Sequence[str]) -> Iterator[Callable[..., Any]]:
    """Load the empty `tables` in bulk in the caller's transaction; yields
    `rows_into(table, columns)`, a context of a function that inserts batches of rows
    (executemany: SQLite inserts in id order into its indexes cheaply enough)."""

    @contextmanager
    def rows_into(table: str, columns: Sequence[str]) -> Iterator[Callable[[list], None]]:
        marks = ", ".join("?" * len(columns))
        insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        yield lambda rows: db.conn.executemany(insert, rows)

    yield rows_into


@contextmanager
def snapshot(db: Any) -> Iterator[None]:
    """Reads that see one commit of the store (a read transaction; WAL keeps it)."""
    db.execute("BEGIN")
    try:
        yield
    finally:
        db.execute("COMMIT")


def claim_request(db: Any, columns: str, worker: str, stamp: str, cutoff: str) -> tuple | None:
    """Claim the oldest pending request, or one whose claimer's heartbeat is older than
    `cutoff` (it died): BEGIN IMMEDIATE takes the write lock before the read, so a second
    claimer waits (busy_timeout) and then finds it claimed."""
    claimable = "(status = 'pending' OR (status = 'running' AND heartbeat < ?))"
    return _claim(
        db,
        "UPDATE requests SET status = 'running', claimed_by = ?, claimed_at = ?, heartbeat = ?"
        f" WHERE id = (SELECT min(id) FROM requests WHERE {claimable})"
        f" AND {claimable} RETURNING {columns}",
        (worker, stamp, stamp, cutoff, cutoff),
    )


def claim_extraction(
    db: Any, columns: str, worker: str, stamp: str, cutoff: str, engine: str, job: int | None
) -> tuple | None:
    """Claim the first pending work item (or one whose claimer stopped renewing it) of a
    live job extracted by `engine`, as claim_request does."""
    claimable = "(status = 'pending' OR (status = 'running' AND heartbeat < ?))"
    jobs = "SELECT id FROM extraction_jobs WHERE engine_stamp = ? AND heartbeat >= ?"
    args: tuple = (engine, cutoff)
    if job is not None:
        jobs, args = f"{jobs} AND id = ?", (*args, job)
    return _claim(
        db,
        "UPDATE extractions SET status = 'running', claimed_by = ?, heartbeat = ?"
        f" WHERE id = (SELECT min(id) FROM extractions WHERE {claimable}"
        f" AND job_id IN ({jobs})) AND {claimable} RETURNING {columns}",
        (worker, stamp, cutoff, *args, cutoff),
    )


def _claim(db: Any, sql: str, args: tuple) -> tuple | None:
    db.execute("BEGIN IMMEDIATE")
    try:
        row = db.execute(sql, args).fetchone()
        db.execute("COMMIT")
    except BaseException:
        db.conn.rollback()
        raise
    return row


@contextmanager
def write_transaction(db: Any) -> Iterator[Any]:
    """One write transaction that takes the write lock first (BEGIN IMMEDIATE), so it
    waits for another connection's write (busy_timeout) instead of failing when that
    one commits between this one's reads and its first write (WAL's busy snapshot);
    nested, a savepoint."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.execute("COMMIT")


def hold_lease(db: Any, name: str, owner: str, now: float, seconds: float) -> bool:
    """Take or renew the lease `name` for `owner` until now + seconds, unless another
    owner holds it unexpired; whether `owner` holds it now. A dead holder stops
    renewing, so its lease expires and the next contender takes it."""
    with db.atomic():
        db.execute(
            "INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner,"
            " expires_at = excluded.expires_at"
            " WHERE leases.owner = excluded.owner OR leases.expires_at <= ?",
            (name, owner, now + seconds, now),
        )
        row = db.execute("SELECT owner FROM leases WHERE name = ?", (name,)).fetchone()
    return row is not None and row[0] == owner


def lease_holder(db: Any, name: str, now: float) -> str | None:
    """The owner of the unexpired lease `name`, or None."""
    row = db.execute(
        "SELECT owner FROM leases WHERE name = ? AND expires_at > ?", (name, now)
    ).fetchone()
    return None if row is None else str(row[0])


def release_lease(db: Any, name: str, owner: str) -> None:
    """Give the lease up at once (a clean stop), if `owner` holds it."""
    with db.atomic():
        db.execute("DELETE FROM leases WHERE name = ? AND owner = ?", (name, owner))
