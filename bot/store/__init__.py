"""The store: the only package that writes SQL, on SQLite (a file) or PostgreSQL (a URL).

`Store` opens it with the engine its location names (bot.store.engines; no caller knows
which) and holds its parts, each a class in its own module owning its queries
(store.entities, .events, .sentences, .aggregates, .documents, .digests, .channels,
.follows, .requests, .state, .leases, .extractions, .feeds, .outbox), whose writes open
`Store.writing`.
Spanning the parts: a reload (bot.store.reload: one transaction; readers on other
connections see the old corpus or the new, never a mix), copy_from, the reload lock.
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
from bot.store import copy, reload
from bot.store.aggregates import Aggregates
from bot.store.alert_stories import AlertStories, AlertStory, Part, StoryItems
from bot.store.channels import Channels
from bot.store.digests import Digests
from bot.store.documents import Documents
from bot.store.engines import engine_for
from bot.store.entities import Entities
from bot.store.events import Events
from bot.store.extractions import ExtractionQueue
from bot.store.feeds import FeedRow, Feeds, FeedUpdate, ItemRow
from bot.store.filters import FilterRule, Filters, described
from bot.store.follows import AlertItems, Follows
from bot.store.leases import Leases
from bot.store.location import check_writable, server_url, store_path
from bot.store.outbox import Outbox
from bot.store.pace import Pace, Paces
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
from bot.store.sentences import Sentences
from bot.store.state import State

__all__ = [
    "AlertItems",
    "AlertStory",
    "DigestChannel",
    "EntityRow",
    "FeedRow",
    "FeedUpdate",
    "FilterRule",
    "ItemRow",
    "LedgerRow",
    "Pace",
    "Part",
    "RequestRow",
    "Store",
    "StoredEvent",
    "StoredSentence",
    "StoryItems",
    "described",
]


class Store:
    """One store of documents, events and entities, on either engine."""

    def __init__(self, path: Path | str = ":memory:", create: bool = True) -> None:
        """Open (and migrate) the store at `path` (a file, or a postgresql:// URL); without
        `create`, only an existing one (a question never leaves an empty store behind)."""
        self.url = server_url(path)
        self.path = store_path(path) if str(path) != ":memory:" and not self.url else None
        self._engine = engine_for(self.url)
        self.db = self._engine.open_database(self.url or self.path, create)
        newer = self._engine.newer_schema(self.db)
        upgrade = f"This store was written by {newer}: upgrade Briefing to change it;"
        # Why this process may not write the store, or None.
        self.read_only = f"{upgrade} nothing was changed." if newer else None
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
        self.feeds = Feeds(self)
        self.filters = Filters(self)
        self.pace = Paces(self)
        self.alert_stories = AlertStories(self)
        self.outbox = Outbox(self)

    def check_writable(self) -> None:
        """Refuse, with the reason, before work whose end is a write (a reload)."""
        if self.read_only is not None:
            raise StoreError(self.read_only)
        if self.path is not None:
            check_writable(self.path)

    @property
    def engine(self) -> str:
        """The engine's name, for messages ('SQLite', 'PostgreSQL')."""
        return self._engine.NAME

    @contextmanager
    def writing(self) -> Iterator[Database]:
        """One write transaction, or the StoreError saying why this store is not written."""
        self.check_writable()
        with self._engine.write_transaction(self.db) as db:
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
        with self.writing():
            reload.apply(
                self.db, changed, list(removed), stamp(now), state, known_aliases, known, seats
            )

    def reload_lock(self) -> AbstractContextManager[None]:
        """Held for a whole reload: one reload at a time on this store, across processes."""
        return self._engine.reload_lock(self.db, self.url or self.path)

    def copy_from(
        self, source: Store, progress: Callable[[str, int], None] | None = None
    ) -> dict[str, int]:
        """Copy every row of another store (either engine) into this empty one, in one
        transaction; the rows copied per table (see bot.store.copy)."""
        if source.read_only is not None:
            raise StoreError(f"The store to copy cannot be read here: {source.read_only}")
        with self.writing():
            return copy.copy_rows(source.db, self.db, progress)
