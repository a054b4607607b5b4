"""The PostgreSQL engine (bot.store.engines.base.Engine): a store in a database, at a URL.

Its connection (the store's SQL respelt, the pool) is connection.py, its migrations
schema.py, the SQL it spells its own way operations.py; here is the rest of what the
store asks of an engine: opening, its write transaction, the reload lock and leases
(session advisory locks), claims of requests and work items, bulk loads and reads of
one commit for a copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from bot.errors import StoreError
from bot.store.engines.postgresql import connection, schema
from bot.store.engines.postgresql.operations import completion_sql as completion_sql
from bot.store.engines.postgresql.operations import days_between as days_between
from bot.store.engines.postgresql.operations import json_texts as json_texts
from bot.store.engines.postgresql.operations import matching_events as matching_events
from bot.store.engines.postgresql.operations import week_start as week_start
from bot.store.engines.postgresql.schema import newer_schema as newer_schema
from bot.store.location import redact

NAME = "PostgreSQL"
# Any number that is Briefing's own: the session lock a reload holds (the migrations
# take another, MIGRATION_LOCK in schema.py).
RELOAD_LOCK = 0x42524952
# The first key of every lease's advisory lock (the second is the lease's name, hashed).
LEASE_LOCKS = 0x424C5345


def generation(db: Any) -> tuple[int, int]:
    """Changes when the store's content may have changed: the next transaction id moves
    past every transaction that wrote (here or in another process); reads leave it."""
    return db.execute("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint").fetchone()[
        0
    ], 0


def after_copy(db: Any, tables: Sequence[str]) -> None:
    """Move each identity column's next value past the ids a copy gave."""
    for table in tables:
        db.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        )


# What a bulk load may use to build an index once, in its own transaction only (SET LOCAL).
BULK_MAINTENANCE_MEMORY = "256MB"


@contextmanager
def bulk_load(db: Any, tables: Sequence[str]) -> Iterator[Callable[..., Any]]:
    """Load the empty `tables` in bulk inside the caller's transaction; yields
    `rows_into(table, columns)`, a context of a function that writes batches of rows.

    Their secondary indexes (the full-text GIN index among them) and foreign keys are
    dropped first, then built once from the rows (each key checked over its table in one
    pass, so a row naming a missing parent still fails the load), and the tables
    analysed. Primary keys and unique constraints stay, so duplicates fail at once. The
    tables are truncated (they are empty) so that COPY FREEZE may write the rows frozen
    and all-visible: index-only scans need no heap visit and no vacuum has to rewrite
    them later. All of it is DDL in the caller's transaction: a load that fails restores
    the tables as they were."""
    names = list(tables)
    indexes = db.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
        " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
        " WHERE t.relname = ANY(?) AND t.relnamespace = current_schema()::regnamespace"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid"
        " AND c.contype IN ('p', 'u', 'x'))",
        (names,),
    ).fetchall()
    keys = db.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)"
        " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
        " WHERE c.contype = 'f' AND t.relname = ANY(?)"
        " AND t.relnamespace = current_schema()::regnamespace",
        (names,),
    ).fetchall()
    for table, name, _ in keys:
        db.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for index, _ in indexes:
        db.execute(f"DROP INDEX {index}")
    db.execute(f"TRUNCATE {', '.join(names)}")
    yield _rows_into(db)
    db.execute(f"SET LOCAL maintenance_work_mem = '{BULK_MAINTENANCE_MEMORY}'")
    for _, definition in indexes:
        db.execute(definition)
    for table, name, definition in keys:
        db.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for table in names:
        db.execute(f"ANALYZE {table}")


def _rows_into(db: Any) -> Callable[..., Any]:
    @contextmanager
    def rows_into(table: str, columns: Sequence[str]) -> Iterator[Callable[[list], None]]:
        """A function that sends batches of rows (tuples of `columns`) into `table` over
        one COPY (psycopg escapes each value: NULLs, tabs, newlines, backslashes). A
        failure in the caller cancels the COPY, and the caller's transaction with it."""
        cursor = db.raw.cursor()
        copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FREEZE)"
        with cursor.copy(copy_sql) as copy:

            def write(rows: list) -> None:
                for row in rows:
                    copy.write_row(row)

            yield write

    return rows_into


def open_database(url: str, create: bool = True) -> Any:
    """A migrated PostgreSQL store at `url` (a pooled connection). Without `create`, a
    database that holds no store is a StoreError rather than migrated. A store of a newer
    Briefing is opened as it is: queries only."""
    db = connection.connect(url)
    try:
        if not create and not schema.applied(db):
            raise StoreError(f"No store in {redact(url)}: run `briefing reload` first.")
        if schema.newer_schema(db) is None:
            schema.migrate(db)
    except BaseException:
        db.close()
        raise
    return db


@contextmanager
def snapshot(db: Any) -> Iterator[None]:
    """Reads that see one commit of the store (a repeatable-read, read-only transaction)."""
    with db.raw.transaction():
        db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


@contextmanager
def reload_lock(db: Any, location: str) -> Iterator[None]:
    """One reload at a time on this database (at `location`), across processes and
    hosts: a session advisory lock, which the server releases when its holder's
    connection ends (a killed reload never blocks the next)."""
    db.execute("SELECT pg_advisory_lock(?)", (RELOAD_LOCK,))
    try:
        yield
    finally:
        db.execute("SELECT pg_advisory_unlock(?)", (RELOAD_LOCK,))


def claim_request(db: Any, columns: str, worker: str, stamp: str, cutoff: str) -> tuple | None:
    """Claim the oldest pending request (or one whose claimer's heartbeat is older than
    `cutoff`: it died) that no other service is claiming: SKIP LOCKED passes over rows
    locked by another claim, so two services never take the same."""
    with db.atomic():
        return db.execute(
            "UPDATE requests SET status = 'running', claimed_by = ?, claimed_at = ?,"
            " heartbeat = ? WHERE id = (SELECT id FROM requests WHERE status = 'pending'"
            " OR (status = 'running' AND heartbeat < ?)"
            " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
            f" RETURNING {columns}",
            (worker, stamp, stamp, cutoff),
        ).fetchone()


def claim_extraction(
    db: Any, columns: str, worker: str, stamp: str, cutoff: str, engine: str, job: int | None
) -> tuple | None:
    """Claim the first pending work item (or one whose claimer stopped renewing it) of a
    live job extracted by `engine`, skipping the rows other claims hold."""
    jobs = "SELECT id FROM extraction_jobs WHERE engine_stamp = ? AND heartbeat >= ?"
    args: tuple = (engine, cutoff)
    if job is not None:
        jobs, args = f"{jobs} AND id = ?", (*args, job)
    with db.atomic():
        return db.execute(
            "UPDATE extractions SET status = 'running', claimed_by = ?, heartbeat = ?"
            " WHERE id = (SELECT id FROM extractions WHERE (status = 'pending'"
            " OR (status = 'running' AND heartbeat < ?))"
            f" AND job_id IN ({jobs}) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
            f" RETURNING {columns}",
            (worker, stamp, cutoff, *args),
        ).fetchone()


@contextmanager
def write_transaction(db: Any) -> Iterator[Any]:
    """One write transaction (a savepoint when nested)."""
    with db.atomic():
        yield db


def _lease_key(name: str) -> int:
    """A lease's name as the second key of its advisory lock (31 bits, so its oid in
    pg_locks is the same number)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") >> 1


def hold_lease(db: Any, name: str, owner: str, now: float, seconds: float) -> bool:
    """Whether this connection holds the lease `name`: a session advisory lock, taken
    when free and kept until released or the connection ends (the server frees it when
    the holder dies, so no expiry is needed: `owner`, `now` and `seconds` are SQLite's)."""
    key = _lease_key(name)
    held = db.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND pid = pg_backend_pid() AND classid::bigint = ? AND objid::bigint = ?"
        " AND objsubid = 2)",
        (LEASE_LOCKS, key),
    ).fetchone()[0]
    if held:
        return True
    return bool(
        db.execute("SELECT pg_try_advisory_lock(?::int, ?::int)", (LEASE_LOCKS, key)).fetchone()[0]
    )


def lease_holder(db: Any, name: str, now: float) -> str | None:
    """The server session that holds the lease `name` on this database, as
    "session <pid> from <address>", or None."""
    row = db.execute(
        "SELECT l.pid, a.client_addr, a.application_name FROM pg_locks l"
        " LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = ?"
        " AND l.objid::bigint = ? AND l.objsubid = 2"
        " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        (LEASE_LOCKS, _lease_key(name)),
    ).fetchone()
    if row is None:
        return None
    pid, address, _ = row
    return f"session {pid} from {address or 'a local socket'}"


def release_lease(db: Any, name: str, owner: str) -> None:
    """Give the lease up at once (a clean stop), if this connection holds it."""
    db.execute("SELECT pg_advisory_unlock(?::int, ?::int)", (LEASE_LOCKS, _lease_key(name)))
