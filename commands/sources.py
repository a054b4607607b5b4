"""/sources: the documents in the store, with their dates and event counts."""

from __future__ import annotations

import datetime as dt

from bot.replies import SourcesReply
from bot.store import Store
from commands import Command, Env


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> SourcesReply:
    page_size = env.page_size * 4 if env.page_size else None  # short lines: more per page
    documents, total = store.sources(limit=page_size, offset=env.page * (page_size or 0))
    return SourcesReply(documents=documents, total=total)


COMMAND = Command(
    name="sources",
    description="The documents in the store, newest first, with their event counts.",
    handler=handle,
    examples=("/sources",),
)
