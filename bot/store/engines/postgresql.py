"""PostgreSQL's spelling of what the engines do differently (see bot.store.engines)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

NAME = "PostgreSQL"
# Any number that is Briefing's own: the session lock a reload holds (the migrations
# take another, MIGRATION_LOCK in pg_schema).
RELOAD_LOCK = 0x42524952
# The first key of every lease's advisory lock (the second is the lease's name, hashed).
LEASE_LOCKS = 0x424C5345
# The text search configuration of the sentences' index (bot.store.engines.pg_schema).
SEARCH_CONFIG = "briefing"


def matching_events(terms: Sequence[str]) -> tuple[str, str, tuple[Any, ...]]:
    """(count SQL, SQL of the matching event ids, their parameters) for sentences that
    hold every term: each term a phrase of its stemmed words, as FTS5 reads a quoted
    term, so nothing typed is query syntax."""
    query = " && ".join(f"phraseto_tsquery('{SEARCH_CONFIG}', ?)" for _ in terms)
    return (
        f"SELECT count(*) FROM events WHERE sentence_search @@ ({query})",
        f"SELECT id FROM events WHERE sentence_search @@ ({query})",
        tuple(terms),
    )


def week_start(day: str) -> str:
    """SQL of the ISO week's Monday ('YYYY-MM-DD') of an ISO date column."""
    return f"to_char(date_trunc('week', left({day}, 10)::date), 'YYYY-MM-DD')"


def days_between(start: str, end: str) -> str:
    """SQL of the days from one ISO date column to another."""
    return f"(left({end}, 10)::date - left({start}, 10)::date)"


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
    from bot.errors import StoreError
    from bot.store.engines import pg_connection, pg_schema
    from bot.store.location import redact

    db = pg_connection.connect(url)
    try:
        if not create and not pg_schema.applied(db):
            raise StoreError(f"No store in {redact(url)}: run `briefing reload` first.")
        if pg_schema.newer_schema(db) is None:
            pg_schema.migrate(db)
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
def reload_lock(db: Any) -> Iterator[None]:
    """One reload at a time on this database, across processes and hosts: a session
    advisory lock, which the server releases when its holder's connection ends (a killed
    reload never blocks the next)."""
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


def completion_sql(rules: str, many: bool) -> str:
    """SQLite's two plans (see bot.store.engines.sqlite), kept whatever the estimates: the
    planner, misjudging how many keys share a prefix, would hash-join the matches with
    every rank (a scan of all entities). With many matches, OFFSET 0 keeps the EXISTS a
    test per row of autocomplete's list walked down its index; with few, each match's
    rank is read by its key."""
    if many:
        return (
            "SELECT e.name FROM completions c JOIN entities e ON e.id = c.entity_id"
            " WHERE c.prefix = ? AND EXISTS (SELECT 1 FROM name_keys nk"
            f" WHERE nk.entity_id = c.entity_id AND nk.rule IN {rules}"
            " AND nk.key >= ? AND nk.key < ? OFFSET 0)"
            " ORDER BY c.events DESC, c.entity_id DESC LIMIT ?"
        )
    return (
        "SELECT e.name FROM (SELECT entity_id, events FROM (SELECT m.entity_id,"
        " (SELECT r.events FROM entity_ranks r WHERE r.entity_id = m.entity_id) AS events"
        f" FROM (SELECT DISTINCT entity_id FROM name_keys WHERE rule IN {rules}"
        " AND key >= ? AND key < ?) m) ranked WHERE events IS NOT NULL"
        " ORDER BY events DESC, entity_id DESC LIMIT ?) top"
        " JOIN entities e ON e.id = top.entity_id ORDER BY top.events DESC, top.entity_id DESC"
    )


def json_texts(param: str) -> str:
    """SQL of the texts in a JSON list parameter, one row each."""
    return f"SELECT json_array_elements_text({param}::json)"


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


def release_lease(db: Any, name: str, owner: str) -> None:
    """Give the lease up at once (a clean stop), if this connection holds it."""
    db.execute("SELECT pg_advisory_unlock(?::int, ?::int)", (LEASE_LOCKS, _lease_key(name)))
