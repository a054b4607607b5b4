"""What every chat front shares in one process: workers, the engine, the digest service."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot.digest.schedule import Poster, deliver
from bot.errors import BriefingError
from bot.extraction.dates import parse_time
from bot.extraction.engine import Engine
from bot.ingest import ReloadReport, reload
from bot.replies import Reply
from bot.runtime.settings import Settings
from bot.store.threads import StoreWorker
from commands import Command, Env, dispatch

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
WRITES = {"reload", "digest-setup"}
RETRY_MINUTES = 10


class DigestService:
    """The one owner of digest scheduling: a cron job per digest channel, every front."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.scheduler = AsyncIOScheduler(
            timezone=dt.UTC,
            job_defaults={"coalesce": True, "misfire_grace_time": 6 * 3600, "max_instances": 1},
        )
        self.posters: dict[str, Poster] = {}
        self._lock = asyncio.Lock()

    def add_poster(self, front: str, poster: Poster) -> None:
        self.posters[front] = poster

    def start(self) -> None:
        if not self.scheduler.running:
            self.scheduler.start()  # on the running event loop

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def _configs(self, channel: str = ""):
        configs = await self.runtime.queries.run(lambda s: s.digest_channels(channel))
        return [c for c in configs if c.channel.split(":", 1)[0] in self.posters]

    async def rebuild_jobs(self) -> None:
        """Jobs from the store: call at start and after every /digest-setup."""
        for job in self.scheduler.get_jobs():
            if job.id.startswith("digest:"):
                job.remove()
        for config in await self._configs():
            at = parse_time(config.time)
            self.scheduler.add_job(
                self.deliver_channel,
                CronTrigger(hour=at.hour, minute=at.minute, timezone=ZoneInfo(config.timezone)),
                args=[config.channel],
                id=f"digest:{config.channel}",
                replace_existing=True,
            )

    async def run_due(self) -> dict[str, str]:
        """Deliver every digest that is due now (also one missed while down), once."""
        return {c.channel: await self.deliver_channel(c.channel) for c in await self._configs()}

    async def deliver_channel(self, channel: str) -> str:
        async with self._lock:
            config = next((c for c in await self._configs(channel) if c.channel == channel), None)
            if config is None:
                return "not configured"
            poster = self.posters[channel.split(":", 1)[0]]
            try:
                return await deliver(config, self.runtime.clock(), self.runtime.writer.run, poster)
            except Exception:
                log.exception("digest for %s failed; retrying in %d min", channel, RETRY_MINUTES)
                if self.scheduler.running:
                    self.scheduler.add_job(
                        self.deliver_channel,
                        DateTrigger(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=RETRY_MINUTES)),
                        args=[channel],
                        id=f"retry:{channel}",
                        replace_existing=True,
                    )
                return "failed"


class Runtime:
    """Store workers (reads on two threads, writes on one), the lazy engine, digests."""

    def __init__(self, settings: Settings, clock: Clock, engine: Engine | None = None) -> None:
        self.settings = settings
        self.clock = clock
        self.engine = engine or Engine(settings.spacy_model, settings.spacy_fallback_model)
        self.queries = StoreWorker(settings.briefing_db, threads=2, name="briefing-query")
        self.writer = StoreWorker(settings.briefing_db, threads=1, name="briefing-write")
        self.digests = DigestService(self)
        self._write_lock = asyncio.Lock()
        self._started: asyncio.Task[None] | None = None
        self._watching: asyncio.Task[int] | None = None
        self._watch_stop = asyncio.Event()

    async def run_command(self, command: Command, args: dict[str, str], env: Env) -> Reply:
        """Run a handler off the event loop; writes queue behind each other."""
        if command.name in WRITES:
            async with self._write_lock:
                reply = await self.writer.run(
                    lambda s: dispatch(command, args, s, self.clock(), env)
                )
            if command.name == "digest-setup":
                await self.digests.rebuild_jobs()
            return reply
        return await self.queries.run(lambda s: dispatch(command, args, s, self.clock(), env))

    def start_once(self) -> asyncio.Task[None]:
        """The start-up work, once per process whichever front is ready first."""
        if self._started is None:
            self._started = asyncio.create_task(self._start())
            if self.settings.watch_seeds:
                self._watching = asyncio.create_task(self._watch())
        return self._started

    async def _reload(self) -> ReloadReport:
        """A reload through the writer worker, behind any other write (as /reload)."""
        async with self._write_lock:
            return await self.writer.run(
                lambda s: reload(
                    s,
                    self.settings.briefing_seeds,
                    self.engine,
                    self.clock(),
                    workers=self.settings.workers,
                )
            )

    async def _watch(self) -> int:
        """WATCH_SEEDS: reload on every debounced change of the seeds folder, until close."""
        from bot.runtime.watch import watch_seeds

        try:
            return await watch_seeds(
                self.settings.briefing_seeds,
                self._reload,
                self._watch_stop,  # each report is logged (INFO) by watch_seeds
            )
        except BriefingError as exc:
            log.warning("not watching the seeds: %s", exc.message)
            return 0

    async def _start(self) -> None:
        if self.settings.reload_on_start:
            try:
                async with self._write_lock:
                    await self.writer.run(
                        lambda s: reload(
                            s,
                            self.settings.briefing_seeds,
                            self.engine,
                            self.clock(),
                            workers=self.settings.workers,
                        )
                    )
            except BriefingError as exc:
                log.warning("seeds not loaded at start: %s", exc.message)
        await self.digests.run_due()

    async def close(self) -> None:
        self.digests.shutdown()
        self._watch_stop.set()
        if self._started is not None and not self._started.done():
            self._started.cancel()
        if self._watching is not None:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._watching, timeout=5)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.queries.close)
        await loop.run_in_executor(None, self.writer.close)
