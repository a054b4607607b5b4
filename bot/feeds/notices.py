"""Feed health, out loud: a feed's admins hear once when it has failed for a while (or
was paused), and once when it works again; never once per failure.

The store turns each feed's `noticed` flag over as the notice goes (`claim_notice`), so of
several processes one sends it. A notice goes to the channel the feed was added from, else
FEEDS_NOTICE_CHANNEL, through the poster of that channel's front; with neither, it is
logged (a warning), once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

from bot.feeds.every import every_label
from bot.store import FeedRow, Store

log = logging.getLogger(__name__)
RunInStore = Callable[[Callable[[Store], Any]], Awaitable[Any]]


class NoticePoster(Protocol):
    """A front's way of posting a plain message to a channel."""

    async def post_notice(self, channel: str, text: str) -> str | None: ...


def _when(stamp: str | None) -> str:
    return f"{stamp[:16].replace('T', ' ')} UTC" if stamp else "never"


def notice_text(feed: FeedRow) -> str:
    """What the admins read: the feed, what happened, since when, what to do."""
    if feed.noticed:
        return (
            f"Feed '{feed.name}' works again: fetched at {_when(feed.last_success_at)}"
            f" ({feed.url})."
        )
    if feed.paused:
        return (
            f"Feed '{feed.name}' is paused: {feed.paused_reason}. Last error at"
            f" {_when(feed.last_error_at)}: {feed.last_error}. Nothing more is fetched from"
            f" {feed.url}; `/feeds resume {feed.name}` tries again, `/feeds remove"
            f" {feed.name}` unsubscribes."
        )
    return (
        f"Feed '{feed.name}' has failed since {_when(feed.failing_since)}"
        f" ({feed.failures} tries): {feed.last_error}. Briefing keeps trying, less often"
        f" (it is fetched every {every_label(feed.every_seconds)} when well); `/feeds list`"
        " shows its state. You will hear once more when it recovers."
    )


async def send_notices(
    run: RunInStore,
    posters: Mapping[str, NoticePoster],
    failing_for: dt.timedelta,
    now: dt.datetime,
    default_channel: str | None = None,
) -> list[tuple[str, str]]:
    """Each notice due, once: (channel or "log", text) for each sent."""
    sent: list[tuple[str, str]] = []
    feeds: list[FeedRow] = await run(lambda s: s.feeds.to_notice(failing_for, now))
    for feed in feeds:
        channel = feed.notify_channel or default_channel
        poster = posters.get(channel.split(":", 1)[0]) if channel else None
        if channel is not None and poster is None:
            continue  # another process serves that front
        if not await run(lambda s, f=feed: s.feeds.claim_notice(f)):
            continue
        text = notice_text(feed)
        if channel is None or poster is None:
            log.warning("%s", text)
            sent.append(("log", text))
            continue
        try:
            await poster.post_notice(channel, text)
        except Exception:  # a front that fails costs this notice, never the fetcher
            log.warning("feed notice to %s not posted: %s", channel, text, exc_info=True)
            continue
        sent.append((channel, text))
    return sent
