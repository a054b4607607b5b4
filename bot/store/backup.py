"""Backups of a SQLite store while it runs, and their restore.

A backup is SQLite's online backup API (`sqlite3.Connection.backup`) run in one step: it
reads the store under one read transaction, so the copy is the store as one commit left
it (a reload writes in one transaction: the copy holds the corpus before it or after it,
never part of each), and it does not stop the running bot's writes (WAL). The copy is
written to a new file next to its target and renamed into place once complete, so a
failed backup leaves nothing that looks like one.

A restore copies a backup into the store the same way, in the store's own write
transaction. It refuses a store in use: one a running bot or ingest service holds a
lease on (the digest scheduler, the feed fetcher; see store.leases), since they would go
on from what they hold in memory. PostgreSQL has its own tools (pg_dump, pg_restore):
docs/operations.md says how.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from bot.errors import StoreError
from bot.store.engines.sqlite.schema import known_migrations

# A backup in progress, beside its target until complete.
PARTIAL = ".partial"


@dataclass(frozen=True)
class BackupReport:
    """What a backup or a restore copied."""

    source: str
    target: str
    documents: int
    events: int
    bytes: int

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "target": self.target,
            "documents": self.documents,
            "events": self.events,
            "bytes": self.bytes,
        }


def backup(store: Path, target: Path) -> BackupReport:
    """Copy the SQLite store `store` (running or not) into the new file `target`."""
    if target.exists():
        raise StoreError(f"{target} exists: give a new file for the backup.")
    if not target.parent.is_dir():
        raise StoreError(f"{target.parent} is not a folder: give a file in an existing one.")
    source = _connect(store, "ro")
    partial = target.with_name(target.name + PARTIAL)
    try:
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)  # owner-only
        os.close(fd)
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)  # one step: one read transaction, one consistent copy
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            documents, events = _counts(copy)
        finally:
            copy.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"The backup of {store} into {target} failed: {exc}.") from exc
    finally:
        source.close()
    return BackupReport(str(store), str(target), documents, events, target.stat().st_size)


def restore(backup_file: Path, store: Path, now: float | None = None) -> BackupReport:
    """Replace the store's content with the backup's, unless the store is in use."""
    source = _connect(backup_file, "ro")
    try:
        _check_backup(source, backup_file)
        if not store.exists():
            sqlite3.connect(store).close()
            os.chmod(store, 0o600)
        target = sqlite3.connect(store, timeout=30, isolation_level=None)
        try:
            if (holders := _leases(target, time.time() if now is None else now)) is not None:
                raise StoreError(
                    f"{store} is in use ({holders}): stop the bot and the ingest service"
                    " first, then restore."
                )
            source.backup(target)  # in the store's write lock, as one transaction
            documents, events = _counts(target)
        finally:
            target.close()
    except sqlite3.Error as exc:
        raise StoreError(f"Restoring {backup_file} into {store} failed: {exc}.") from exc
    finally:
        source.close()
    return BackupReport(str(backup_file), str(store), documents, events, store.stat().st_size)


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    if not path.is_file():
        raise StoreError(f"{path} is not a file: give a Briefing store (a SQLite file).")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=30)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a SQLite database ({exc}).") from exc
    return conn


def _check_backup(conn: sqlite3.Connection, path: Path) -> None:
    """A backup must be a Briefing store this version knows how to read."""
    try:
        applied = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = 'briefing'"
            )
        ]
    except sqlite3.DatabaseError:
        raise StoreError(f"{path} is not a Briefing store (it has no migrations).") from None
    unknown = [name for name in applied if name not in set(known_migrations())]
    if unknown:
        raise StoreError(f"{path} was written by a newer Briefing (it is at {unknown[-1]}).")


def _leases(conn: sqlite3.Connection, now: float) -> str | None:
    """Who holds a live lease on the store ('digest-scheduler held by host:pid'), or None."""
    try:
        rows = conn.execute(
            "SELECT name, owner FROM leases WHERE expires_at > ? ORDER BY name", (now,)
        ).fetchall()
    except sqlite3.OperationalError:  # a new file: no leases table, nobody in it
        return None
    return ", ".join(f"{name} held by {owner}" for name, owner in rows) or None


def _counts(conn: sqlite3.Connection) -> tuple[int, int]:
    try:
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    except sqlite3.OperationalError:
        return 0, 0
    return documents, events
