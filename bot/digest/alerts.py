"""Alerts: after a reload, each channel that follows entities hears once of their new
items, one message per story, and of a story's later developments in its thread or by an
edit of its message, never as another alert.

An item is a document's sentence. Delivery follows the digest ledger's procedure: claim
the channel's new items as one batch (one transaction), plan the batch (each item given
its story: a new one, or one the channel was told before; one transaction), post each
part of the plan, mark it posted. A batch claimed or planned and never marked (a crash)
is finished before anything else: each new message is looked for in the channel (found,
it is marked; not found, it is posted then), an update in its thread; an edit is made
again. So each item reaches each channel exactly once, across restarts, and a reload that
re-extracts (same sentences, new event ids) alerts nothing again.

Stories are the digest's (bot/digest/stories.py): the items of one batch are gathered as
a digest gathers its window, and a gathered story that continues one the channel was told
in the last `update_days` is that story's update.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot import metrics
from bot.digest.schedule import RunInStore
from bot.digest.stories import Story, best_continued, develops, gather, settings
from bot.errors import StoreUnavailable
from bot.replies import AlertGroup, AlertReply
from bot.store import AlertItems, AlertStory, Pace, Part, Store, StoredEvent, StoryItems

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
# An alert is short: this many items are shown, the rest counted (with where to read them).
ALERT_ITEMS_SHOWN = 10
# A batch's new stories get a message each, at most this many (fewer when the channel's
# pace allows fewer); the rest go together in the last one.
STORY_MESSAGES = 5
# A thread's name is at most this long (Discord's limit).
THREAD_NAME_MAX = 100


class AlertPoster(Protocol):
    """A front's way of posting an alert, of finding one it already posted, of editing
    one, and of opening a message's thread (None where the front has no threads)."""

    async def post_alert(
        self, channel: str, reply: AlertReply, thread: str | None = None
    ) -> str | None:
        """The posted message's id; in a thread, None when the thread is gone."""

    async def find_alert(
        self, channel: str, batch: str, thread: str | None = None
    ) -> str | None: ...

    async def edit_alert(self, channel: str, message_id: str, reply: AlertReply) -> bool: ...

    async def open_thread(self, channel: str, message_id: str, name: str) -> str | None: ...


def compose_alert(
    channel: str,
    batch: str,
    items: AlertItems,
    shown: int = ALERT_ITEMS_SHOWN,
    mentions: Mapping[str, str] | None = None,
    *,
    stories: int = 1,
    update: bool = False,
    updated: int = 0,
    also: Sequence[str] = (),
) -> AlertReply:
    """Items grouped by followed entity (most items first), newest first within each;
    the first `shown` items across the groups are listed, `total` counts them all.
    `mentions` (a followed name in lower case: its mention) gives the alert the mentions
    of the entities it is about, only those; `also`, the mentions of the alert filter
    rules its items match. `stories` is how many stories the items tell,
    `update` marks a later development told in a story's thread (with the story's every
    outlet), `updated` how many of the items came since the message was first posted."""
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
    named = {attached[g.entity.lower()] for g in groups if g.entity.lower() in attached}
    return AlertReply(
        channel,
        batch,
        groups,
        total=len(items),
        mentions=sorted(named | set(also)),
        stories=stories,
        update=update,
        updated=updated,
    )


def new_batch() -> str:
    """A name for an alert in the ledger and in its message's marker."""
    return uuid.uuid4().hex[:12]


# A plan: the new messages, each the items (file, sentence) of each story it tells, and
# the items that continue a story told before, by its id.
Plan = tuple[list[list[list[tuple[str, str]]]], dict[int, list[tuple[str, str]]]]


def plan_stories(
    items: AlertItems, earlier: Sequence[tuple[int, StoryItems]], messages: int
) -> Plan:
    """The batch's items as stories (gathered as the digest gathers them): those that
    develop (or report again) a story told in `earlier` are its update; the new ones get
    a message each, most items first, at most `messages`, the rest in the last one."""
    key = {e.id: (e.file, e.sentence) for _, e in items}
    story_of: dict[int, int] = {}  # an earlier Story's id(): its story's id in the store
    by_entity: dict[str, list[Story]] = defaultdict(list)
    for story_id, story_items in earlier:
        old = Story([e for _, e in story_items])
        story_of[id(old)] = story_id
        for name in old.entities:
            by_entity[name].append(old)
    per_entity = settings()["story"]["compare_per_entity"]
    new: list[Story] = []
    updates: dict[int, list[tuple[str, str]]] = {}
    for story in gather([e for _, e in items]):
        old = best_continued(story, by_entity, per_entity, develops)
        if old is None:
            new.append(story)
        else:
            updates.setdefault(story_of[id(old)], []).extend(key[e.id] for e in story.reports)
    new.sort(key=lambda s: (-len(s.reports), s.reports[0].id))
    cut = max(messages, 1) - 1 if len(new) > messages else len(new)
    tells = [[story] for story in new[:cut]] + ([new[cut:]] if new[cut:] else [])
    plan = [[[key[e.id] for e in story.reports] for story in stories] for stories in tells]
    return plan, updates


async def deliver_alerts(
    channel: str,
    clock: Clock,
    run: RunInStore,
    poster: AlertPoster,
    name: Callable[[], str] = new_batch,
) -> list[str]:
    """Finish any batch a crash left, then claim, plan, post and mark the new items once.
    Returns what happened to each batch ('recovered', 'reposted', 'posted', ...)."""
    outcomes: list[str] = []
    pace: Pace = await run(lambda s: s.pace.get(channel))  # type: ignore[assignment]
    for batch in await run(lambda s: s.follows.unposted_batches(channel)):  # type: ignore[union-attr]
        outcomes.append(await _send(channel, batch, clock, run, poster, pace, recovering=True))
    # The channel's pace (/pace): in its quiet hours, or with its messages of the last
    # hour spent, the new items stay unclaimed and go together in the next message.
    now = clock()
    posted = 0  # the hour's messages, counted only where a cap needs them
    if pace.alerts_per_hour is not None:
        hour_ago = now - dt.timedelta(hours=1)
        posted = await run(lambda s: s.pace.messages_since(channel, hour_ago))  # type: ignore[assignment]
    if (why := pace.held(now, posted)) is not None:
        await run(lambda s: s.pace.hold(channel, now))
        outcomes.append(f"held: {why}")
        return outcomes
    # A story a message, at most STORY_MESSAGES and what the hour's cap leaves; what was
    # held goes together, as one message.
    messages = STORY_MESSAGES
    if pace.alerts_per_hour is not None:
        messages = min(messages, pace.alerts_per_hour - posted)
    if pace.held_since is not None:
        messages = 1
    batch = name()
    background_days = settings()["rank"]["background_days"]
    if await run(lambda s: s.follows.claim_alerts(channel, batch, clock(), background_days)):
        outcomes.append(await _send(channel, batch, clock, run, poster, pace, messages=messages))
    if pace.held_since is not None:
        await run(lambda s: s.pace.release(channel))
    return outcomes


async def _send(
    channel: str,
    batch: str,
    clock: Clock,
    run: RunInStore,
    poster: AlertPoster,
    pace: Pace,
    messages: int = STORY_MESSAGES,
    recovering: bool = False,
) -> str:
    """Plan the batch if it was not, then post each part of it not yet posted."""
    if not await run(lambda s: s.alert_stories.planned(channel, batch)):
        items: AlertItems = await run(lambda s: s.follows.alert_items(channel, batch))  # type: ignore[assignment]
        since = clock() - dt.timedelta(days=settings()["story"]["update_days"])
        earlier = await run(lambda s: s.alert_stories.recent(channel, since))
        plan = plan_stories(items, earlier, messages)  # type: ignore[arg-type]
        await run(lambda s: s.alert_stories.plan(channel, batch, *plan, clock()))
    parts: list[Part] = await run(lambda s: s.alert_stories.parts(channel, batch))  # type: ignore[assignment]
    if not parts:  # its documents went before it could be posted: nothing to say
        await run(lambda s: s.follows.mark_alerts_posted(channel, batch, None, clock()))
        return "dropped"
    mentions: Mapping[str, str] = await run(lambda s: s.follows.mentions(channel))  # type: ignore[assignment]
    send = _Send(channel, batch, clock, run, poster, pace, mentions, recovering)
    said = [await (send.update(part) if part.update else send.tell(part)) for part in parts]
    log.info("alert %s for %s: %s", batch, channel, ", ".join(said))
    if recovering:
        return "recovered" if all(s == "found" for s in said) else "reposted"
    return "posted"


@dataclass(frozen=True)
class _Send:
    """One batch's parts going out: each says what it did ('posted', 'found' after a
    crash, 'edited', 'in thread', 'posted again', 'dropped')."""

    channel: str
    batch: str
    clock: Clock
    run: RunInStore
    poster: AlertPoster
    pace: Pace
    mentions: Mapping[str, str]
    recovering: bool

    async def tell(self, part: Part) -> str:
        """A new message telling the part's stories (found instead, after a crash)."""
        ids = [story.id for story in part.stories]
        found = await self._items(ids, self.batch)
        items = [item for i in ids for item in found.get(i, [])]
        message_id = await self._find(part.key)
        said = "found" if message_id is not None else "posted" if items else "dropped"
        if said == "posted":
            events = [e.id for _, e in items]
            also: list[str] = await self.run(lambda s: rule_mentions(s, self.channel, events))  # type: ignore[assignment]
            reply = compose_alert(
                self.channel, part.key, items, mentions=self.mentions, stories=len(ids), also=also
            )
            message_id = await self.poster.post_alert(self.channel, reply)
        await self.run(lambda s: s.alert_stories.told(ids, message_id, self.clock()))
        await self._mark(message_id, ids)
        return said

    async def update(self, part: Part) -> str:
        """A later development of a story told before: in its thread where the channel
        wants threads (and its front has them), else by editing its message to tell it
        all; its message gone, told again in a new one. An update mentions nobody."""
        (story,) = part.stories
        every = (await self._items([story.id])).get(story.id, [])
        new = (await self._items([story.id], self.batch)).get(story.id, [])
        if not new:
            await self._mark(None, [story.id])
            return "dropped"
        threaded = self.pace.threads and story.message_id is not None
        if threaded and (said := await self._in_thread(part, story, new, every)) is not None:
            return said
        if story.message_id is not None and await self._edit(story):
            await self._mark(story.message_id, [story.id])
            return "edited"
        return await self._again(part, story, every)

    async def _in_thread(
        self, part: Part, story: AlertStory, new: StoryItems, every: StoryItems
    ) -> str | None:
        """The development as a reply in the story's thread (opened on its first);
        None when the front has no thread for it, or it is gone (deleted, locked)."""
        assert story.message_id is not None
        thread = story.thread_id
        if thread is None:
            thread = await self.poster.open_thread(
                self.channel, story.message_id, _thread_name(every)
            )
            if thread is None:
                return None
            await self.run(
                lambda s: s.alert_stories.set_thread(story.message_id, self.channel, thread)
            )  # type: ignore[arg-type]
        message_id = await self._find(part.key, thread)
        said = "found" if message_id is not None else "in thread"
        if message_id is None:
            reply = compose_alert(self.channel, part.key, new, update=True)
            reply.outlets = list(dict.fromkeys(o for _, e in every for o in e.sources))
            message_id = await self.poster.post_alert(self.channel, reply, thread)
        if message_id is None:
            log.warning(
                "the thread of alert %s in %s is gone; editing it", story.part, self.channel
            )
            await self.run(
                lambda s: s.alert_stories.set_thread(story.message_id, self.channel, None)
            )  # type: ignore[arg-type]
            return None
        await self._mark(message_id, [story.id])
        return said

    async def _edit(self, story: AlertStory) -> bool:
        """The story's message edited to tell every story it tells, all their items so
        far; False when the message is gone."""
        assert story.message_id is not None
        told: list[int] = await self.run(
            lambda s: s.alert_stories.told_by(self.channel, story.message_id)
        )  # type: ignore[assignment,arg-type]
        found = await self._items(told)
        items = [item for i in told for item in found.get(i, [])]
        first = await self._first(told, story)
        reply = compose_alert(
            self.channel, story.part, items, stories=len(told), updated=len(items) - first
        )
        return await self.poster.edit_alert(self.channel, story.message_id, reply)

    async def _again(self, part: Part, story: AlertStory, every: StoryItems) -> str:
        """The story told again, whole, in a new message: its message is gone (deleted,
        or the front keeps no ids)."""
        message_id = await self._find(part.key)
        said = "found" if message_id is not None else "posted again"
        if message_id is None:
            first = await self._first([story.id], story)
            reply = compose_alert(self.channel, part.key, every, updated=len(every) - first)
            message_id = await self.poster.post_alert(self.channel, reply)
        if story.message_id is not None:
            await self.run(
                lambda s: s.alert_stories.moved(self.channel, story.message_id, message_id)
            )  # type: ignore[arg-type]
        else:
            await self.run(lambda s: s.alert_stories.told([story.id], message_id, self.clock()))
        await self._mark(message_id, [story.id])
        return said

    async def _items(self, stories: list[int], batch: str | None = None) -> dict[int, StoryItems]:
        """Stories' items (of one batch, or all) still in the store."""
        return await self.run(lambda s: s.alert_stories.items(self.channel, stories, batch))  # type: ignore[return-value]

    async def _first(self, stories: list[int], story: AlertStory) -> int:
        """How many of these stories' items were in the batch that first told `story`."""
        found = await self._items(stories, story.part.rsplit("-", 1)[0])
        return sum(len(items) for items in found.values())

    async def _find(self, key: str, thread: str | None = None) -> str | None:
        """After a crash, the part's message if it was posted; None otherwise."""
        if not self.recovering:
            return None
        return await self.poster.find_alert(self.channel, key, thread)

    async def _mark(self, message_id: str | None, stories: list[int]) -> None:
        await self.run(
            lambda s: s.follows.mark_alerts_posted(
                self.channel, self.batch, message_id, self.clock(), stories
            )
        )


def rule_mentions(store: Store, channel: str, events: Sequence[int]) -> list[str]:
    """The mentions of the channel's alert rules (/mention on a /filter rule) that any of
    these events matches, matched as the filter itself matches them (store.filters)."""
    return sorted(
        {
            mention
            for rule, mention in store.filters.mentioning(channel)
            if store.filters.passing(channel, "alerts", events, [rule])
        }
    )


def _thread_name(items: StoryItems) -> str:
    """A story's thread is named by its clearest sentence, shortened."""
    lead = Story([e for _, e in items]).lead.sentence
    return lead if len(lead) <= THREAD_NAME_MAX else lead[: THREAD_NAME_MAX - 1].rstrip() + "…"


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
                for outcome in outcomes[channel]:
                    metrics.ALERTS.labels(channel, _counted(outcome)).inc()
        return outcomes


def _counted(outcome: str) -> str:
    """A delivery's outcome as the metrics count it: posted, held, failed or dropped."""
    if outcome.startswith("held"):
        return "held"
    return outcome if outcome in ("failed", "dropped") else "posted"
