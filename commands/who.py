"""/who <name>: the actors involved with a place, person or organisation, with evidence."""

from __future__ import annotations

import datetime as dt

from bot.replies import EntityPage
from bot.store import Store
from commands import Command, Env, Param
from commands._names import resolve

CHAT_ACTORS = 25


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> EntityPage:
    query = args["name"]
    found = resolve(store, query, seat=True)
    entity = found.entity
    if entity is None:
        return found.page("who")
    sentences, total = store.sentences.entity(entity.id, limit=env.page_size, offset=env.offset)
    return EntityPage(
        "who",
        query,
        entity,
        # Chat shows the leading co-actors; the command line's JSON holds them all.
        ranked=store.aggregates.co_actors(entity.id, limit=CHAT_ACTORS if env.page_size else None),
        sentences=sentences,
        total=total,
        asked_as=found.asked_as,
        candidates=found.candidates,
    )


COMMAND = Command(
    name="who",
    description="Who is involved with a place, person or organisation, with the evidence.",
    handler=handle,
    params=(Param("name", "A place, person or organisation, e.g. Tartus", kind="entity"),),
    examples=("/who Tartus",),
    slow=True,
)
