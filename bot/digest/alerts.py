"""Alerts: after a reload, each channel that follows entities hears once of their new items.

An item is a document's sentence. Delivery follows the digest ledger's procedure: claim
the channel's new items as one batch (one transaction), post the batch as one message,
mark it posted. A batch claimed and never marked (a crash between claim and mark) is
looked for in the channel before anything else: found, it is marked; not found, it is
posted then. So each item reaches each channel exactly once, across restarts, and a
reload that re-extracts (same sentences, new event ids) alerts nothing again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Protocol

from bot.digest.schedule import RunInStore
from bot.digest.stories import settings
from bot.errors import StoreUnavailable
from bot.replies import AlertGroup, AlertReply
from bot.store import AlertItems, Pace, StoredEvent

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
# An alert is short: this many items are shown, the rest counted (with where to read them).
ALERT_ITEMS_SHOWN = 10


class AlertPoster(Protocol):
    """A front's way of posting an alert and of finding one it already posted."""

    async def post_alert(self, channel: str, reply: AlertReply) -> str | None: ...

    async def find_alert(self, channel: str, batch: str) -> str | None: ...


def compose_alert(
    channel: str,
    batch: str,
    items: AlertItems,
    shown: int = ALERT_ITEMS_SHOWN,
    mentions: Mapping[str, str] | None = None,
) -> AlertReply:
    """Items grouped by followed entity (most items first), newest first within each;
    the first `shown` items across the groups are listed, `total` counts them all.
    `mentions` (a followed name in lower case: its mention) gives the alert the mentions
    of the entities it is about, only those."""
    by_entity: dict[str, list[StoredEvent]] = {}
    for entity, event in items:
        by_entity.setdefault(entity, []).append(event)
    order = sorted(by_entity.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
    groups: list[AlertGroup] = []
    left = shown
    for entity, events in order:
        events.sort(key=lambda e: e.id)
        events.sort(key=lambda e: (e.when_end, e.when_start), reverse=True)
        groups.append(AlertGroup(entity, events[: max(left, 0)], len(events)))
        left -= len(events)
    attached = mentions or {}
    found = sorted({attached[g.entity.lower()] for g in groups if g.entity.lower() in attached})
    return AlertReply(channel, batch, groups, total=len(items), mentions=found)


def new_batch() -> str:
    """A name for an alert in the ledger and in its message's marker."""
    return uuid.uuid4().hex[:12]


async def deliver_alerts(
    channel: str,
    clock: Clock,
    run: RunInStore,
    poster: AlertPoster,
    name: Callable[[], str] = new_batch,
) -> list[str]:
    """Finish any batch a crash left, then claim, post and mark the new items once.
    Returns what happened to each batch ('recovered', 'reposted', 'posted', ...)."""
    outcomes: list[str] = []
    for batch in await run(lambda s: s.follows.unposted_batches(channel)):  # type: ignore[union-attr]
        outcomes.append(await _recover(channel, batch, clock, run, poster))
    # The channel's pace (/pace): in its quiet hours, or with its messages of the last
    # hour spent, the new items stay unclaimed and go together in the next message.
    now = clock()
    pace: Pace = await run(lambda s: s.pace.get(channel))  # type: ignore[assignment]
    posted = 0  # the hour's messages, counted only where a cap needs them
    if pace.alerts_per_hour is not None:
        hour_ago = now - dt.timedelta(hours=1)
        posted = await run(lambda s: s.pace.messages_since(channel, hour_ago))  # type: ignore[assignment]
    if (why := pace.held(now, posted)) is not None:
        outcomes.append(f"held: {why}")
        return outcomes
    batch = name()
    background_days = settings()["rank"]["background_days"]
    if await run(lambda s: s.follows.claim_alerts(channel, batch, clock(), background_days)):
        outcomes.append(await _post(channel, batch, clock, run, poster, "posted"))
    return outcomes


async def _recover(
    channel: str, batch: str, clock: Clock, run: RunInStore, poster: AlertPoster
) -> str:
    """A batch claimed and never marked: marked if its message is there, else posted."""
    found = await poster.find_alert(channel, batch)
    if found is None:
        return await _post(channel, batch, clock, run, poster, "reposted")
    await run(lambda s: s.follows.mark_alerts_posted(channel, batch, found, clock()))
    return "recovered"


async def _post(
    channel: str,
    batch: str,
    clock: Clock,
    run: RunInStore,
    poster: AlertPoster,
    outcome: str,
) -> str:
    items = await run(lambda s: s.follows.alert_items(channel, batch))
    if not items:  # its documents went before it could be posted: nothing to say
        await run(lambda s: s.follows.mark_alerts_posted(channel, batch, None, clock()))
        return "dropped"
    mentions = await run(lambda s: s.follows.mentions(channel))
    reply = compose_alert(channel, batch, items, mentions=mentions)  # type: ignore[arg-type]
    message_id = await poster.post_alert(channel, reply)
    await run(lambda s: s.follows.mark_alerts_posted(channel, batch, message_id, clock()))
    log.info("alert %s for %s: %d items, posted as %s", batch, channel, reply.total, message_id)
    return outcome


class AlertSender:
    """Sends every following channel its alert, through its front's poster, one at a time."""

    def __init__(self, read: RunInStore, write: RunInStore, clock: Clock) -> None:
        self.read, self.write, self.clock = read, write, clock
        self.posters: dict[str, AlertPoster] = {}
        self._lock = asyncio.Lock()

    def add_poster(self, front: str, poster: AlertPoster) -> None:
        self.posters[front] = poster

    async def send(self) -> dict[str, list[str]]:
        """After a reload (and at start): each channel's alert, once. A front that fails
        costs that channel's alert until the next send, never another channel's."""
        outcomes: dict[str, list[str]] = {}
        async with self._lock:
            try:
                channels = await self.read(lambda s: s.follows.channels())
            except StoreUnavailable:  # they go with the next send, as a failed one does
                log.warning("alerts: the store is unavailable; they go with the next reload")
                return outcomes
            for channel in channels:  # type: ignore[union-attr]
                poster = self.posters.get(channel.split(":", 1)[0])
                if poster is None:
                    continue
                try:
                    outcomes[channel] = await deliver_alerts(
                        channel, self.clock, self.write, poster
                    )
                except Exception:
                    log.exception("alert for %s failed; it goes with the next reload", channel)
                    outcomes[channel] = ["failed"]
        return outcomes
