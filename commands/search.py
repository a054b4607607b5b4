"""/search <words>: events whose sentence holds every word, newest first."""

from __future__ import annotations

import datetime as dt

from bot.replies import SearchReply
from bot.store import Store
from commands import Command, Env, Param


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> SearchReply:
    events, total = store.search(args["words"], limit=env.page_size, offset=env.offset)
    return SearchReply(words=args["words"], events=events, total=total)


COMMAND = Command(
    name="search",
    description="Full-text search of the event sentences, newest first.",
    handler=handle,
    params=(Param("words", "Words the sentence must hold, e.g. naval base"),),
    examples=("/search naval base",),
    slow=True,
)
