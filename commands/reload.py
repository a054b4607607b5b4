"""/reload (admin): re-ingest the seeds and report what changed."""

from __future__ import annotations

import datetime as dt

from bot.errors import BriefingError
from bot.ingest import reload
from bot.replies import ReloadReply
from bot.store import Store
from commands import Command, Effect, Env


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> ReloadReply:
    if env.engine is None:
        raise BriefingError("Reloading is not available in this front.")
    report = reload(store, env.seeds, env.engine, now, workers=env.workers)
    return ReloadReply.from_report(report.to_json())


COMMAND = Command(
    name="reload",
    description="Re-read the seed documents and report what was added, updated or removed.",
    handler=handle,
    admin=True,
    examples=("/reload",),
    slow=True,
    writes=True,
    after=(Effect.SEND_ALERTS,),
)
