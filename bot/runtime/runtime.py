"""What every chat front shares in one process: workers, the engine, the digest service
and the alerts."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.digest.alerts import AlertSender
from bot.digest.service import Clock, DigestService
from bot.errors import BriefingError
from bot.extraction.engine import Engine
from bot.ingest import ReloadReport, reload
from bot.replies import Reply
from bot.runtime.election import DigestElection
from bot.runtime.feeds import FeedFetcher
from bot.runtime.notices import AdminNotices, post_outbox, told_reload
from bot.runtime.store_worker import StoreWorker
from bot.settings import Settings
from commands import Command, Effect, Env, Waiting, begin, wait

log = logging.getLogger(__name__)
# How often alerts a channel's pace held are looked at again (bot/store/pace.py).
ALERT_TICK_SECONDS = 60.0
# How often the store is looked at, and how long it may not answer before the admin
# channel hears of it.
STORE_LOOK_SECONDS = 15.0
STORE_DOWN_SECONDS = 60.0


class Runtime:
    """Store workers (reads on two threads, writes on one, waits on one), the lazy
    engine, digests."""

    def __init__(self, settings: Settings, clock: Clock, engine: Engine | None = None) -> None:
        self.settings = settings
        self.clock = clock
        self.engine = engine or Engine(settings.spacy.model, settings.spacy.fallback_model)
        self.queries = StoreWorker(settings.store.db, threads=2, name="briefing-query")
        self.writer = StoreWorker(settings.store.db, threads=1, name="briefing-write")
        # Reads of answers another process gives (Waiting): one thread, however many
        # commands wait, so they never hold the writer nor crowd out the query threads.
        self.waits = StoreWorker(settings.store.db, threads=1, name="briefing-wait")
        self.digests = DigestService(
            self.queries.run, self.writer.run, clock, settings.digest.max_stories
        )
        self.alerts = AlertSender(self.queries.run, self.writer.run, clock)
        # Which process runs the digests, when this one may (DIGEST_SCHEDULER).
        self.election = (
            DigestElection(settings.store.db, self.digests, settings.digest.lease_seconds)
            if settings.digest.scheduler
            else None
        )
        self._write_lock = asyncio.Lock()
        # The scheduled feed fetcher (FEEDS_FETCH), here unless the ingest service runs it.
        self.feeds = FeedFetcher(
            settings, self.writer.run, self._reload_and_alert, clock, self.alerts.posters
        )
        self._feeding: asyncio.Task[None] | None = None
        self._ticking: asyncio.Task[None] | None = None
        self._started: asyncio.Task[ReloadReport | None] | None = None
        # Why the start-up reload failed, in the user's words.
        self.start_error: str | None = None
        self._watching: asyncio.Task[int] | None = None
        self._watch_stop = asyncio.Event()
        # Problems told to the admin channel once, and once when they end.
        self.notices = AdminNotices(
            settings.admin_channel or settings.feeds.notice_channel, self.alerts.posters, clock
        )
        self.digests.on_outcome = self._digest_outcome
        if self.election is not None:
            self.election.on_change = self._lease_changed
        self._store_watch: asyncio.Task[None] | None = None
        # What each declared after-effect does in this process.
        self.effects: dict[Effect, Callable[[], Awaitable[None]]] = {
            Effect.RESCHEDULE_DIGESTS: self.digests_changed,
            Effect.SEND_ALERTS: self.send_alerts,
            Effect.FETCH_FEEDS: self.fetch_feeds_now,
        }

    async def run_command(self, command: Command, args: dict[str, str], env: Env) -> Reply:
        """Run a handler off the event loop: reads on the query threads, writes on the
        writer behind each other; an answer it waits for, off the writer; then the
        command's declared after-effects. The caller has authorised the asker (the
        fronts' pipeline)."""
        if command.writes:
            async with self._write_lock:
                step = await self.writer.run(lambda s: begin(command, args, s, self.clock(), env))
        else:
            step = await self.queries.run(lambda s: begin(command, args, s, self.clock(), env))
        reply = await self.wait_for(step) if isinstance(step, Waiting) else step
        for effect in command.after:
            await self.effects[effect]()
        return reply

    async def wait_for(self, waiting: Waiting) -> Reply:
        """`wait` for an answer another process gives: each look on the wait thread, the
        loop sleeping in between."""

        async def read(final: bool) -> Reply | None:
            return await self.waits.run(lambda s: waiting.answer(s, final))

        return await wait(waiting, read, asyncio.sleep, asyncio.get_running_loop().time)

    def start_once(self) -> asyncio.Task[ReloadReport | None]:
        """The start-up work, once per process whichever front is ready first: the
        reload (its report, or None when RELOAD_ON_START is off or it failed: see
        `start_error`), then any digest that fell due while the bot was down."""
        if self._started is None:
            self._started = asyncio.create_task(self._start())
            # With an ingest service, that service reloads and watches, never this process.
            if self.settings.ingest.watch_seeds and not self.settings.ingest.service:
                self._watching = asyncio.create_task(self._watch())
            if self.fetches_feeds:
                self._feeding = asyncio.create_task(self.feeds.run_forever(self._watch_stop))
            self._ticking = asyncio.create_task(self._alert_ticks())
            self._store_watch = asyncio.create_task(self._watch_store())
        return self._started

    @property
    def fetches_feeds(self) -> bool:
        """Whether this process fetches the feeds (else the ingest service does)."""
        return self.settings.feeds.fetch and not self.settings.ingest.service

    async def fetch_feeds_now(self) -> None:
        """After /feeds add: fetch what is due now (the new feed), not at the next tick."""
        if self.fetches_feeds:
            try:
                await self.feeds.cycle()
            except BriefingError as exc:
                log.warning("feeds not fetched: %s", exc.message)

    async def reload_seeds(self) -> ReloadReport:
        """A reload through the writer worker, behind any other write (as /reload); one
        that failed, or skipped documents, is a problem for the admin channel until one
        runs, or skips none."""

        async def run() -> ReloadReport:
            async with self._write_lock:
                return await self.writer.run(
                    lambda s: reload(
                        s,
                        self.settings.ingest.seeds,
                        self.engine,
                        self.clock(),
                        workers=self.settings.ingest.worker_count,
                    )
                )

        return await told_reload(self.notices, run)

    async def _digest_outcome(self, channel: str, outcome: str, reason: str | None) -> None:
        """A digest that could not be posted is a problem until one is."""
        if outcome == "failed":
            await self.notices.problem(
                "digest_failed",
                channel,
                f"the digest for {channel} could not be posted ({reason or 'no reason given'});"
                " it is tried again every few minutes. Check the bot's permissions there.",
            )
        else:
            await self.notices.recovered(
                "digest_failed", channel, f"the digest for {channel} was posted"
            )

    async def _lease_changed(self, holds: bool) -> None:
        """This process losing the digest scheduler's lease is a problem until it holds
        it again."""
        if holds:
            await self.notices.recovered(
                "lease_lost", "digest-scheduler", "this process holds the digest lease again"
            )
        else:
            await self.notices.problem(
                "lease_lost",
                "digest-scheduler",
                "this process lost the digest scheduler's lease (a store too slow to renew"
                " it, or a pause); another process may deliver the digests now.",
            )

    async def _watch_store(self) -> None:
        """A store that has not answered for STORE_DOWN_SECONDS is a problem until it does;
        while it answers, the outbox's notices are posted."""
        down_since: float | None = None
        loop = asyncio.get_running_loop()
        while not self._watch_stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._watch_stop.wait(), timeout=STORE_LOOK_SECONDS)
            if self._watch_stop.is_set():
                return
            try:
                await self.queries.run(lambda s: s.db.execute("SELECT 1").fetchone())
            except BriefingError as exc:
                down_since = down_since or loop.time()
                if loop.time() - down_since >= STORE_DOWN_SECONDS:
                    await self.notices.problem(
                        "store_unavailable",
                        "store",
                        f"the store has not answered for {STORE_DOWN_SECONDS:.0f} s"
                        f" ({exc.message})",
                    )
                continue
            down_since = None
            await self.notices.recovered("store_unavailable", "store", "the store answers again")
            await self.post_outbox()

    async def post_outbox(self) -> int:
        """Post the notices an ingest service left for this process's fronts (looked
        at with the store, every STORE_LOOK_SECONDS)."""
        if not self.alerts.posters:
            return 0
        try:
            return await post_outbox(self.writer.run, self.alerts.posters, self.clock)
        except BriefingError as exc:
            log.warning("notices of the outbox not posted: %s", exc.message)
            return 0

    async def digests_changed(self) -> None:
        """After /digest-setup: the owner rebuilds its jobs (here now, elsewhere at its
        next lease renewal)."""
        if self.election is not None:
            await self.election.changed()

    async def send_alerts(self) -> None:
        """Each following channel's alert of what the store newly holds, once."""
        await self.alerts.send()

    async def _alert_ticks(self) -> None:
        """Alerts a channel's pace held (quiet hours, a cap an hour) go when their time
        comes: a send every ALERT_TICK_SECONDS while any channel has a pace."""
        while not self._watch_stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._watch_stop.wait(), timeout=ALERT_TICK_SECONDS)
            if self._watch_stop.is_set():
                return
            try:
                if await self.queries.run(lambda s: s.pace.any()):
                    await self.send_alerts()
            except BriefingError as exc:
                log.warning("held alerts not sent: %s", exc.message)
            except Exception:
                log.exception("held alerts not sent")

    async def _reload_and_alert(self) -> ReloadReport:
        report = await self.reload_seeds()
        await self.send_alerts()
        return report

    async def _watch(self) -> int:
        """WATCH_SEEDS: reload on every debounced change of the seeds folder, until close."""
        from bot.runtime.watch import watch_seeds

        try:
            return await watch_seeds(
                self.settings.ingest.seeds,
                self._reload_and_alert,
                self._watch_stop,  # each report is logged (INFO) by watch_seeds
            )
        except BriefingError as exc:
            log.warning("not watching the seeds: %s", exc.message)
            return 0

    async def _start(self) -> ReloadReport | None:
        report = None
        if self.settings.ingest.reload_on_start and not self.settings.ingest.service:
            try:
                report = await self.reload_seeds()
            except BriefingError as exc:
                self.start_error = exc.message
                log.warning("seeds not loaded at start: %s", exc.message)
        # Also what a crash left claimed and unmarked, before the digests go.
        await self.send_alerts()
        # A process with a chat front contends for the digests; the owner delivers what
        # is due (also what fell due while the bot was down) at once.
        if self.election is not None and self.digests.posters:
            await self.election.attempt()
            self.election.keep_trying()
        return report

    async def close(self) -> None:
        if self.election is not None:
            await self.election.close()
        self.digests.shutdown()
        self._watch_stop.set()
        if self._started is not None and not self._started.done():
            self._started.cancel()
        if self._watching is not None:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._watching, timeout=5)
        if self._feeding is not None:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._feeding, timeout=5)
            await self.feeds.close()
        for task in (self._ticking, self._store_watch):
            if task is not None:
                with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                    await asyncio.wait_for(task, timeout=5)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.queries.close)
        await loop.run_in_executor(None, self.waits.close)
        await loop.run_in_executor(None, self.writer.close)
