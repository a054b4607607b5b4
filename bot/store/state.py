"""The key/value state the process keeps between runs (the last reload, ...)."""

from __future__ import annotations

from sqlite_utils import Database


def get_state(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_state(db: Database, key: str, value: str) -> None:
    """Set a key, in the caller's transaction."""
    db.conn.execute(
        "INSERT INTO state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
