"""/reload (admin): re-ingest the seeds and report what changed.

With an ingest service (INGEST_SERVICE), the process that asks does not reload: it files
a request that `briefing ingest` claims and runs (a short write), then waits for the
result and reports it (reads only, which the runtime does off its writer thread).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from bot.errors import BriefingError
from bot.ingest import reload
from bot.replies import ReloadReply
from bot.store import Store
from commands import Command, Effect, Env, Waiting

# How often a request's row is read while its asker waits.
POLL_SECONDS = 0.25


class ReloadQueued(BriefingError):
    """The ingest service has not finished the request within the wait."""


class ReloadFailed(BriefingError):
    """The ingest service ran the request and the reload failed."""


def handle(store: Store, args: dict[str, str], now: dt.datetime, env: Env) -> ReloadReply | Waiting:
    if env.ingest_wait is not None:
        return ask_service(store, now, env)
    if env.engine is None:
        raise BriefingError("Reloading is not available in this front.")
    report = reload(store, env.seeds, env.engine, now, workers=env.workers)
    return ReloadReply.from_report(report.to_json())


def ask_service(store: Store, now: dt.datetime, env: Env) -> Waiting:
    """File a reload request for the ingest service; its result is waited for up to
    `env.ingest_wait` seconds (`service_answer`)."""
    request_id = store.requests.file("reload", env.user or env.front, env.channel, now)
    return Waiting(partial(service_answer, request_id), env.ingest_wait or 0, POLL_SECONDS)


def service_answer(request_id: int, store: Store, final: bool) -> ReloadReply | None:
    """The service's report of the request, None while it runs; on the last look, that
    it is queued."""
    row = store.requests.get(request_id)
    if row is not None and row.status == "done":
        return ReloadReply.from_report(row.result)
    if row is not None and row.status == "failed":
        raise ReloadFailed(f"The ingest service could not reload: {row.result}")
    if not final:
        return None
    running = row is not None and row.status == "running"
    raise ReloadQueued(
        f"Your reload is queued as request {request_id}"
        + (" and the ingest service is running it" if running else "")
        + "; it has not finished yet. The store changes when it does"
        + ("." if running else " (is `briefing ingest` running?).")
    )


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
