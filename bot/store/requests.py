"""The requests table: work a chat process files for the ingest service (`briefing ingest`).

A request is filed `pending`, claimed once by one service (`running`), then `done` with
its result (a reload's report as JSON) or `failed` with the user's message. Claiming is
the one step the engines spell differently (`engine_of(db).claim_request`): PostgreSQL
skips rows another service holds (`FOR UPDATE SKIP LOCKED`), SQLite claims in a write
transaction taken before the read. Either way two services never run the same request.
The claimer renews the request's heartbeat while it runs it (`renew_claims` in
bot.store.extractions); a running request whose heartbeat is older than the lease (its
service died, on any host) is claimed again as if pending.
"""

from __future__ import annotations

import json
from typing import Any

from bot.store.engines import engine_of
from bot.store.rows import RequestRow

Database = Any  # sqlite-utils' Database or engines.pg_connection.PgDatabase

KINDS = ("reload",)
COLUMNS = (
    "id, kind, asked_by, channel, asked_at, status, claimed_by, claimed_at, finished_at, result"
)


def _row(row: tuple | None) -> RequestRow | None:
    if row is None:
        return None
    result = row[9]
    if result is not None and row[5] == "done":
        result = json.loads(result)
    return RequestRow(*row[:9], result=result)


def file_request(db: Database, kind: str, asked_by: str | None, channel: str, stamp: str) -> int:
    """File a pending request (in the caller's transaction); its id."""
    if kind not in KINDS:
        raise ValueError(f"unknown request kind {kind!r}")
    row = db.conn.execute(
        "INSERT INTO requests (kind, asked_by, channel, asked_at) VALUES (?, ?, ?, ?) RETURNING id",
        (kind, asked_by, channel, stamp),
    ).fetchone()
    return int(row[0])


def claim_request(db: Database, worker: str, stamp: str, cutoff: str) -> RequestRow | None:
    """The oldest pending request (or running with a heartbeat older than `cutoff`), now
    claimed by `worker`; None when none is."""
    return _row(engine_of(db).claim_request(db, COLUMNS, worker, stamp, cutoff))


def finish_request(
    db: Database,
    request_id: int,
    result: dict[str, Any] | None,
    error: str | None,
    stamp: str,
    claimed_by: str | None = None,
) -> bool:
    """Store a claimed request's result (`done`) or its user's message (`failed`); with
    `claimed_by`, only while that service still holds it (not taken over after its lease)."""
    status, value = ("failed", error) if error is not None else ("done", json.dumps(result))
    mine, args = ("", ()) if claimed_by is None else (" AND claimed_by = ?", (claimed_by,))
    cursor = db.conn.execute(
        "UPDATE requests SET status = ?, result = ?, finished_at = ?"
        f" WHERE id = ? AND status = 'running'{mine}",
        (status, value, stamp, request_id, *args),
    )
    return cursor.rowcount == 1


def running_requests(db: Database) -> list[RequestRow]:
    """The requests claimed and not finished, oldest first."""
    rows = db.execute(f"SELECT {COLUMNS} FROM requests WHERE status = 'running' ORDER BY id")
    return [r for r in map(_row, rows) if r is not None]


def requeue_request(db: Database, request_id: int, claimed_by: str) -> bool:
    """Put back a request its claimer abandoned (it died), for another service to run."""
    cursor = db.conn.execute(
        "UPDATE requests SET status = 'pending', claimed_by = NULL, claimed_at = NULL"
        " WHERE id = ? AND status = 'running' AND claimed_by = ?",
        (request_id, claimed_by),
    )
    return cursor.rowcount == 1


def request(db: Database, request_id: int) -> RequestRow | None:
    return _row(
        db.execute(f"SELECT {COLUMNS} FROM requests WHERE id = ?", (request_id,)).fetchone()
    )


def pending_requests(db: Database) -> int:
    """How many requests wait for a service."""
    return db.execute("SELECT count(*) FROM requests WHERE status = 'pending'").fetchone()[0]
