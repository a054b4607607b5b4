"""The documents in the store: their hashes (what a reload compares) and listings."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlite_utils import Database

from bot.store.paging import paged

_NEWEST_FIRST = "d.published DESC, d.file"


class Documents:
    """store.documents: the documents in the store."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def hashes(self) -> dict[str, str]:
        """Each document's file and its sha256."""
        return {
            row["file"]: row["sha256"]
            for row in self.db.query("SELECT file, sha256 FROM documents")
        }

    def all(self) -> list[dict[str, Any]]:
        """Every document (file, title, published, sha256, events), newest first."""
        return list(
            self.db.query(
                "SELECT d.file, d.title, d.published, d.sha256,"
                " (SELECT count(*) FROM events ev WHERE ev.document_id = d.id) AS events"
                f" FROM documents d ORDER BY {_NEWEST_FIRST}"
            )
        )

    def sources(self, limit: int | None = None, offset: int = 0) -> tuple[list[dict], int]:
        """The documents in the store, newest first, with their event counts and every
        outlet that carried them (its own, then those its events credit, the most
        credited first: a wire story's copies add theirs)."""
        total = self.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        sql, params = paged(
            "SELECT d.id, d.file, d.title, d.published, count(ev.id), d.source FROM documents d"
            " LEFT JOIN events ev ON ev.document_id = d.id GROUP BY d.id",
            (),
            _NEWEST_FIRST,
            limit,
            offset,
        )
        rows = self.db.execute(sql, params).fetchall()
        credited = self._credited([r[0] for r in rows])
        return [
            {
                "file": file,
                "title": title,
                "published": published,
                "events": events,
                "outlets": list(dict.fromkeys([*([source] if source else []), *credited[id_]])),
            }
            for id_, file, title, published, events, source in rows
        ], total

    def _credited(self, ids: list[int]) -> dict[int, list[str]]:
        """The outlets each document's events credit, the most credited first."""
        counts: dict[int, Counter[str]] = {i: Counter() for i in ids}
        if ids:
            marks = ",".join("?" * len(ids))
            for document_id, sources in self.db.execute(
                f"SELECT document_id, sources FROM events WHERE document_id IN ({marks})", ids
            ):
                counts[document_id].update(set(json.loads(sources or "[]")))
        return {
            i: [name for name, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
            for i, c in counts.items()
        }
