"""What an engine must provide: the one interface the store speaks to either engine through.

Each engine is a package laid out as Django's database backends are: `base.py` is the
engine (this Protocol, satisfied by the module itself: PEP 544 lets a module implement a
protocol), `connection.py` opens a store, `schema.py` holds its migrations and
`operations.py` the SQL it spells its own way. The store picks the engine once, from
its location (`engines.engine_for`), and otherwise asks `engines.engine_of(db)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Engine(Protocol):
    """SQLite (bot.store.engines.sqlite.base) or PostgreSQL (…postgresql.base)."""

    # The engine's name, for messages ('SQLite', 'PostgreSQL').
    NAME: str

    # --- opening and the schema --------------------------------------------------------

    def open_database(self, location: Any, /, create: bool = True) -> Any:
        """A migrated store at `location` (a file, None for memory, or a URL; each engine
        names it its own way, so it is passed by position); without `create`, only an
        existing one. A newer Briefing's store opens unmigrated."""
        ...

    def newer_schema(self, db: Any) -> str | None:
        """Who wrote a store this version may not change ("a newer Briefing (…)"), or
        None: its migrations hold one this version does not know."""
        ...

    # --- transactions, locks and leases ------------------------------------------------

    def write_transaction(self, db: Any) -> AbstractContextManager[Any]:
        """One write transaction (a savepoint when nested)."""
        ...

    def snapshot(self, db: Any) -> AbstractContextManager[None]:
        """Reads that see one commit of the store."""
        ...

    def reload_lock(self, db: Any, location: Path | str | None) -> AbstractContextManager[None]:
        """Held for a whole reload: one reload at a time on the store, across processes."""
        ...

    def hold_lease(self, db: Any, name: str, owner: str, now: float, seconds: float) -> bool:
        """Take or renew the role `name` for `owner`; whether `owner` holds it."""
        ...

    def release_lease(self, db: Any, name: str, owner: str) -> None:
        """Give the role up at once, if `owner` holds it."""
        ...

    def lease_holder(self, db: Any, name: str, now: float) -> str | None:
        """Who holds the role `name` now, or None."""
        ...

    def claim_request(
        self, db: Any, columns: str, worker: str, stamp: str, cutoff: str
    ) -> tuple | None:
        """Claim the oldest pending request (or one whose claimer died), once."""
        ...

    def claim_extraction(
        self,
        db: Any,
        columns: str,
        worker: str,
        stamp: str,
        cutoff: str,
        engine: str,
        job: int | None,
    ) -> tuple | None:
        """Claim one pending work item of a live job extracted by `engine` (or one whose
        claimer died), once."""
        ...

    def generation(self, db: Any) -> tuple[int, int]:
        """Changes when the store's content may have changed."""
        ...

    # --- a copy between stores ---------------------------------------------------------

    def bulk_load(
        self, db: Any, tables: Sequence[str]
    ) -> AbstractContextManager[Callable[..., Any]]:
        """Load empty tables in bulk; yields `rows_into(table, columns)`."""
        ...

    def after_copy(self, db: Any, tables: Sequence[str]) -> None:
        """Whatever the engine needs after rows were given their ids (sequences)."""
        ...

    # --- the SQL each engine spells its own way (operations.py) ------------------------

    def matching_events(
        self, terms: Sequence[str], within: tuple[int, int] | None = None
    ) -> tuple[str, str, tuple[Any, ...]]:
        """(count SQL, SQL of the matching event ids, parameters): full-text search; with
        `within`, among the ids in that range (its two bounds are the caller's to add)."""
        ...

    def week_start(self, day: str) -> str:
        """SQL of the ISO week's Monday of an ISO date column."""
        ...

    def days_between(self, start: str, end: str) -> str:
        """SQL of the days from one ISO date column to another."""
        ...

    def completion_sql(self, rules: str, many: bool) -> str:
        """SQL of autocomplete's names with a key of `rules` in a range."""
        ...

    def json_texts(self, param: str) -> str:
        """SQL of the texts in a JSON list parameter, one row each."""
        ...
