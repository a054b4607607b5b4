"""A PostgreSQL connection that the store's modules use as they use SQLite's.

The store's SQL is written once, in SQLite's spelling, wherever both engines mean the same
by it. `translate` turns that spelling into PostgreSQL's, mechanically: `?` (and `:name`)
placeholders into psycopg's `%s` (and `%(name)s`), a literal `%` doubled, `INSERT OR
IGNORE` into `INSERT … ON CONFLICT DO NOTHING`, `LIMIT ?` into a limit that reads
SQLite's "no limit" (-1) as none, and index hints (`INDEXED BY`), which PostgreSQL's
planner does without, dropped. What differs in meaning (full-text search, date
arithmetic, what counts as a change, locks and leases) is not translated but asked of
the engine (`engine_of(db)`, the Protocol of bot.store.engines.base), whose SQL sits in
operations.py beside SQLite's.

`PgDatabase` offers the methods of sqlite-utils' `Database` the store calls (`execute`,
`executemany`, `executescript`, `query`, `atomic`, `conn` (itself), `close`), and `raw`,
the psycopg connection, for engine-specific code. Connections come from one
`psycopg_pool.ConnectionPool` per URL and process; a store takes one when opened, takes
a fresh one from the pool when a server restart broke it (outside a transaction), and
gives it back when closed. They run in autocommit, so each read sees the last commit,
and `atomic()` is one transaction (a savepoint when nested): under MVCC a reader sees
the corpus before a reload or after it, never a mix.

`executemany` of an INSERT of many rows (COPY_ROWS or more) sends them over COPY, not as
a statement per row (each of which costs the server a parse, bind and execute:
benchmarks/reload_writes.py): a plain INSERT straight into its table, in the rows' order
(identity ids drawn in that order; defaults, constraints and triggers as for an INSERT);
an INSERT with a conflict clause (OR IGNORE, ON CONFLICT … DO UPDATE) into a temporary
table of the same columns, then one INSERT … SELECT from it with the clause, which then
means what it means row by row. A table that took ANALYZE_ROWS rows so is analysed at
once, so the statements after it are planned for its new size. Fewer rows go as
psycopg's pipelined executemany.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from bot.errors import StoreError
from bot.store.location import redact

# From this many rows an INSERT's executemany goes over COPY (see the module's text).
COPY_ROWS = 100
# After a COPY of this many rows the table is analysed in the same transaction: the plans
# of the statements after it (the reload's set-based steps) need the new row counts and
# distributions, which autovacuum would only gather after the commit.
ANALYZE_ROWS = 5000
# Connections one process keeps per URL: its chat workers (three threads), the digest
# lease (one) and a reload.
POOL_SIZE = 8
CONNECT_TIMEOUT_SECONDS = 10
# How long a request waits for a connection: while the server is down the pool cannot
# make one, and a chat command should hear "try again" in seconds, not minutes.
GETCONN_TIMEOUT_SECONDS = 5
# While the server is down the pool retries a connection with a doubling delay (psycopg_pool
# sets no ceiling) for this long, then gives up; the next request starts it trying again at
# once. Kept short so the retries never grow apart: after a long outage the first request
# once the server is back waits at most 2 s for the next try, not up to half an outage
# (tests/faults/test_store_restart.py).
RECONNECT_TIMEOUT_SECONDS = 4

_LITERAL = re.compile(r"('(?:[^']|'')*')")
_INDEX_HINT = re.compile(r"\s+INDEXED\s+BY\s+\w+", re.IGNORECASE)
_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_LIMIT = re.compile(r"\bLIMIT\s+\?", re.IGNORECASE)
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
# An INSERT of one row of placeholders, as `translate` spells it, and its conflict clause.
_ROWS_INSERT = re.compile(
    r"^\s*INSERT\s+INTO\s+(\w+)\s*\(([\w\s,]+)\)\s*VALUES\s*\(\s*%s(?:\s*,\s*%s)*\s*\)"
    r"\s*(ON\s+CONFLICT\b(?:(?!\bRETURNING\b).)*)?$",
    re.IGNORECASE | re.DOTALL,
)


@lru_cache(maxsize=2048)
def translate(sql: str, named: bool = False) -> str:
    """The PostgreSQL spelling of a statement written for SQLite (see the module's text)."""
    ignore = _IGNORE.match(sql) is not None
    if ignore:
        sql = _IGNORE.sub("INSERT INTO", sql, count=1)
    parts = _LITERAL.split(sql)
    for i, part in enumerate(parts):
        if i % 2:  # a string literal: only psycopg's own '%' is doubled
            parts[i] = part.replace("%", "%%")
            continue
        part = _INDEX_HINT.sub("", part).replace("%", "%%")
        part = _LIMIT.sub("LIMIT nullif(?::bigint, -1)", part)
        if named:
            part = _NAMED.sub(r"%(\1)s", part)
        parts[i] = part.replace("?", "%s")
    out = "".join(parts)
    return f"{out.rstrip().rstrip(';')} ON CONFLICT DO NOTHING" if ignore else out


def _params(params: Any) -> tuple[str, Any]:
    return ("named", params) if isinstance(params, Mapping) else ("plain", tuple(params or ()))


class PgCursor:
    """A psycopg cursor with sqlite3's `lastrowid` (the id the last INSERT drew)."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    @property
    def lastrowid(self) -> int | None:
        row = self._cursor.connection.execute("SELECT lastval()").fetchone()
        return row[0] if row else None

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchone(self) -> tuple | None:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[tuple]:
        return self._cursor.fetchall() if self._cursor.description else []

    def fetchmany(self, size: int) -> list[tuple]:
        return self._cursor.fetchmany(size) if self._cursor.description else []

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.fetchall())


class PgDatabase:
    """One pooled PostgreSQL connection, spoken to in the store's SQL (see the module).

    A connection that a server restart broke is replaced from the pool at the next
    statement outside a transaction: the statement in flight when it broke fails (the
    store answers "try again", bot.store.faults), the ones after it work once the server
    is back. Inside a transaction nothing is replaced: the transaction fails whole. A
    session lock (a lease) dies with its connection; whoever held it asks again."""

    engine = "postgresql"

    def __init__(self, url: str, pool: Any, connection: Any) -> None:
        self.url = url
        self._pool = pool
        self._conn = connection
        self._depth = 0  # open atomic() blocks

    def _live(self) -> Any:
        """The connection, a new one from the pool if the last one broke."""
        if self._conn is not None and not self._conn.closed:
            return self._conn
        if self._depth:
            return self._conn  # mid-transaction: let the statement fail, not switch
        if self._conn is not None:
            self._pool.putconn(self._conn)  # the pool discards a broken connection
            self._conn = None
        self._conn = self._pool.getconn(timeout=GETCONN_TIMEOUT_SECONDS)
        return self._conn

    @property
    def conn(self) -> PgDatabase:
        """Itself: the store's modules write through `db.conn` as with sqlite3."""
        return self

    @property
    def raw(self) -> Any:
        """The psycopg connection, for engine-specific code."""
        return self._live()

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> PgCursor:
        kind, values = _params(params)
        return PgCursor(self._live().execute(translate(sql, kind == "named"), values))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> PgCursor:
        statement, values = translate(sql), [tuple(r) for r in rows]
        insert = _ROWS_INSERT.match(statement) if len(values) >= COPY_ROWS else None
        if insert is not None:
            table, columns, conflict = insert.groups()
            names = ", ".join(c.strip() for c in columns.split(","))
            if names.count(",") + 1 == len(values[0]):
                return self._copy_rows(table, names, conflict, values)
        cursor = self._live().cursor()
        cursor.executemany(statement, values)
        return PgCursor(cursor)

    def _copy_rows(self, table: str, columns: str, conflict: str | None, rows: list) -> PgCursor:
        """INSERT the rows over COPY: into the table, or through a temporary table when
        the INSERT has a conflict clause (see the module's text)."""
        connection = self._live()
        target = table if conflict is None else "briefing_rows"
        with connection.transaction():  # a savepoint inside the caller's transaction
            if conflict is not None:
                connection.execute(
                    f"CREATE TEMPORARY TABLE {target} ON COMMIT DROP AS"
                    f" SELECT {columns} FROM {table} WITH NO DATA"
                )
            cursor = connection.cursor()
            with cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            if conflict is not None:
                cursor = connection.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target} {conflict}"
                )
                connection.execute(f"DROP TABLE {target}")
            if len(rows) >= ANALYZE_ROWS:
                connection.execute(f"ANALYZE {table}")
        return PgCursor(cursor)

    def executescript(self, script: str) -> None:
        """Run DDL as it is written (PostgreSQL's own, from the migrations)."""
        self._live().execute(script)

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        cursor = self._live().execute(translate(sql), tuple(params))
        names = [c.name for c in cursor.description]
        for row in cursor.fetchall():
            yield dict(zip(names, row, strict=True))

    @contextmanager
    def atomic(self) -> Iterator[PgDatabase]:
        connection = self._live()
        self._depth += 1
        try:
            with connection.transaction():
                yield self
        finally:
            self._depth -= 1

    @property
    def total_changes(self) -> int:
        return 0

    def close(self) -> None:
        if self._conn is not None:
            if not self._conn.closed:
                # A session lock (a lease) must not outlive its store in the pool; a
                # connection that cannot unlock is closed, which frees them all.
                try:
                    self._conn.execute("SELECT pg_advisory_unlock_all()")
                except _psycopg()[0].Error:
                    self._conn.close()
            self._pool.putconn(self._conn)
            self._conn = None


_pools: dict[str, Any] = {}
_pools_lock = threading.Lock()


def _psycopg() -> tuple[Any, Any]:
    try:
        import psycopg
        import psycopg_pool
    except ImportError as exc:
        raise StoreError(
            "PostgreSQL stores need psycopg: pip install 'briefing[postgres]'."
        ) from exc
    return psycopg, psycopg_pool


def _pool(url: str) -> Any:
    psycopg, psycopg_pool = _psycopg()
    with _pools_lock:
        pool = _pools.get(url)
        if pool is not None:
            return pool
        try:  # once, directly: a pool that cannot connect only says it timed out
            psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_SECONDS).close()
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"Cannot open the PostgreSQL store {redact(url)} ({reason}).") from exc
        pool = psycopg_pool.ConnectionPool(
            url,
            min_size=1,
            max_size=POOL_SIZE,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_SECONDS},
            # Each connection is checked as it is handed out, so one left dead in the
            # pool by a server restart is replaced, not given to a request.
            check=psycopg_pool.ConnectionPool.check_connection,
            reconnect_timeout=RECONNECT_TIMEOUT_SECONDS,
            open=True,
            name="briefing",
        )
        _pools[url] = pool
        return pool


def connect(url: str) -> PgDatabase:
    """A connection to the database at `url`, from this process's pool for it."""
    pool = _pool(url)
    # A pool timeout (the server is down, or every connection is busy) is psycopg's
    # OperationalError: bot.store.faults maps it to "try again".
    connection = pool.getconn(timeout=GETCONN_TIMEOUT_SECONDS)
    return PgDatabase(url, pool, connection)


def close_pools() -> None:
    """Close every pool of this process (at exit, or before a test server stops)."""
    with _pools_lock:
        for pool in _pools.values():
            pool.close()
        _pools.clear()
