"""/search <words>: the sentences that hold every word, newest first, each once."""

from __future__ import annotations

import datetime as dt

from bot.replies import SearchReply
from bot.store import Store
from commands import Command, Env, Param


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> SearchReply:
    words = args["words"]
    sentences, total = store.sentences.search(words, limit=env.page_size, offset=env.offset)
    return SearchReply(words=words, sentences=sentences, total=total)


COMMAND = Command(
    name="search",
    description="Full-text search of the event sentences, newest first.",
    handler=handle,
    params=(Param("words", "Words the sentence must hold, e.g. naval base"),),
    examples=("/search naval base",),
    slow=True,
)
