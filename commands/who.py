"""/who <name>: the actors involved with a place, person or organisation, with evidence."""

from __future__ import annotations

import datetime as dt

from bot.replies import EntityPage
from bot.store import Store
from commands import Command, Env, Param
from commands._names import entity_page

CHAT_ACTORS = 25


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> EntityPage:
    # Chat shows the leading co-actors; the command line's JSON holds them all.
    limit = CHAT_ACTORS if env.page_size else None
    return entity_page(
        "who",
        store,
        args["name"],
        env,
        sentences=store.sentences.entity,
        ranked=lambda entity_id: store.aggregates.co_actors(entity_id, limit=limit),
        seat=True,
    )


COMMAND = Command(
    name="who",
    description="Who is involved with a place, person or organisation, with the evidence.",
    handler=handle,
    params=(Param("name", "A place, person or organisation, e.g. Tartus", kind="entity"),),
    examples=("/who Tartus",),
    slow=True,
)
