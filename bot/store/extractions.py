"""Work items: one reload's extraction shared among the ingest services of a store.

A coordinator (the service running a reload) files a job, with one item per document to
extract (the parsed document as JSON, so a service on another host needs no seeds
folder). Every service claims pending items one at a time (`engine_of(db).
claim_extraction`: SKIP LOCKED on PostgreSQL, BEGIN IMMEDIATE on SQLite), extracts and
stores the events, serialised here from the pairs the extractor and the spawned workers
yield (Document, [Event]). The coordinator then writes the corpus itself, in one
transaction, and drops the job: the items never touch the corpus.

Liveness is heartbeats: each service renews, in one statement per table, the heartbeat
of its `services` row, of the requests and items it claimed and of the jobs it
coordinates. An item or request whose heartbeat is older than the lease is claimable
again; a job whose coordinator stopped renewing it is dropped with its items.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.extraction.extractor import Event
from bot.seeds import Document
from bot.seeds.document import Paragraph
from bot.store.engines import engine_of

if TYPE_CHECKING:
    from bot.store import Store

ITEM_COLUMNS = "id, job_id, position, document"
Extracted = tuple[Document, list[Event]]


def beat(now: dt.datetime) -> str:
    """A heartbeat's stamp: UTC, so services on hosts in other zones compare alike."""
    if now.tzinfo is not None:
        now = now.astimezone(dt.UTC)
    return now.isoformat(timespec="seconds")


def cutoff(now: dt.datetime, lease: float) -> str:
    """Heartbeats older than this are of a claimer that died."""
    return beat(now - dt.timedelta(seconds=lease))


# --- the documents and events as JSON ------------------------------------------------


def document_to_json(document: Document) -> dict[str, Any]:
    return {
        "file": document.file,
        "published": document.published.isoformat(),
        "sha256": document.sha256,
        "title": document.title,
        "source": document.source,
        "url": document.url,
        "paragraphs": [
            [p.text, list(p.sources), p.section, p.heading] for p in document.paragraphs
        ],
    }


def document_from_json(data: dict[str, Any]) -> Document:
    return Document(
        file=data["file"],
        published=dt.date.fromisoformat(data["published"]),
        sha256=data["sha256"],
        title=data["title"],
        source=data["source"],
        url=data["url"],
        # An item filed before paragraphs carried `heading` has three fields: no heading.
        paragraphs=tuple(
            Paragraph(t, tuple(s), section, bool(heading and heading[0]))
            for t, s, section, *heading in data["paragraphs"]
        ),
    )


# --- the queue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkItem:
    """One claimed document to extract, of job `job`."""

    id: int
    job: int
    position: int
    document: Document


@dataclass(frozen=True)
class JobProgress:
    """How far a job is: items by status, and the failed ones' (file, message)."""

    pending: int
    running: int
    done: int
    failures: list[tuple[str, str]]


class ExtractionQueue:
    """The store's work items (`Store.extractions`); every write is its own transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    # services

    def register(self, name: str, engine_stamp: str, now: dt.datetime) -> None:
        """Say that `name` polls for items (until `leave`, or its heartbeat ages)."""
        with self.store.writing() as db:
            db.execute("DELETE FROM services WHERE name = ?", (name,))
            db.execute(
                "INSERT INTO services (name, engine_stamp, started_at, heartbeat)"
                " VALUES (?, ?, ?, ?)",
                (name, engine_stamp, beat(now), beat(now)),
            )

    def leave(self, name: str) -> None:
        with self.store.writing() as db:
            db.execute("DELETE FROM services WHERE name = ?", (name,))

    def live_services(self, now: dt.datetime, lease: float, engine_stamp: str) -> list[str]:
        """The services that extract as `engine_stamp` says and renewed within the lease."""
        rows = self.db.execute(
            "SELECT name FROM services WHERE engine_stamp = ? AND heartbeat >= ? ORDER BY name",
            (engine_stamp, cutoff(now, lease)),
        )
        return [r[0] for r in rows]

    def renew(self, worker: str, now: dt.datetime) -> None:
        """Renew the heartbeat of all that `worker` holds: its services row, its claimed
        requests and items, and the jobs it coordinates."""
        stamp = beat(now)
        with self.store.writing() as db:
            db.execute("UPDATE services SET heartbeat = ? WHERE name = ?", (stamp, worker))
            for table in ("requests", "extractions"):
                db.execute(
                    f"UPDATE {table} SET heartbeat = ? WHERE claimed_by = ? AND status = 'running'",
                    (stamp, worker),
                )
            db.execute(
                "UPDATE extraction_jobs SET heartbeat = ? WHERE coordinator = ?", (stamp, worker)
            )

    # jobs and items

    def file(
        self,
        coordinator: str,
        engine_stamp: str,
        aliases: str | None,
        documents: Sequence[Document],
        now: dt.datetime,
    ) -> int:
        """File a job of one pending item per document, in their order; its id."""
        with self.store.writing() as db:
            job = int(
                db.execute(
                    "INSERT INTO extraction_jobs"
                    " (coordinator, engine_stamp, aliases, filed_at, heartbeat)"
                    " VALUES (?, ?, ?, ?, ?) RETURNING id",
                    (coordinator, engine_stamp, aliases, beat(now), beat(now)),
                ).fetchone()[0]
            )
            db.conn.executemany(
                "INSERT INTO extractions (job_id, position, file, sha256, document)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    (job, i, d.file, d.sha256, json.dumps(document_to_json(d)))
                    for i, d in enumerate(documents)
                ],
            )
        return job

    def claim(
        self,
        worker: str,
        engine_stamp: str,
        now: dt.datetime,
        lease: float,
        job: int | None = None,
    ) -> WorkItem | None:
        """The first claimable item of a live job (of `job` only, when given) extracted as
        `engine_stamp` says, now `worker`'s; None when none is."""
        self.store.check_writable()
        row = engine_of(self.db).claim_extraction(
            self.db, ITEM_COLUMNS, worker, beat(now), cutoff(now, lease), engine_stamp, job
        )
        if row is None:
            return None
        return WorkItem(row[0], row[1], row[2], document_from_json(json.loads(row[3])))

    def pending(self) -> int:
        """How many work items wait for an extraction service (not yet claimed)."""
        return self.db.execute(
            "SELECT count(*) FROM extractions WHERE status = 'pending'"
        ).fetchone()[0]

    def any_jobs(self) -> bool:
        """Whether any job is filed (a read: an idle service writes nothing without one)."""
        return self.db.execute("SELECT 1 FROM extraction_jobs LIMIT 1").fetchone() is not None

    def aliases(self, job: int) -> str | None:
        """The coordinator's alias file of a job (None when its seeds have none)."""
        row = self.db.execute("SELECT aliases FROM extraction_jobs WHERE id = ?", (job,))
        found = row.fetchone()
        return found[0] if found else None

    def finish(
        self,
        item: int,
        worker: str,
        events: list[Event] | None = None,
        error: str | None = None,
    ) -> bool:
        """Store an item's events (`done`) or why it failed; False when `worker` no longer
        holds it (its lease passed and another service took it)."""
        status, value = (
            ("failed", error)
            if error is not None
            else ("done", json.dumps([e.to_json() for e in events or []]))
        )
        with self.store.writing() as db:
            cursor = db.conn.execute(
                "UPDATE extractions SET status = ?, result = ?"
                " WHERE id = ? AND claimed_by = ? AND status = 'running'",
                (status, value, item, worker),
            )
            return cursor.rowcount == 1

    def progress(self, job: int) -> JobProgress:
        counts = dict(
            self.db.execute(
                "SELECT status, count(*) FROM extractions WHERE job_id = ? GROUP BY status",
                (job,),
            ).fetchall()
        )
        failures = self.db.execute(
            "SELECT file, result FROM extractions WHERE job_id = ? AND status = 'failed'"
            " ORDER BY position",
            (job,),
        ).fetchall()
        return JobProgress(
            counts.get("pending", 0),
            counts.get("running", 0),
            counts.get("done", 0),
            [(f, r) for f, r in failures],
        )

    def results(self, job: int) -> list[Extracted]:
        """Each done item's document with its events, in the order they were filed."""
        rows = self.db.execute(
            "SELECT document, result FROM extractions WHERE job_id = ? AND status = 'done'"
            " ORDER BY position",
            (job,),
        )
        return [
            (document_from_json(json.loads(d)), [Event.from_json(e) for e in json.loads(r)])
            for d, r in rows
        ]

    def drop(self, job: int) -> None:
        """Delete a job and its items."""
        with self.store.writing() as db:
            db.execute("DELETE FROM extractions WHERE job_id = ?", (job,))
            db.execute("DELETE FROM extraction_jobs WHERE id = ?", (job,))

    def drop_abandoned(self, now: dt.datetime, lease: float) -> int:
        """Delete the jobs whose coordinator stopped renewing them; how many."""
        old = cutoff(now, lease)
        with self.store.writing() as db:
            db.execute(
                "DELETE FROM extractions WHERE job_id IN"
                " (SELECT id FROM extraction_jobs WHERE heartbeat < ?)",
                (old,),
            )
            cursor = db.conn.execute("DELETE FROM extraction_jobs WHERE heartbeat < ?", (old,))
            return cursor.rowcount
