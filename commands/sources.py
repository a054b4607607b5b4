"""/sources: the documents in the store, with their dates, event counts and outlets."""

from __future__ import annotations

import datetime as dt

from bot.replies import SourceDocument, SourcesReply
from bot.store import Store
from commands import Command, Env

# A document takes one short line: a page holds this many times as many as of events.
DOCUMENTS_PER_EVENT = 4


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> SourcesReply:
    page_size = env.page_size * DOCUMENTS_PER_EVENT if env.page_size else None
    documents, total = store.documents.sources(limit=page_size, offset=env.page * (page_size or 0))
    return SourcesReply(documents=[SourceDocument(**d) for d in documents], total=total)


COMMAND = Command(
    name="sources",
    description="The documents in the store, newest first, with their events and outlets.",
    handler=handle,
    examples=("/sources",),
)
