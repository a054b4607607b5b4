"""Reply models: what a command answers, before any front renders it.

`to_json()` is the command-line contract other tools read; chat fronts render the same
objects into their own formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.store import EntityRow, StoredEvent


def entity_json(entity: EntityRow | None) -> dict[str, Any] | None:
    """How every reply names the entity it resolved (null when the name is unknown)."""
    if entity is None:
        return None
    return {"name": entity.name, "kind": entity.kind, "aliases": list(entity.aliases)}


@dataclass
class WhoReply:
    query: str
    entity: EntityRow | None
    suggestions: list[str] = field(default_factory=list)
    actors: list[tuple[str, int]] = field(default_factory=list)
    events: list[StoredEvent] = field(default_factory=list)
    total: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "who",
            "query": self.query,
            "entity": entity_json(self.entity),
            "suggestions": list(self.suggestions),
            "actors": [{"name": n, "events": c} for n, c in self.actors],
            "events": [e.to_json() for e in self.events],
            "total": self.total,
        }


@dataclass
class WhereReply:
    query: str
    entity: EntityRow | None
    suggestions: list[str] = field(default_factory=list)
    places: list[tuple[str, int]] = field(default_factory=list)
    events: list[StoredEvent] = field(default_factory=list)
    total: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "where",
            "query": self.query,
            "entity": entity_json(self.entity),
            "suggestions": list(self.suggestions),
            "places": [{"name": n, "events": c} for n, c in self.places],
            "events": [e.to_json() for e in self.events],
            "total": self.total,
        }


@dataclass
class SinceReply:
    start: str
    events: list[StoredEvent] = field(default_factory=list)
    total: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "since",
            "from": self.start,
            "events": [e.to_json() for e in self.events],
            "total": self.total,
        }


@dataclass
class SearchReply:
    words: str
    events: list[StoredEvent] = field(default_factory=list)
    total: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "search",
            "words": self.words,
            "events": [e.to_json() for e in self.events],
            "total": self.total,
        }


@dataclass
class SourcesReply:
    documents: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"command": "sources", "documents": list(self.documents), "total": self.total}


@dataclass
class DigestItem:
    """One line of a digest: an event, with every source that reported it."""

    event: StoredEvent
    sources: list[str]

    def to_json(self) -> dict[str, Any]:
        return {**self.event.to_json(), "sources": list(self.sources)}


@dataclass
class DigestGroup:
    entity: str
    items: list[DigestItem]

    def to_json(self) -> dict[str, Any]:
        return {"entity": self.entity, "events": [i.to_json() for i in self.items]}


@dataclass
class DigestReply:
    since: str | None
    groups: list[DigestGroup] = field(default_factory=list)
    total: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "digest",
            "since": self.since,
            "groups": [g.to_json() for g in self.groups],
            "total": self.total,
        }


@dataclass
class ReloadReply:
    report: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"command": "reload", **self.report}


@dataclass
class DigestSetupReply:
    channel: str
    time: str
    timezone: str
    next_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "digest-setup",
            "channel": self.channel,
            "time": self.time,
            "timezone": self.timezone,
            "next": self.next_at,
        }


@dataclass
class HelpEntry:
    name: str
    usage: str
    description: str
    admin: bool


@dataclass
class HelpReply:
    commands: list[HelpEntry]

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "help",
            "commands": [
                {"name": c.name, "usage": c.usage, "description": c.description, "admin": c.admin}
                for c in self.commands
            ],
        }


@dataclass
class TimelineReply:
    """An entity's events oldest first, and its events per ISO week by co-actor.

    `series` maps each week's Monday (ISO) to {co-actor or "others": events}, the counts
    the chart is drawn from; `order` is the stacking order (top co-actors, then "others").
    `png` is the chart itself (not in the JSON); `png_path` where it was saved, if it was.
    """

    query: str
    entity: EntityRow | None
    suggestions: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    events: list[StoredEvent] = field(default_factory=list)
    total: int = 0
    series: dict[str, dict[str, int]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    # Events dated only to a quarter, a year or longer: listed, but in no week.
    unplaced: int = 0
    png: bytes | None = field(default=None, repr=False)
    png_path: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "timeline",
            "query": self.query,
            "entity": entity_json(self.entity),
            "suggestions": list(self.suggestions),
            "from": self.start,
            "to": self.end,
            "series": {week: dict(counts) for week, counts in self.series.items()},
            "co_actors": list(self.order),
            "unplaced": self.unplaced,
            "chart": self.png_path,
            "events": [e.to_json() for e in self.events],
            "total": self.total,
        }


Reply = (
    TimelineReply
    | WhoReply
    | SinceReply
    | DigestReply
    | ReloadReply
    | HelpReply
    | DigestSetupReply
    | SearchReply
    | SourcesReply
    | WhereReply
)
