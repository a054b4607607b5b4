"""The key/value state the process keeps between runs (the last reload, ...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlite_utils import Database

if TYPE_CHECKING:
    from bot.store import Store

# The last reload's outcome, as JSON (bot.ingest writes it; `briefing status` reads it):
# {"at", "added", "updated", "removed", "unchanged", "skipped", "first_skipped"}, or
# {"at", "failed"} for a reload that could not run.
LAST_RELOAD_KEY = "last_reload"


def set_state(db: Database, key: str, value: str) -> None:
    """Set a key, in the caller's transaction."""
    db.conn.execute(
        "INSERT INTO state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


class State:
    """store.state: the key/value state (`set_state` writes a reload's in its transaction)."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self._store = store

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set(self, key: str, value: str) -> None:
        with self._store.writing():
            set_state(self.db, key, value)
