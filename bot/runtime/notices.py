"""Problems an operator must know, told to the admin channel (ADMIN_CHANNEL) once when
they start, and once more when they end, never once per occurrence.

A problem is a kind and a subject ("digest_failed", "discord:123"). The first report of
one that is not open posts its notice and opens it; reports while it is open post
nothing; its recovery posts one line with how long it lasted, and closes it. Problems are
this process's: kept in memory (a restart that finds the problem again says so once
more). A notice goes through the admin channel's front (its `post_notice`); with no admin
channel, or its front not running here, it is logged as a warning only.

A process with no chat front (the ingest service) posts through `OutboxPoster`: its
notices wait in the store's outbox (bot.store.outbox) until a chat process with the
channel's front claims and posts each (`post_outbox`). A store that does not answer is
one of the problems, so AdminNotices itself never waits on the store.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from bot import metrics
from bot.errors import BriefingError, StoreUnavailable
from bot.feeds.notices import NoticePoster, RunInStore
from bot.store.outbox import PROBLEM, RECOVERED

if TYPE_CHECKING:
    from bot.ingest import ReloadReport

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
Report = TypeVar("Report", bound="ReloadReport")


class AdminNotices:
    """The open problems of this process, and the way to the admin channel."""

    def __init__(
        self, channel: str | None, posters: Mapping[str, NoticePoster], clock: Clock
    ) -> None:
        self.channel = channel
        self.posters = posters
        self.clock = clock
        self.open: dict[tuple[str, str], dt.datetime] = {}

    async def problem(self, kind: str, subject: str, text: str) -> bool:
        """Report a problem; whether this report opened it (and posted its notice)."""
        key = (kind, subject)
        if key in self.open:
            return False
        self.open[key] = self.clock()
        metrics.NOTICES.labels(kind).inc()
        await self._post(f"Problem: {text}")
        return True

    async def recovered(self, kind: str, subject: str, text: str) -> bool:
        """Report that a problem ended; whether it was open (and its recovery posted)."""
        since = self.open.pop((kind, subject), None)
        if since is None:
            return False
        lasted = _duration(self.clock() - since)
        await self._post(f"Recovered: {text} (after {lasted})")
        return True

    async def _post(self, text: str) -> None:
        poster = self.posters.get(self.channel.split(":", 1)[0]) if self.channel else None
        if poster is None or self.channel is None:
            log.warning("admin notice (no ADMIN_CHANNEL here to post it): %s", text)
            return
        try:
            await poster.post_notice(self.channel, text)
        except Exception as exc:  # a notice that cannot go must not break what reported it
            log.warning("admin notice not posted (%s): %s", type(exc).__name__, text)


async def tell_reload(
    notices: AdminNotices, skipped: list[dict[str, Any]], failed: str | None = None
) -> None:
    """A reload that failed (`failed`, why) is a problem until one runs; one that skipped
    documents is a problem until one skips none. `skipped` is its report's list
    (ReloadReport.to_json): a line for each file, then one that counts the files past
    those listed."""
    if failed is not None:
        await notices.problem(
            "reload_failed",
            "seeds",
            f"a reload of the seeds failed: {failed.rstrip('.')}. Nothing was changed;"
            " the bot answers from what it held before.",
        )
        return
    await notices.recovered("reload_failed", "seeds", "a reload of the seeds ran")
    count = sum(line.get("count", 1) for line in skipped)
    if count:
        listed = [line for line in skipped if line["file"] != "…"]
        first = "; ".join(f"{line['file']}: {line['reason']}" for line in listed[:3])
        await notices.problem(
            "reload_skipped",
            "seeds",
            f"a reload skipped {count} document{'s' * (count != 1)} of the seeds"
            f" (the first: {first}). The rest were loaded.",
        )
    else:
        await notices.recovered(
            "reload_skipped", "seeds", "a reload loaded every document of the seeds"
        )


async def told_reload(notices: AdminNotices, run_reload: Callable[[], Awaitable[Report]]) -> Report:
    """Run a reload and tell its outcome (`tell_reload`). A store that does not answer is
    not told here: it is a problem of its own (the chat processes' store watch)."""
    try:
        report = await run_reload()
    except StoreUnavailable:
        raise
    except BriefingError as exc:
        await tell_reload(notices, [], exc.message)
        raise
    await tell_reload(notices, report.to_json()["skipped"])
    return report


class OutboxPoster:
    """Posts a notice by leaving it in the store's outbox, for a chat process to post
    (the ingest service's feed notices)."""

    def __init__(self, run: RunInStore, clock: Clock) -> None:
        self.run = run
        self.clock = clock

    async def post_notice(self, channel: str, text: str) -> str | None:
        now = self.clock()
        await self.run(lambda s: s.outbox.add(channel, text, now))
        log.warning("notice for %s left for a chat process to post: %s", channel, text)
        return None


class EveryPlatform(Mapping[str, NoticePoster]):
    """One poster for whatever front a channel names (the outbox serves them all)."""

    def __init__(self, poster: NoticePoster) -> None:
        self.poster = poster

    def __getitem__(self, platform: str) -> NoticePoster:
        return self.poster

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class StoredNotices(AdminNotices):
    """The admin notices of a process without chat fronts (the ingest service): each
    left in the store's outbox for a chat process to post, and which problems are open
    kept there too, so a service that runs again (cron's `--once`) tells an open problem
    once, and its recovery. With no admin channel, notices are logged, as AdminNotices'."""

    def __init__(self, channel: str | None, run: RunInStore, clock: Clock) -> None:
        super().__init__(channel, {}, clock)
        self.run = run

    async def problem(self, kind: str, subject: str, text: str) -> bool:
        if self.channel is None:
            return await super().problem(kind, subject, text)
        told = await self._tell(kind, subject, PROBLEM, lambda since: f"Problem: {text}")
        if told:
            metrics.NOTICES.labels(kind).inc()
        return told

    async def recovered(self, kind: str, subject: str, text: str) -> bool:
        if self.channel is None:
            return await super().recovered(kind, subject, text)

        def line(since: dt.datetime | None) -> str:
            lasted = _duration(self.clock() - since) if since else "a while"
            return f"Recovered: {text} (after {lasted})"

        return await self._tell(kind, subject, RECOVERED, line)

    async def _tell(
        self, kind: str, subject: str, state: str, text: Callable[[dt.datetime | None], str]
    ) -> bool:
        channel, now = self.channel, self.clock()
        try:
            told = await self.run(lambda s: s.outbox.tell(channel, kind, subject, state, text, now))
        except Exception as exc:  # a notice that cannot go must not break what reported it
            log.warning("admin notice not left (%s): %s", type(exc).__name__, text(None))
            return False
        if told:
            log.warning("admin notice left for a chat process to post: %s", text(None))
        return bool(told)


async def post_outbox(run: RunInStore, posters: Mapping[str, NoticePoster], clock: Clock) -> int:
    """Post the outbox's notices for the fronts this process runs, each once whatever
    the processes; how many were posted."""
    waiting = await run(lambda s: s.outbox.waiting(sorted(posters)))
    by = f"{socket.gethostname()}:{os.getpid()}"
    posted = 0
    for notice in waiting:
        now = clock()
        if not await run(lambda s, n=notice, at=now: s.outbox.claim(n, by, at)):
            continue  # another chat process took it
        try:
            await posters[notice.channel.split(":", 1)[0]].post_notice(notice.channel, notice.text)
        except Exception as exc:  # a front that fails costs this notice, never the loop
            log.warning(
                "notice to %s not posted (%s): %s", notice.channel, type(exc).__name__, notice.text
            )
            continue
        posted += 1
    return posted


def _duration(span: dt.timedelta) -> str:
    """'3 min', '2 h 5 min', '45 s'."""
    seconds = int(span.total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"
