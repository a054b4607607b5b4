"""/where <name>: the places an actor is involved in, ranked, with evidence."""

from __future__ import annotations

import datetime as dt

from bot.replies import EntityPage
from bot.store import Store
from commands import Command, Env, Param
from commands._names import resolve


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> EntityPage:
    query = args["name"]
    found = resolve(store, query)
    entity = found.entity
    if entity is None:
        return found.page("where")
    sentences, total = store.sentences.place(entity.id, limit=env.page_size, offset=env.offset)
    return EntityPage(
        "where",
        query,
        entity,
        ranked=store.aggregates.places_of(entity.id),
        sentences=sentences,
        total=total,
        asked_as=found.asked_as,
        candidates=found.candidates,
    )


COMMAND = Command(
    name="where",
    description="Where a person, organisation or country has been acting, with the evidence.",
    handler=handle,
    params=(Param("name", "A person, organisation or country, e.g. Russia", kind="entity"),),
    examples=("/where Russia",),
    slow=True,
)
