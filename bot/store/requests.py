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

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from bot.store.engines import engine_of
from bot.store.extractions import beat, cutoff
from bot.store.rows import RequestRow, stamp

if TYPE_CHECKING:
    from bot.store import Store

Database = Any  # sqlite-utils' Database or engines.postgresql.connection.PgDatabase

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


class Requests:
    """store.requests: the requests filed for the ingest service."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self._store = store

    def file(self, kind: str, asked_by: str | None, channel: str, now: dt.datetime) -> int:
        """File a pending request for the ingest service (`briefing ingest`); its id."""
        if kind not in KINDS:
            raise ValueError(f"unknown request kind {kind!r}")
        with self._store.writing():
            row = self.db.conn.execute(
                "INSERT INTO requests (kind, asked_by, channel, asked_at) VALUES (?, ?, ?, ?)"
                " RETURNING id",
                (kind, asked_by, channel, stamp(now)),
            ).fetchone()
        return int(row[0])

    def claim(self, worker: str, now: dt.datetime, lease: float | None = None) -> RequestRow | None:
        """The oldest pending request (or, with a `lease`, one whose claimer's heartbeat is
        older: it died), now claimed by `worker` so that no other service runs it; None
        when none is. The engine's claim takes its own write transaction."""
        self._store.check_writable()
        old = cutoff(now, lease) if lease is not None else ""
        return _row(engine_of(self.db).claim_request(self.db, COLUMNS, worker, beat(now), old))

    def finish(
        self,
        request_id: int,
        now: dt.datetime,
        result: dict[str, Any] | None = None,
        error: str | None = None,
        claimed_by: str | None = None,
    ) -> bool:
        """Store a claimed request's result (`done`) or its user's message (`failed`); with
        `claimed_by`, only while that service still holds it (not taken over after its lease);
        whether it was stored."""
        status, value = ("failed", error) if error is not None else ("done", json.dumps(result))
        mine, args = ("", ()) if claimed_by is None else (" AND claimed_by = ?", (claimed_by,))
        with self._store.writing():
            cursor = self.db.conn.execute(
                "UPDATE requests SET status = ?, result = ?, finished_at = ?"
                f" WHERE id = ? AND status = 'running'{mine}",
                (status, value, stamp(now), request_id, *args),
            )
        return cursor.rowcount == 1

    def running(self) -> list[RequestRow]:
        """The requests claimed and not finished, oldest first."""
        rows = self.db.execute(
            f"SELECT {COLUMNS} FROM requests WHERE status = 'running' ORDER BY id"
        )
        return [r for r in map(_row, rows) if r is not None]

    def requeue(self, request_id: int, claimed_by: str) -> bool:
        """Put back a request its claimer abandoned (it died), for another service to run;
        False when it is no longer theirs."""
        with self._store.writing():
            cursor = self.db.conn.execute(
                "UPDATE requests SET status = 'pending', claimed_by = NULL, claimed_at = NULL"
                " WHERE id = ? AND status = 'running' AND claimed_by = ?",
                (request_id, claimed_by),
            )
        return cursor.rowcount == 1

    def get(self, request_id: int) -> RequestRow | None:
        return _row(
            self.db.execute(
                f"SELECT {COLUMNS} FROM requests WHERE id = ?", (request_id,)
            ).fetchone()
        )

    def pending(self) -> int:
        """How many requests wait for a service."""
        return self.db.execute("SELECT count(*) FROM requests WHERE status = 'pending'").fetchone()[
            0
        ]
