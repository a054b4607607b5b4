"""The store: the only package that writes SQL, on SQLite (a file) or PostgreSQL (a URL).

Documents, their events, entities with aliases and the event↔entity links with a role.
Every reload is applied in one transaction; readers on other connections see the old
corpus or the new one, never a mix (SQLite's WAL, PostgreSQL's MVCC).

`Store` opens the database and holds its parts, one per concern, each a small class in
its own module that owns its queries: `store.entities` (lookup, suggestions,
autocomplete), `store.events` and `store.sentences` (pages of what the lists show),
`store.aggregates` (counts, co-actors, the weekly timeline), `store.documents`,
`store.digests` (the ledger), `store.channels` (digest settings), `store.follows` (and
the alert ledger), `store.requests` (to the ingest service), `store.state`,
`store.leases` and `store.extractions` (work items of a shared reload). A part's writes
open their transaction through `Store.writing`, which refuses a store this process may
not write. What spans the parts stays here: opening, the write transaction, a reload
(`apply_reload`: writes, linking and the lookup index in one transaction), the reload
lock and `copy_from`. No caller knows which engine is behind it: what the engines spell
differently is asked of `engines.engine_of(db)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from sqlite_utils import Database

from bot.errors import StoreError
from bot.extraction.extractor import Event
from bot.seeds import Document
from bot.store import copy, entities, linking, writes
from bot.store.aggregates import Aggregates
from bot.store.channels import Channels
from bot.store.digests import Digests
from bot.store.documents import Documents
from bot.store.engines import engine_of
from bot.store.entities import Entities
from bot.store.events import Events
from bot.store.extractions import ExtractionQueue
from bot.store.follows import AlertItems, Follows
from bot.store.leases import Leases
from bot.store.location import check_writable, server_url, store_path
from bot.store.locks import reload_lock
from bot.store.opening import newer_schema, open_database
from bot.store.requests import Requests
from bot.store.rows import (
    DigestChannel,
    EntityRow,
    LedgerRow,
    RequestRow,
    StoredEvent,
    StoredSentence,
    stamp,
)
from bot.store.schema import migrations
from bot.store.sentences import Sentences
from bot.store.state import State

__all__ = [
    "AlertItems",
    "DigestChannel",
    "EntityRow",
    "LedgerRow",
    "RequestRow",
    "Store",
    "StoredEvent",
    "StoredSentence",
    "migrations",
]


def _knows_nothing(name: str) -> bool:
    return False


class Store:
    """One store of documents, events and entities: a SQLite file (or memory) or a
    PostgreSQL database."""

    def __init__(self, path: Path | str = ":memory:", create: bool = True) -> None:
        """Open (and migrate) the store at `path` (a file, or a postgresql:// URL);
        without `create`, only an existing one (a question never leaves an empty store
        behind)."""
        self.url = server_url(path)
        self.path = store_path(path) if str(path) != ":memory:" and not self.url else None
        if self.url is not None:
            from bot.store.engines import pg_schema
            from bot.store.engines.postgresql import open_database as open_server

            self.db = open_server(self.url, create=create)
            newer = pg_schema.newer_schema(self.db)
        else:
            self.db = open_database(self.path, create=create)
            newer = newer_schema(self.db)
        # Why this process may not write the store, or None.
        self.read_only: str | None = (
            f"This store was written by {newer}: upgrade Briefing to change it;"
            " nothing was changed."
            if newer
            else None
        )
        self.entities = Entities(self.db)
        self.events = Events(self.db)
        self.sentences = Sentences(self.db)
        self.aggregates = Aggregates(self.db)
        self.documents = Documents(self.db)
        self.leases = Leases(self.db)
        self.digests = Digests(self)
        self.channels = Channels(self)
        self.follows = Follows(self)
        self.requests = Requests(self)
        self.state = State(self)

    def check_writable(self) -> None:
        """Refuse, with the reason, before work whose end is a write (a reload)."""
        if self.read_only is not None:
            raise StoreError(self.read_only)
        if self.path is not None:
            check_writable(self.path)

    @property
    def engine(self) -> str:
        """The engine's name, for messages ('SQLite', 'PostgreSQL')."""
        return engine_of(self.db).NAME

    @contextmanager
    def writing(self) -> Iterator[Database]:
        """One write transaction, or the StoreError saying why this store is not written."""
        self.check_writable()
        with engine_of(self.db).write_transaction(self.db) as db:
            yield db

    @property
    def extractions(self) -> ExtractionQueue:
        """The work items that share a reload's extraction (bot.store.extractions)."""
        return ExtractionQueue(self)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def apply_reload(
        self,
        changed: Sequence[tuple[Document, list[Event]]],
        removed: Iterable[str],
        now: dt.datetime,
        state: dict[str, str] | None = None,
        known_aliases: Mapping[str, str] | None = None,
        known: Callable[[str], bool] | None = None,
        seats: Mapping[str, str] | None = None,
    ) -> None:
        """Replace changed documents, drop removed ones, set state and (when given) the
        lexicon's aliases by the name they stand for, then link names over the whole
        store (`known`: the names the lexicon files itself), in one transaction."""
        removed = list(removed)
        files = [*removed, *(document.file for document, _ in changed)]
        with self.writing():
            # The lookup index follows every entity the reload may touch: those of the
            # documents it replaces or removes, and those of the documents it adds; all of
            # them when the lexicon's aliases changed.
            touched = entities.entities_of_files(self.db, files)
            writes.apply_reload(self.db, changed, removed, stamp(now), state)
            if seats is not None:
                writes.replace_seats(self.db, seats)
            relexed = known_aliases is not None and writes.replace_known_aliases(
                self.db, known_aliases
            )
            touched |= entities.entities_of_files(self.db, [d.file for d, _ in changed])
            if changed or removed:
                touched |= linking.link_store(self.db, known or _knows_nothing)
            writes.settle_entities(self.db, touched)
            entities.index_entities(self.db, None if relexed else touched)

    def reload_lock(self) -> AbstractContextManager[None]:
        """Held for a whole reload: one reload at a time on this store, across processes."""
        if self.url:
            from bot.store.engines import postgresql

            return postgresql.reload_lock(self.db)
        return reload_lock(self.path)

    def copy_from(
        self, source: Store, progress: Callable[[str, int], None] | None = None
    ) -> dict[str, int]:
        """Copy every row of another store (either engine) into this empty one, in one
        transaction; the rows copied per table (see bot.store.copy)."""
        if source.read_only is not None:
            raise StoreError(f"The store to copy cannot be read here: {source.read_only}")
        with self.writing():
            return copy.copy_rows(source.db, self.db, progress)
