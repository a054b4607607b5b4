"""The store: the only package that writes SQL, on SQLite (a file) or PostgreSQL (a URL).

Documents, their events, entities with aliases and the event↔entity links with a role.
Every reload is applied in one transaction; readers on other connections see the old
corpus or the new one, never a mix (SQLite's WAL, PostgreSQL's MVCC).

`Store` is the facade the rest of the bot uses; no caller knows which engine is behind
it. Each concern is a module of functions that take the database (sqlite-utils'
`Database`, or `engines.pg_connection.PgDatabase`, which answers the same calls); what
the engines spell differently is asked of `engines.engine_of(db)`. The modules: schema
(migrations, opening the file), rows (what queries return), writes (a reload), state,
entities (lookup, suggestions), events (pages of events), sentences (pages of sentences,
what the lists show), aggregates (counts, co-actors, weekly timeline), documents, digests
(the ledger) and channels (digest settings); paging holds the one ORDER BY / LIMIT /
OFFSET. Functions rather than a class per concern because the connection is the only
state they share: such classes would hold nothing else. The facade opens the
transactions, so the modules' writes compose in one (a reload's state is set in the
reload's transaction). The one concern that keeps state between calls, the names cache,
is a small class it holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.errors import StoreError
from bot.extraction.extractor import Event
from bot.extraction.names.surface import normalise
from bot.seeds import Document
from bot.store import (
    aggregates,
    channels,
    copy,
    days,
    digests,
    documents,
    entities,
    events,
    extractions,
    follows,
    linking,
    requests,
    sentences,
    writes,
)
from bot.store import state as state_table
from bot.store.engines import engine_of
from bot.store.follows import AlertItems
from bot.store.location import check_writable, server_url, store_path
from bot.store.locks import reload_lock
from bot.store.opening import newer_schema, open_database
from bot.store.rows import (
    DigestChannel,
    EntityRow,
    LedgerRow,
    RequestRow,
    StoredEvent,
    StoredSentence,
)
from bot.store.schema import migrations

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


def _stamp(now: dt.datetime) -> str:
    return now.isoformat(timespec="seconds")


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
        self._names = entities.NameCache(self.db)

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
    def _writing(self) -> Iterator[Database]:
        """One write transaction, or the StoreError saying why this store is not written."""
        self.check_writable()
        with engine_of(self.db).write_transaction(self.db) as db:
            yield db

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing (each in its own transaction) ---------------------------------------

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
        with self._writing():
            # The lookup index follows every entity the reload may touch: those of the
            # documents it replaces or removes, and those of the documents it adds; all of
            # them when the lexicon's aliases changed.
            touched = entities.entities_of_files(self.db, files)
            writes.apply_reload(self.db, changed, removed, _stamp(now), state)
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
        with self._writing():
            return copy.copy_rows(source.db, self.db, progress)

    def rebuild_name_index(self) -> None:
        """Rebuild the lookup keys and event counts of every entity (after bulk SQL)."""
        with self._writing():
            entities.index_entities(self.db)

    def hold_lease(self, name: str, owner: str, now: float, seconds: float) -> bool:
        """Take or renew the role `name` (one process at a time) for `owner`; whether
        this process holds it. SQLite: a lease row until now + seconds (Unix time),
        renewed by calling again; PostgreSQL: a session lock on this store's connection,
        freed when the connection ends."""
        return engine_of(self.db).hold_lease(self.db, name, owner, now, seconds)

    def release_lease(self, name: str, owner: str) -> None:
        engine_of(self.db).release_lease(self.db, name, owner)

    def set_state(self, key: str, value: str) -> None:
        with self._writing():
            state_table.set_state(self.db, key, value)

    def set_digest_channel(
        self,
        channel: str,
        guild: str | None,
        time: str,
        timezone: str,
        skip_empty: bool,
        now: dt.datetime,
        rhythm: str = "daily",
    ) -> DigestChannel:
        """Point a guild's digest (or a channel's, without a guild) at a channel, a time
        and a rhythm ('daily', 'weekly monday')."""
        with self._writing():
            return channels.set_digest_channel(
                self.db, channel, guild, time, timezone, skip_empty, _stamp(now), rhythm
            )

    def claim_digest(self, channel: str, digest_date: str, now: dt.datetime) -> bool:
        """Claim a channel's digest for a date; False when it was already claimed."""
        with self._writing():
            return digests.claim_digest(self.db, channel, digest_date, _stamp(now))

    def mark_digest_posted(
        self, channel: str, digest_date: str, message_id: str | None, now: dt.datetime
    ) -> None:
        with self._writing():
            digests.mark_digest_posted(self.db, channel, digest_date, message_id, _stamp(now))

    def follow(self, channel: str, name: str, now: dt.datetime) -> bool:
        """Follow an entity (by its name) in a channel; what the store holds of it now is
        known, so only later items alert. False when it was already followed."""
        with self._writing():
            return follows.follow(self.db, channel, name, _stamp(now))

    def unfollow(self, channel: str, name: str) -> bool:
        """Stop following an entity in a channel; False when it was not followed."""
        with self._writing():
            return follows.unfollow(self.db, channel, name)

    def claim_alerts(
        self,
        channel: str,
        batch: str,
        now: dt.datetime,
        background_days: int = follows.BACKGROUND_DAYS,
    ) -> int:
        """Claim, for one alert message, the channel's new news items (not background);
        how many it won."""
        with self._writing():
            return follows.claim_alerts(self.db, channel, batch, _stamp(now), background_days)

    def mark_alerts_posted(
        self, channel: str, batch: str, message_id: str | None, now: dt.datetime
    ) -> None:
        with self._writing():
            follows.mark_alerts_posted(self.db, channel, batch, message_id, _stamp(now))

    # --- requests to the ingest service ------------------------------------------------

    def file_request(self, kind: str, asked_by: str | None, channel: str, now: dt.datetime) -> int:
        """File a request for the ingest service (`briefing ingest`); its id."""
        with self._writing():
            return requests.file_request(self.db, kind, asked_by, channel, _stamp(now))

    def claim_request(
        self, worker: str, now: dt.datetime, lease: float | None = None
    ) -> RequestRow | None:
        """The oldest pending request (or, with a `lease`, one whose claimer's heartbeat
        is older: it died), claimed by `worker` so that no other service runs it."""
        self.check_writable()
        old = extractions.cutoff(now, lease) if lease is not None else ""
        return requests.claim_request(self.db, worker, extractions.beat(now), old)

    def finish_request(
        self,
        request_id: int,
        now: dt.datetime,
        result: dict[str, Any] | None = None,
        error: str | None = None,
        claimed_by: str | None = None,
    ) -> bool:
        """Store a claimed request's result, or the message saying why it failed (with
        `claimed_by`, only while that service holds it); whether it was stored."""
        with self._writing():
            return requests.finish_request(
                self.db, request_id, result, error, _stamp(now), claimed_by
            )

    @property
    def extractions(self) -> extractions.ExtractionQueue:
        """The work items that share a reload's extraction (bot.store.extractions)."""
        return extractions.ExtractionQueue(self)

    def running_requests(self) -> list[RequestRow]:
        return requests.running_requests(self.db)

    def requeue_request(self, request_id: int, claimed_by: str) -> bool:
        """Put back a request whose claimer died; False when it is no longer theirs."""
        with self._writing():
            return requests.requeue_request(self.db, request_id, claimed_by)

    def request(self, request_id: int) -> RequestRow | None:
        return requests.request(self.db, request_id)

    def pending_requests(self) -> int:
        return requests.pending_requests(self.db)

    # --- follows and the alert ledger --------------------------------------------------

    def following(self, channel: str) -> list[tuple[str, str | None, int]]:
        """What a channel follows: (name, kind, events), by name."""
        return follows.following(self.db, channel)

    def followed(self, channel: str) -> list[int]:
        """The ids of the entities a channel follows (for the digest's "Following")."""
        return follows.followed_ids(self.db, channel)

    def follow_channels(self, prefix: str = "") -> list[str]:
        """Channels that follow something or have an alert left unmarked."""
        return follows.follow_channels(self.db, prefix)

    def unposted_alert_batches(self, channel: str) -> list[str]:
        return follows.unposted_batches(self.db, channel)

    def alert_items(self, channel: str, batch: str) -> AlertItems:
        """A claimed batch's items still in the store, with the entity each is about."""
        return follows.alert_items(self.db, channel, batch)

    def alert_ledger(self, channel: str) -> list[tuple[str, str, str, str | None]]:
        """The items a channel was alerted of: (file, sentence, batch, posted_at)."""
        return follows.alert_ledger(self.db, channel)

    # --- state, documents and the digest settings and ledger -------------------------

    def get_state(self, key: str) -> str | None:
        return state_table.get_state(self.db, key)

    def document_hashes(self) -> dict[str, str]:
        return documents.document_hashes(self.db)

    def documents(self) -> list[dict[str, Any]]:
        return documents.documents(self.db)

    def sources(self, limit: int | None = None, offset: int = 0) -> tuple[list[dict], int]:
        """The documents in the store, newest first, with their event counts."""
        return documents.sources(self.db, limit, offset)

    def digest_channels(self, prefix: str = "") -> list[DigestChannel]:
        return channels.digest_channels(self.db, prefix)

    def ledger(self, channel: str | None = None) -> list[LedgerRow]:
        return digests.ledger(self.db, channel)

    def last_digest_at(self, channel: str) -> str | None:
        """When the channel's last delivered digest was claimed (composed just after)."""
        return digests.last_digest_at(self.db, channel)

    # --- entities and names ----------------------------------------------------------

    def entity(self, name: str) -> EntityRow | None:
        """An entity by its name or one of its aliases, case-insensitively."""
        return entities.entity(self.db, name)

    def seat_of(self, typed: str) -> str | None:
        """The country a capital or seat of government acts for ("Beijing", "the
        Kremlin"), by its lookup key; None for any other name."""
        row = self.db.execute("SELECT name FROM seats WHERE key = ?", (normalise(typed),))
        found = row.fetchone()
        return found[0] if found else None

    def entity_named(self, name: str) -> EntityRow | None:
        """The entity with exactly this name (any case)."""
        return entities.named(self.db, name)

    def entity_by_id(self, entity_id: int) -> EntityRow | None:
        return entities.by_id(self.db, entity_id)

    def entities_aliased(self, alias: str) -> list[tuple[int, str, str, int]]:
        """Entities with this alias (any case): (id, name, kind, events), most linked first."""
        return entities.aliased(self.db, alias)

    def entities_keyed(self, rules: Sequence[str], key: str) -> list[tuple[int, str, str, int]]:
        """Entities with a normalised lookup key under one of the rules, most linked first."""
        return entities.keyed(self.db, rules, key)

    def lookup_keys_starting(self, rule: str, prefix: str) -> list[str]:
        """The normalised lookup keys of one rule that start with `prefix`."""
        return entities.keys_starting(self.db, rule, prefix)

    def entities_worded(self, words: Sequence[str]) -> list[tuple[int, str, str, int]]:
        """Entities whose name holds every one of these normalised words, most linked first."""
        return entities.worded(self.db, words)

    def names_written_alike(self, names: Iterable[str]) -> list[str]:
        """Stored entity names written like one of `names` (case, hyphens, dots, diacritics)."""
        return entities.written_alike(self.db, names)

    def person_names(self, leaving: Sequence[str] = ()) -> list[str]:
        """Full names (two words or more) of the people in the store, only those a
        document other than the files `leaving` names."""
        return entities.person_names(self.db, leaving)

    def generation(self) -> tuple[int, int]:
        """Changes when the store's content may have changed."""
        return entities.generation(self.db)

    def names(self) -> list[str]:
        """Every entity name and alias, for suggestions (cached per store generation)."""
        return self._names.names()

    def names_starting(self, letter: str) -> list[str]:
        """Entity names and aliases that start with one letter (case-insensitively)."""
        return entities.names_starting(self.db, letter)

    def entity_count_estimate(self) -> int:
        """About how many entities there are, without counting them."""
        return entities.entity_count_estimate(self.db)

    def complete(self, prefix: str, limit: int = 25) -> list[str]:
        """Entity names with a word starting with the prefix, most linked first (kept
        between calls until the store changes)."""
        return self._names.completions(prefix, limit)

    # --- counts ----------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return aggregates.counts(self.db)

    def co_actors(self, entity_id: int, limit: int | None = None) -> list[tuple[str, int]]:
        """Actors in the entity's events (the entity excluded), by number of events."""
        return aggregates.co_actors(self.db, entity_id, limit)

    def places_of(self, entity_id: int, limit: int = 25) -> list[tuple[str, int]]:
        """Places in the events an entity takes part in, by number of events."""
        return aggregates.places_of(self.db, entity_id, limit)

    def timeline_counts(
        self,
        entity_id: int,
        start: dt.date | None = None,
        end: dt.date | None = None,
        top: int = 5,
        max_span_days: int = 31,
    ) -> list[tuple[str, str | None, int | None, int]]:
        """An entity's events per ISO week, split by its top co-actors (see aggregates)."""
        return aggregates.timeline_counts(self.db, entity_id, start, end, top, max_span_days)

    # --- pages of events -------------------------------------------------------------

    def entity_events(
        self, entity_id: int, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredEvent], int]:
        """Events linked to an entity in any role, newest first, and their total."""
        return events.entity_events(self.db, entity_id, limit, offset)

    def place_events(
        self, entity_id: int, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredEvent], int]:
        """Events where an entity acts and some place is named, newest first."""
        return events.place_events(self.db, entity_id, limit, offset)

    def timeline_events(
        self,
        entity_id: int,
        start: dt.date | None = None,
        end: dt.date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[StoredEvent], int]:
        """An entity's events (any role) starting between two days, oldest first."""
        return events.timeline_events(self.db, entity_id, start, end, limit, offset)

    def events_since(
        self, day: dt.date, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredEvent], int]:
        """Events whose interval reaches the day or later, newest first, and their total."""
        return events.events_since(self.db, day, limit, offset)

    def events_ingested_since(
        self, stamp: str | None, limit: int = 5000, until: str | None = None
    ) -> list[StoredEvent]:
        """Events ingested after a timestamp (all when None), up to `until` when given,
        newest first."""
        return events.events_ingested_since(self.db, stamp, limit, until)

    def events_published_between(
        self, start: dt.date | None, end: dt.date | None, limit: int = 5000
    ) -> list[StoredEvent]:
        """Events of documents published in [start, end] (open ends when None)."""
        return events.events_published_between(self.db, start, end, limit)

    def entity_activity(self, names: list[str], start: dt.date, end: dt.date) -> dict[str, int]:
        """Each named entity's events dated in [start, end): prominence and baselines."""
        return days.entity_activity(self.db, names, start, end)

    def search(
        self, words: str, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredEvent], int]:
        """Events whose sentence holds every word (full-text, stemmed), newest first."""
        return events.search(self.db, words, limit, offset)

    # --- pages of sentences: what the lists show (each sentence once, its events in it) ---

    def entity_sentences(
        self, entity_id: int, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredSentence], int]:
        """Sentences holding events linked to an entity in any role, newest first, and
        their total."""
        return sentences.entity_sentences(self.db, entity_id, limit, offset)

    def place_sentences(
        self, entity_id: int, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredSentence], int]:
        """Sentences holding events where an entity acts and some place is named, newest
        first, and their total."""
        return sentences.place_sentences(self.db, entity_id, limit, offset)

    def timeline_sentences(
        self,
        entity_id: int,
        start: dt.date | None = None,
        end: dt.date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[StoredSentence], int]:
        """Sentences holding an entity's events (any role) that start between two days,
        oldest first, and their total."""
        return sentences.timeline_sentences(self.db, entity_id, start, end, limit, offset)

    def sentences_since(
        self, day: dt.date, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredSentence], int]:
        """Sentences holding events whose interval reaches the day or later, newest first,
        and their total."""
        return sentences.sentences_since(self.db, day, limit, offset)

    def search_sentences(
        self, words: str, limit: int | None = None, offset: int = 0
    ) -> tuple[list[StoredSentence], int]:
        """Sentences that hold every word (full-text, stemmed), newest first, and their
        total."""
        return sentences.search(self.db, words, limit, offset)
