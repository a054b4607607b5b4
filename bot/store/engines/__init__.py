"""The SQL each engine spells its own way, one module per engine, the same functions in each.

The store's modules write their SQL once, in SQLite's spelling, where both engines mean the
same by it (bot.store.engines.pg_connection translates the spelling for PostgreSQL). What
differs in meaning is asked of `engine_of(db)`: full-text search, date arithmetic, cheap
counting, what says the store changed, and setting ids after a bulk copy. As Django's
database backends keep each engine's `operations` in a module of its own, a caller names
the operation and never the engine.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any


def engine_of(db: Any) -> ModuleType:
    """The module of the engine `db` speaks to (sqlite or postgresql)."""
    if getattr(db, "engine", None) == "postgresql":
        from bot.store.engines import postgresql

        return postgresql
    from bot.store.engines import sqlite

    return sqlite


def is_postgresql(db: Any) -> bool:
    return getattr(db, "engine", None) == "postgresql"
