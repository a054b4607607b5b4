"""The scheduled fetcher: every FEEDS_TICK_SECONDS, the feeds that are due are fetched
(bot.feeds.cycle), what they brought is reloaded, and their admins hear of failures and
recoveries (bot.feeds.notices). One process per store fetches: the one holding the
"feed-fetcher" lease (`store.leases`), renewed at every tick; another takes over when it
lapses. `briefing run` runs it (without INGEST_SERVICE), `briefing ingest` otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from bot.errors import BriefingError
from bot.feeds.cycle import CycleReport, RunInStore, fetch_due
from bot.feeds.notices import NoticePoster, send_notices
from bot.settings import Settings

log = logging.getLogger(__name__)
LEASE = "feed-fetcher"


class FeedFetcher:
    def __init__(
        self,
        settings: Settings,
        run: RunInStore,
        reload: Callable[[], Awaitable[object]],
        clock: Callable[[], dt.datetime],
        posters: Mapping[str, NoticePoster] | None = None,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.run = run
        self.reload = reload
        self.clock = clock
        self.posters: Mapping[str, NoticePoster] = posters if posters is not None else {}
        self.wall = wall
        self.owner_id = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self._lock = asyncio.Lock()

    @property
    def lease_seconds(self) -> float:
        return max(3 * self.settings.feeds.tick_seconds, 60.0)

    async def _holds_lease(self) -> bool:
        now, seconds = self.wall(), self.lease_seconds
        return bool(await self.run(lambda s: s.leases.hold(LEASE, self.owner_id, now, seconds)))

    async def cycle(self) -> CycleReport | None:
        """Fetch what is due, reload if it brought anything, send the notices due; None
        when another process holds the fetcher's lease."""
        async with self._lock:
            if not await self._holds_lease():
                return None
            feeds = self.settings.feeds
            report = await fetch_due(
                self.run, feeds.options(self.settings.ingest.seeds), self.clock
            )
            if report.results:
                log.info("%s", report.summary())
            if report.changed:
                await self.reload()
            await send_notices(
                self.run,
                self.posters,
                dt.timedelta(seconds=feeds.seconds("notice_after")),
                self.clock(),
                feeds.notice_channel,
            )
            return report

    async def run_forever(self, stop: asyncio.Event) -> None:
        """A cycle every tick until `stop`; a failed cycle is logged and the next one runs."""
        while not stop.is_set():
            try:
                await self.cycle()
            except BriefingError as exc:  # the store is unreachable for now
                log.warning("feeds not fetched: %s", exc.message)
            except Exception:
                log.exception("feed cycle failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.settings.feeds.tick_seconds)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.run(lambda s: s.leases.release(LEASE, self.owner_id))


def in_store(store: Any) -> RunInStore:
    """A RunInStore over one store used in this thread (the command line)."""

    async def run(work: Callable[[Any], Any]) -> Any:
        return work(store)

    return run
