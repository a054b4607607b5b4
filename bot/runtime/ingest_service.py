"""The ingest service (`briefing ingest`): the one process that writes the corpus.

Chat processes started with INGEST_SERVICE=true file each `/reload` as a row of the
store's `requests` table (bot.store.requests). The service polls that table, claims one
request at a time (two services never claim the same one), runs the reload and stores
its report, which the asker is waiting to read. With `--watch` it also reloads on every
debounced change of the seeds folder. Reloads in one service run one after the other
(an asyncio lock), and across services and hosts the store's reload lock serialises them.

Several services share one reload's extraction (bot.store.extractions): when another
service is alive on the store (its `services` heartbeat is within the lease) and a reload
has two documents or more to extract, the service running it files one work item per
document and extracts items itself while the others claim the rest; it then writes the
corpus in its one transaction. Alone, it extracts as `reload` always did (its own
`--workers` pool), and files nothing. A heartbeat thread renews all a service holds; a
request or item whose heartbeat is older than the lease is taken over by another service.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from bot.errors import BriefingError, StoreUnavailable
from bot.extraction.engine import Aliases, Engine, fingerprint
from bot.extraction.extractor import Event, Extractor
from bot.ingest import ReloadReport, local_extraction, reload
from bot.seeds import Document
from bot.store import RequestRow, Store
from bot.store.faults import driver_errors

log = logging.getLogger(__name__)
FAILED = "the reload failed; the ingest service's log says why"
LEASE_SECONDS = 60.0
ITEM_POLL_SECONDS = 0.2  # how often a coordinator looks whether its items are done
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


class ExtractionFailed(BriefingError):
    """A document of a shared reload could not be extracted; nothing was written."""


class Heartbeat:
    """Renews, on a connection of its own, every `lease / 4` seconds, the heartbeat of all
    a service holds (its claimed requests and items, its jobs; while it serves, its
    `services` row, which tells a coordinator that someone polls for items)."""

    def __init__(self, service: IngestService) -> None:
        self.service = service
        self.helping = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, helping: bool = False) -> None:
        s = self.service
        if helping and not self.helping:
            s.store.extractions.register(s.name, s.engine_stamp, s.clock())
            self.helping = True
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        s = self.service
        store: Store | None = None
        try:
            while not self._stop.wait(max(0.05, s.lease / 4)):
                try:
                    with driver_errors():
                        # Opened at the first beat, and again after a failed open: a
                        # server restarting as the thread starts is one missed beat.
                        store = store or Store(s.location)
                        store.extractions.renew(s.name, s.clock())
                except BriefingError as exc:  # the store is unreachable for now
                    log.warning("ingest service heartbeat: %s", exc.message)
                except Exception:  # a locked or lost connection: the next beat tries again
                    log.exception("ingest service heartbeat failed")
        finally:
            if store is not None:
                with contextlib.suppress(Exception):  # a connection the restart broke
                    store.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.helping:
            with contextlib.suppress(BriefingError):
                self.service.store.extractions.leave(self.service.name)


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
        lease: float = LEASE_SECONDS,
    ) -> None:
        self.location = location
        self.store = Store(location)
        self.seeds = seeds
        self.engine = engine
        self.clock = clock
        self.workers = workers
        self.poll = poll
        self.on_served = on_served
        self.name = worker_name()
        self.lease = lease
        self._reloading = asyncio.Lock()
        self.heartbeat = Heartbeat(self)
        self._engine_stamp: str | None = None
        self._job_aliases: dict[int, Aliases] = {}

    def close(self) -> None:
        self.heartbeat.stop()
        self.store.close()

    @property
    def engine_stamp(self) -> str:
        """What shapes this service's extraction besides a seeds' alias file (model, rules,
        code): services share a job's items only when theirs are the same."""
        if self._engine_stamp is None:
            self._engine_stamp = fingerprint(None, self.engine.model)
        return self._engine_stamp

    def reload(self) -> ReloadReport:
        self.heartbeat.start()
        return reload(
            self.store,
            self.seeds,
            self.engine,
            self.clock(),
            workers=self.workers,
            extract=self.extract,
        )

    # --- sharing a reload's extraction -------------------------------------------------

    def sharing(self, documents: list[Document]) -> bool:
        """Whether to file work items: another service polls for them, and there are at
        least two documents (one is extracted fastest where it is)."""
        if len(documents) < 2:
            return False
        alive = self.store.extractions.live_services(self.clock(), self.lease, self.engine_stamp)
        return any(name != self.name for name in alive)

    def extract(
        self, documents: list[Document], aliases: Aliases
    ) -> Iterable[tuple[Document, list[Event]]]:
        """A reload's extraction: shared through work items, or here as `reload` does."""
        if not self.sharing(documents):
            return local_extraction(self.engine, self.workers)(documents, aliases)
        queue = self.store.extractions
        job = queue.file(self.name, self.engine_stamp, aliases.text(), documents, self.clock())
        self._job_aliases = {job: aliases}  # its items are extracted here with the reload's
        log.info("reload: %d documents shared as job %d", len(documents), job)
        try:
            while True:
                queue.renew(self.name, self.clock())  # the job is alive while it waits
                self.extract_items(job)
                progress = queue.progress(job)
                if progress.failures:
                    file, _ = progress.failures[0]
                    raise ExtractionFailed(
                        f"The reload stopped: {file} could not be extracted (the ingest"
                        " services' log says why); nothing was changed."
                    )
                if progress.done == len(documents):
                    return queue.results(job)
                time.sleep(ITEM_POLL_SECONDS)  # others extract the rest
        finally:
            queue.drop(job)

    def extract_items(self, job: int | None = None) -> int:
        """Claim and extract items (of `job` only, when given) until none is left or one
        fails; how many were extracted."""
        self.heartbeat.start()
        queue = self.store.extractions
        done = 0
        while item := queue.claim(self.name, self.engine_stamp, self.clock(), self.lease, job):
            try:
                [(_, events)] = self._extractor(item.job).extract_many([item.document])
            except Exception:
                log.exception("work item %d (%s): extraction failed", item.id, item.document.file)
                queue.finish(item.id, self.name, error=f"failed on {self.name}")
                return done
            if not queue.finish(item.id, self.name, events=events):
                log.warning("work item %d was taken over after its lease", item.id)
            done += 1
        return done

    def _extractor(self, job: int) -> Extractor:
        """An extractor with the job's alias file, which the job carries as text: read
        from the store (and fingerprinted) once a job, handed to the engine as data."""
        if job not in self._job_aliases:
            text = self.store.extractions.aliases(job)
            data = text.encode("utf-8") if text is not None else None
            self._job_aliases = {job: Aliases.of(data, self.engine.model)}
        return self.engine.extractor(self._job_aliases[job])

    def serve_one(self) -> RequestRow | None:
        """Claim the oldest pending request and run it; None when none was pending."""
        self.heartbeat.start()
        row = self.store.requests.claim(self.name, self.clock(), self.lease)
        if row is None:
            return None
        report, error = None, None
        try:
            with driver_errors():
                report = self.reload()
        except StoreUnavailable:
            # Not the request's fault: it stays claimed by this service, which puts it
            # back once the store answers again (`resume_interrupted`).
            raise
        except BriefingError as exc:
            error = exc.message
        except Exception:
            log.exception("request %d: the reload failed", row.id)
            error = FAILED
        result = report.to_json() if report else None
        if not self.store.requests.finish(row.id, self.clock(), result, error, self.name):
            log.warning("request %d was taken over after its lease; its result is dropped", row.id)
        log.info("request %d (%s in %s): %s", row.id, row.asked_by, row.channel, error or "done")
        if self.on_served is not None:
            self.on_served(row, report, error)
        return row

    def requeue_abandoned(self) -> int:
        """Put back the requests a dead service of this host had claimed; how many."""
        rows = abandoned_on_this_host(self.store.requests.running())
        back = sum(self.store.requests.requeue(r.id, r.claimed_by or "") for r in rows)
        if back:
            log.warning("ingest service: %d request(s) of a stopped service queued again", back)
        return back

    def resume_interrupted(self) -> int:
        """Put back the requests this service claimed and could not finish because the
        store went away under them (they run again, from the start); how many."""
        mine = [r for r in self.store.requests.running() if r.claimed_by == self.name]
        back = sum(self.store.requests.requeue(r.id, self.name) for r in mine)
        if back:
            log.warning("ingest service: %d request(s) cut by a store fault queued again", back)
        return back

    def serve_pending(self) -> int:
        """Run every pending request, oldest first; how many ran."""
        self.resume_interrupted()
        served = 0
        while self.serve_one() is not None:
            served += 1
        return served

    def _help(self) -> None:
        """Extract other services' items, and drop the jobs of coordinators that died."""
        queue = self.store.extractions
        if not queue.any_jobs():
            return
        self.extract_items()
        if dropped := queue.drop_abandoned(self.clock(), self.lease):
            log.warning("ingest service: %d job(s) of a stopped coordinator dropped", dropped)

    async def _locked(self, work: Callable[[], object]) -> object:
        async with self._reloading:
            return await asyncio.to_thread(work)

    async def in_store(self, work: Callable[[Store], object]) -> object:
        """Run `work` on the service's store, behind any request or reload under way
        (the feed fetcher's reads and writes)."""
        return await self._locked(lambda: work(self.store))

    async def run_watched_reload(self) -> ReloadReport:
        """A reload after a change of the seeds, behind any request being served."""
        with driver_errors():
            report = await self._locked(self.reload)
        assert isinstance(report, ReloadReport)
        return report

    async def serve(self, stop: asyncio.Event) -> int:
        """Put back what a dead service of this host had claimed, then serve requests
        until `stop` is set, looking every `poll` seconds; how many ran."""
        served, requeued = 0, False
        while not stop.is_set():
            try:
                with driver_errors():
                    # Its first writes too: a store restarting as the service starts is
                    # a poll missed, not a service ended.
                    self.heartbeat.start(helping=True)
                    if not requeued:
                        await asyncio.to_thread(self.requeue_abandoned)
                        requeued = True
                    served += int(await self._locked(self.serve_pending))  # type: ignore[arg-type]
                    await self._locked(self._help)
            except BriefingError as exc:  # the store is unreachable for now: try again
                log.warning("ingest service: %s", exc.message)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.poll)
        return served
