"""Problems an operator must know, told to the admin channel (ADMIN_CHANNEL) once when
they start, and once more when they end, never once per occurrence.

A problem is a kind and a subject ("digest_failed", "discord:123"). The first report of
one that is not open posts its notice and opens it; reports while it is open post
nothing; its recovery posts one line with how long it lasted, and closes it. Problems are
this process's: kept in memory (a restart that finds the problem again says so once
more). A notice goes through the admin channel's front (its `post_notice`); with no admin
channel, or its front not running here, it is logged as a warning only. A store that does
not answer is one of the problems, so nothing here reads or writes the store.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from typing import Protocol

from bot import metrics

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]


class NoticePoster(Protocol):
    async def post_notice(self, channel: str, text: str) -> str | None: ...


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


def _duration(span: dt.timedelta) -> str:
    """'3 min', '2 h 5 min', '45 s'."""
    seconds = int(span.total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"
