"""/since <date>: what happened since a date, newest first, each sentence once."""

from __future__ import annotations

import datetime as dt

from bot.replies import SinceReply
from bot.store import Store
from commands import Command, Env, Param
from commands._dates import user_date


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> SinceReply:
    day = user_date(args["date"], now)
    sentences, total = store.sentences.since(day, limit=env.page_size, offset=env.offset)
    return SinceReply(start=day.isoformat(), sentences=sentences, total=total)


COMMAND = Command(
    name="since",
    description="What happened since a date (2025-01-01, 1 Jan 2025, yesterday, 3 days ago).",
    handler=handle,
    params=(Param("date", "A date: 2025-01-01, 1 Jan 2025, yesterday, 3 days ago", kind="date"),),
    examples=("/since 2025-01-01",),
    slow=True,
)
