"""The ingest service (`briefing ingest`): the one process that writes the corpus.

Chat processes started with INGEST_SERVICE=true file each `/reload` as a row of the
store's `requests` table (bot.store.requests). The service polls that table, claims one
request at a time (two services never claim the same one), runs the reload and stores
its report, which the asker is waiting to read. With `--watch` it also reloads on every
debounced change of the seeds folder. Reloads in one service run one after the other
(an asyncio lock), and across services and hosts the store's reload lock serialises them.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
from collections.abc import Callable
from pathlib import Path

from bot.errors import BriefingError
from bot.extraction.engine import Engine
from bot.ingest import ReloadReport, reload
from bot.store import RequestRow, Store

log = logging.getLogger(__name__)
FAILED = "the reload failed; the ingest service's log says why"
OnServed = Callable[[RequestRow, ReloadReport | None, str | None], None]


def worker_name() -> str:
    """How a service signs its claims: 'host:pid'."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def abandoned_on_this_host(rows: list[RequestRow], host: str | None = None) -> list[RequestRow]:
    """The running requests claimed by a service of this host that no longer runs (a
    service elsewhere cannot be checked from here, and is left alone)."""
    host = host or socket.gethostname()
    found = []
    for row in rows:
        name, _, pid = (row.claimed_by or "").rpartition(":")
        if name == host and pid.isdigit() and not _alive(int(pid)):
            found.append(row)
    return found


class IngestService:
    """Serves reload requests from one store, on one connection of its own."""

    def __init__(
        self,
        location: Path | str,
        seeds: Path,
        engine: Engine,
        clock: Callable[[], dt.datetime],
        *,
        workers: int = 1,
        poll: float = 1.0,
        on_served: OnServed | None = None,
    ) -> None:
        self.store = Store(location)
        self.seeds = seeds
        self.engine = engine
        self.clock = clock
        self.workers = workers
        self.poll = poll
        self.on_served = on_served
        self.name = worker_name()
        self._reloading = asyncio.Lock()

    def close(self) -> None:
        self.store.close()

    def reload(self) -> ReloadReport:
        return reload(self.store, self.seeds, self.engine, self.clock(), workers=self.workers)

    def serve_one(self) -> RequestRow | None:
        """Claim the oldest pending request and run it; None when none was pending."""
        row = self.store.claim_request(self.name, self.clock())
        if row is None:
            return None
        report, error = None, None
        try:
            report = self.reload()
        except BriefingError as exc:
            error = exc.message
        except Exception:
            log.exception("request %d: the reload failed", row.id)
            error = FAILED
        self.store.finish_request(
            row.id, self.clock(), result=report.to_json() if report else None, error=error
        )
        log.info("request %d (%s in %s): %s", row.id, row.asked_by, row.channel, error or "done")
        if self.on_served is not None:
            self.on_served(row, report, error)
        return row

    def requeue_abandoned(self) -> int:
        """Put back the requests a dead service of this host had claimed; how many."""
        rows = abandoned_on_this_host(self.store.running_requests())
        back = sum(self.store.requeue_request(r.id, r.claimed_by or "") for r in rows)
        if back:
            log.warning("ingest service: %d request(s) of a stopped service queued again", back)
        return back

    def serve_pending(self) -> int:
        """Run every pending request, oldest first; how many ran."""
        served = 0
        while self.serve_one() is not None:
            served += 1
        return served

    async def _locked(self, work: Callable[[], object]) -> object:
        async with self._reloading:
            return await asyncio.to_thread(work)

    async def run_watched_reload(self) -> ReloadReport:
        """A reload after a change of the seeds, behind any request being served."""
        report = await self._locked(self.reload)
        assert isinstance(report, ReloadReport)
        return report

    async def serve(self, stop: asyncio.Event) -> int:
        """Serve requests until `stop` is set, looking every `poll` seconds; how many ran."""
        served = 0
        while not stop.is_set():
            try:
                served += int(await self._locked(self.serve_pending))  # type: ignore[arg-type]
            except BriefingError as exc:  # the store is unreachable for now: try again
                log.warning("ingest service: %s", exc.message)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.poll)
        return served
