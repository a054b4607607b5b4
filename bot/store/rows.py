"""The rows the store hands out, turning SQLite rows into them, and the stamp of a row's time."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DigestChannel:
    """Where and when a daily digest goes. `channel` is front-qualified: 'discord:123'."""

    channel: str
    guild: str | None
    time: str
    timezone: str
    skip_empty: bool
    updated_at: str
    # 'daily', or 'weekly <day>' ('weekly monday'): see bot.digest.schedule.
    rhythm: str = "daily"


@dataclass(frozen=True)
class LedgerRow:
    """One digest in the ledger: claimed once per channel and date, then maybe posted."""

    channel: str
    digest_date: str
    claimed_at: str
    posted_at: str | None
    message_id: str | None


@dataclass(frozen=True)
class EntityRow:
    id: int
    name: str
    kind: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class StoredEvent:
    id: int
    when_start: str
    when_end: str
    granularity: str
    when_text: str | None
    actors: tuple[str, ...]
    places: tuple[str, ...]
    action: str
    attribution: str | None
    sentence: str
    file: str
    title: str | None
    published: str
    ingested_at: str
    # Every outlet the event is credited to (`attribution` is the first), the document's
    # link and section heading when the seed has them, and its paragraph in the document.
    sources: tuple[str, ...] = ()
    url: str | None = None
    section: str | None = None
    paragraph: int = 0
    # Every date its sentence mentions, with its role (bot.extraction.dates.roles): dicts of
    # text, role, start, end, granularity; () for an event stored before them (m017).
    dates: tuple[dict[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "when": {
                "start": self.when_start,
                "end": self.when_end,
                "granularity": self.granularity,
                "text": self.when_text,
            },
            "actors": list(self.actors),
            "places": list(self.places),
            "action": self.action,
            "attribution": self.attribution,
            "sources": list(self.sources),
            "sentence": self.sentence,
            "dates": list(self.dates),
            "document": {
                "file": self.file,
                "title": self.title,
                "published": self.published,
                "url": self.url,
                "section": self.section,
            },
        }


def _union(groups: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """Every name of the groups once, in the order they first come."""
    return tuple(dict.fromkeys(name for group in groups for name in group))


@dataclass(frozen=True)
class StoredSentence:
    """One sentence of a document as a list shows it: once, with the events the list
    found in it (a sentence yields an event per clause), in the sentence's order. `lead`,
    one of them, is the event the list orders and dates the sentence by: its first in the
    list's order."""

    lead: StoredEvent
    events: tuple[StoredEvent, ...]

    @property
    def sentence(self) -> str:
        return self.lead.sentence

    @property
    def actors(self) -> tuple[str, ...]:
        """The actors of all its events, each once, in the order of its events."""
        return _union([e.actors for e in self.events])

    @property
    def places(self) -> tuple[str, ...]:
        return _union([e.places for e in self.events])

    def to_json(self) -> dict[str, Any]:
        """The sentence with its lead's date and document, and its events' ids (the
        reply's `events` holds them whole)."""
        lead = self.lead.to_json()
        return {
            "sentence": self.sentence,
            "when": lead["when"],
            "actors": list(self.actors),
            "places": list(self.places),
            "sources": list(_union([e.sources for e in self.events])),
            "document": lead["document"],
            "events": [e.id for e in self.events],
        }


# The columns of an event row, in the order `stored_event` reads them (ev: events,
# d: its document).
EVENT_COLUMNS = """
    ev.id, ev.when_start, ev.when_end, ev.granularity, ev.when_text, ev.action,
    ev.attribution, ev.sentence, d.file, d.title, d.published, ev.ingested_at,
    ev.sources, d.url, ev.section, ev.paragraph, d.source, ev.dates
"""


def read_sources(
    stored: str | None, attribution: str | None, document_source: str | None = None
) -> tuple[str, ...]:
    """The sources column (a JSON list); a row from before it (m007) has its attribution.
    A paragraph that cites no outlet is credited to its document's `source` header."""
    sources = tuple(json.loads(stored)) if stored else ()
    if not sources and attribution:
        sources = (attribution,)
    if not sources and document_source:
        sources = (document_source,)
    return sources


def stored_event(row: Sequence[Any], actors: Sequence[str], places: Sequence[str]) -> StoredEvent:
    """An EVENT_COLUMNS row with its actors and places."""
    return StoredEvent(
        id=row[0],
        when_start=row[1],
        when_end=row[2],
        granularity=row[3],
        when_text=row[4],
        action=row[5],
        attribution=row[6],
        sentence=row[7],
        file=row[8],
        title=row[9],
        published=row[10],
        ingested_at=row[11],
        sources=read_sources(row[12], row[6], row[16]),
        url=row[13],
        section=row[14],
        paragraph=row[15],
        dates=tuple(json.loads(row[17])) if row[17] else (),
        actors=tuple(actors),
        places=tuple(places),
    )


def digest_channel(row: Sequence[Any]) -> DigestChannel:
    """A digest_channels row (channel, guild, time, timezone, skip_empty, updated_at,
    rhythm)."""
    return DigestChannel(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6])


def ledger_row(row: Sequence[Any]) -> LedgerRow:
    """A digests row (channel, digest_date, claimed_at, posted_at, message_id)."""
    return LedgerRow(*row)


def entity_row(row: Sequence[Any], aliases: Sequence[str]) -> EntityRow:
    """An entities row (id, name, kind) with its aliases."""
    return EntityRow(row[0], row[1], row[2], tuple(aliases))


@dataclass(frozen=True)
class RequestRow:
    """One request to the ingest service (bot.store.requests)."""

    id: int
    kind: str
    asked_by: str | None
    channel: str
    asked_at: str
    # 'pending', 'running' (claimed), 'done' or 'failed'.
    status: str
    claimed_by: str | None
    claimed_at: str | None
    finished_at: str | None
    # A done reload's report (its JSON), a failed one's message for the user, else None.
    result: Any = None


def stamp(now: dt.datetime) -> str:
    """A time as the rows store it (claimed_at, followed_at, ...): to the second."""
    return now.isoformat(timespec="seconds")
