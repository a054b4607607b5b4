"""/who <name>: the actors involved with a place, person or organisation, with evidence."""

from __future__ import annotations

import datetime as dt

from rapidfuzz import fuzz, process, utils

from bot.replies import WhoReply
from bot.store import Store
from commands import Command, Env, Param


def suggest(query: str, names: list[str], limit: int = 5) -> list[str]:
    """Close spellings of an unknown name, best first."""
    matches = process.extract(
        query,
        names,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit * 3,
        score_cutoff=75,
    )
    seen: list[str] = []
    for name, _score, _ in matches:
        if name.lower() not in (s.lower() for s in seen):
            seen.append(name)
    return seen[:limit]


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> WhoReply:
    query = args["name"]
    entity = store.entity(query)
    if entity is None:
        return WhoReply(query=query, entity=None, suggestions=suggest(query, store.names()))
    events, total = store.entity_events(entity.id, limit=env.page_size, offset=env.offset)
    return WhoReply(
        query=query, entity=entity, actors=store.co_actors(entity.id), events=events, total=total
    )


COMMAND = Command(
    name="who",
    description="Who is involved with a place, person or organisation, with the evidence.",
    handler=handle,
    params=(Param("name", "A place, person or organisation, e.g. Tartus", kind="entity"),),
    examples=("/who Tartus",),
)
