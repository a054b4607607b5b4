"""The digest service: APScheduler jobs that deliver each channel's digest (daily or
weekly) once."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot import metrics
from bot.digest.compose import DIGEST_MAX_STORIES
from bot.digest.schedule import Poster, RunInStore, deliver
from bot.digest.timing import channel_problem, digest_time, digest_zone
from bot.errors import StoreUnavailable
from bot.extraction.dates import rhythm_weekday
from bot.store import DigestChannel

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
RETRY_MINUTES = 10
# APScheduler's names of the weekdays, Monday first.
CRON_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def trigger(config: DigestChannel) -> CronTrigger:
    """The cron trigger of a channel's digest: its local time, daily or on its weekday."""
    at = digest_time(config.time)
    weekday = rhythm_weekday(config.rhythm)
    return CronTrigger(
        day_of_week="*" if weekday is None else CRON_DAYS[weekday],
        hour=at.hour,
        minute=at.minute,
        timezone=digest_zone(config.timezone),
    )


def schedulable(config: DigestChannel) -> bool:
    """Whether the channel's stored setting can be scheduled; a warning naming the
    channel when not (a row an older version wrote, or one written straight into the
    store), so that one bad row costs its own digest and no other's."""
    problem = channel_problem(config)
    if problem is not None:
        log.warning(
            "digest for %s not scheduled: its stored setting (time %r, zone %r, rhythm %r)"
            " is not valid: %s Run /digest-setup in that channel again.",
            config.channel,
            config.time,
            config.timezone,
            config.rhythm,
            problem,
        )
    return problem is None


class DigestService:
    """The one owner of digest scheduling: a cron job per digest channel, every front.

    It reads the channels with `read` and delivers through `write` (store work on the
    runtime's threads), at the time `clock` says, with each front's Poster.
    """

    def __init__(
        self,
        read: RunInStore,
        write: RunInStore,
        clock: Clock,
        max_stories: int = DIGEST_MAX_STORIES,
    ) -> None:
        self.read, self.write, self.clock = read, write, clock
        self.max_stories = max_stories
        self.scheduler = AsyncIOScheduler(
            timezone=dt.UTC,
            job_defaults={"coalesce": True, "misfire_grace_time": 6 * 3600, "max_instances": 1},
        )
        self.posters: dict[str, Poster] = {}
        # Whether this process owns the digests now (bot.runtime.election): only then
        # are there jobs.
        self.active = False
        self._lock = asyncio.Lock()
        # Told each delivery's outcome (posted, skipped, failed) and a failure's reason:
        # the runtime's admin notices.
        self.on_outcome: Callable[[str, str, str | None], Awaitable[None]] | None = None
        self.failures: dict[str, str] = {}

    def add_poster(self, front: str, poster: Poster) -> None:
        self.posters[front] = poster

    def start(self) -> None:
        """Run the scheduler (on the running event loop); jobs come with `rebuild_jobs`."""
        self.active = True
        if not self.scheduler.running:
            self.scheduler.start()

    def drop_jobs(self) -> None:
        """No more deliveries from this process (another now owns the digests)."""
        self.active = False
        for job in self.scheduler.get_jobs():
            job.remove()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def _configs(self, channel: str = "") -> list[DigestChannel]:
        configs = await self.read(lambda s: s.channels.all(channel))
        return [c for c in configs if c.channel.split(":", 1)[0] in self.posters]

    async def rebuild_jobs(self) -> None:
        """Jobs from the store: call at start and after every /digest-setup; none while
        another process owns the digests."""
        for job in self.scheduler.get_jobs():
            if job.id.startswith("digest:"):
                job.remove()
        configs = await self._configs()
        if not self.active:
            return
        for config in filter(schedulable, configs):
            self.scheduler.add_job(
                self.deliver_channel,
                trigger(config),
                args=[config.channel],
                id=f"digest:{config.channel}",
                replace_existing=True,
            )

    async def run_due(self) -> dict[str, str]:
        """Deliver every digest that is due now (also one missed while down), once."""
        return {c.channel: await self.deliver_channel(c.channel) for c in await self._configs()}

    async def deliver_channel(self, channel: str) -> str:
        """Deliver one channel's due digest; what happened, counted in the metrics."""
        outcome = await self._deliver_channel(channel)
        counted = {"posted": "posted", "recovered": "posted", "skipped empty": "skipped"}
        if (kind := counted.get(outcome, "failed" if outcome == "failed" else None)) is not None:
            metrics.DIGESTS.labels(channel, kind).inc()
        if self.on_outcome is not None and kind is not None:
            await self.on_outcome(channel, kind, self.failures.pop(channel, None))
        return outcome

    async def _deliver_channel(self, channel: str) -> str:
        async with self._lock:
            try:  # the store may be down at the due time: then too, try again later
                configs = await self._configs(channel)
                config = next((c for c in configs if c.channel == channel), None)
                if config is None:
                    return "not configured"
                if not schedulable(config):  # nothing to retry until it is set again
                    return "bad setting"
                poster = self.posters[channel.split(":", 1)[0]]
                return await deliver(
                    config, self.clock(), self.write, poster, max_stories=self.max_stories
                )
            except StoreUnavailable as exc:  # a passing fault: no traceback for it
                self.failures[channel] = exc.message
                log.warning(
                    "digest for %s: the store is unavailable; retrying in %d min",
                    channel,
                    RETRY_MINUTES,
                )
                self._retry(channel)
                return "failed"
            except Exception as exc:
                # What the platform said ("403 Forbidden (error code: 50013): Missing
                # Permissions"), for the admin channel's notice.
                self.failures[channel] = f"{type(exc).__name__}: {exc}"[:300]
                log.exception("digest for %s failed; retrying in %d min", channel, RETRY_MINUTES)
                self._retry(channel)
                return "failed"

    def _retry(self, channel: str) -> None:
        """Deliver the channel's digest again in RETRY_MINUTES, while this process owns."""
        if self.scheduler.running and self.active:
            self.scheduler.add_job(
                self.deliver_channel,
                DateTrigger(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=RETRY_MINUTES)),
                args=[channel],
                id=f"retry:{channel}",
                replace_existing=True,
            )
