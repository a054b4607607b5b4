"""Roles one process at a time holds on a store (the scheduler, the ingest coordinator)."""

from __future__ import annotations

from typing import Any

from bot.store.engines import engine_of


class Leases:
    """store.leases: take, renew and give up a role. SQLite keeps a lease row until its
    time runs out, renewed by taking it again; PostgreSQL holds a session lock on this
    store's connection, freed when the connection ends."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def hold(self, name: str, owner: str, now: float, seconds: float) -> bool:
        """Take or renew the role `name` for `owner` until now + seconds (Unix time);
        whether this process holds it."""
        return engine_of(self.db).hold_lease(self.db, name, owner, now, seconds)

    def release(self, name: str, owner: str) -> None:
        engine_of(self.db).release_lease(self.db, name, owner)

    def holder(self, name: str, now: float) -> str | None:
        """Who holds the role `name` now (SQLite: the owner its row names; PostgreSQL: the
        server session holding its lock), or None when nobody does."""
        return engine_of(self.db).lease_holder(self.db, name, now)
