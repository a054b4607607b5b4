"""/where <name>: the places an actor is involved in, ranked, with evidence."""

from __future__ import annotations

import datetime as dt

from bot.replies import EntityPage
from bot.store import Store
from commands import Command, Env, Param
from commands._names import entity_page


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> EntityPage:
    return entity_page(
        "where",
        store,
        args["name"],
        env,
        sentences=store.sentences.place,
        ranked=store.aggregates.places_of,
    )


COMMAND = Command(
    name="where",
    description="Where a person, organisation or country has been acting, with the evidence.",
    handler=handle,
    params=(Param("name", "A person, organisation or country, e.g. Russia", kind="entity"),),
    examples=("/where Russia",),
    slow=True,
)
