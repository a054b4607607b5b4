"""The two engines, side by side, behind one interface (base.Engine).

The store's modules write their SQL once, in SQLite's spelling, where both engines mean
the same by it (bot.store.engines.postgresql.connection respells it for PostgreSQL).
What differs in meaning is asked of the engine, `engine_of(db)`: full-text search, date
arithmetic, cheap counting, what says the store changed, transactions, locks, leases,
claims and the schema. As with Django's database backends, a caller names the operation
and never the engine; `Store` picks the engine once, from where the store is.
"""

from __future__ import annotations

from typing import Any, cast

from bot.store.engines.base import Engine


def engine_for(url: str | None) -> Engine:
    """The engine of a store: PostgreSQL for a postgresql:// URL, SQLite otherwise."""
    if url is not None:
        from bot.store.engines.postgresql import base as postgresql

        return cast(Engine, postgresql)
    from bot.store.engines.sqlite import base as sqlite

    return cast(Engine, sqlite)


def engine_of(db: Any) -> Engine:
    """The engine `db` speaks to (sqlite or postgresql)."""
    return engine_for("postgresql" if is_postgresql(db) else None)


def is_postgresql(db: Any) -> bool:
    return getattr(db, "engine", None) == "postgresql"
