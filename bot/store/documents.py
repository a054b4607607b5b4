"""The documents in the store: their hashes (what a reload compares) and listings."""

from __future__ import annotations

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
        """The documents in the store, newest first, with their event counts."""
        total = self.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        sql, params = paged(
            "SELECT d.file, d.title, d.published, count(ev.id) FROM documents d"
            " LEFT JOIN events ev ON ev.document_id = d.id GROUP BY d.id",
            (),
            _NEWEST_FIRST,
            limit,
            offset,
        )
        return [
            {"file": r[0], "title": r[1], "published": r[2], "events": r[3]}
            for r in self.db.execute(sql, params)
        ], total
