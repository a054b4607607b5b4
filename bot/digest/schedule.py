"""When digests are due, and delivering each exactly once through the ledger.

The rules are pure functions of a configuration and a clock; delivery goes through a
front's Poster (Discord, Slack), so every front shares one exactly-once procedure.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.digest.compose import DIGEST_MAX_STORIES, digest_for
from bot.digest.days import days_before
from bot.digest.stories import settings
from bot.digest.timing import digest_time, digest_zone
from bot.extraction.dates import rhythm_weekday
from bot.replies import DigestReply
from bot.store import DigestChannel, Store, StoredEvent

log = logging.getLogger(__name__)


def due_at(config: DigestChannel, day: dt.date) -> dt.datetime:
    """The instant (UTC) the digest for a local day is due; DST gaps move it forward.
    OverflowError for a day at the calendar's ends whose instant falls outside it."""
    zone = digest_zone(config.timezone)
    local = dt.datetime.combine(day, digest_time(config.time), tzinfo=zone)
    # A wall time that does not exist (spring forward) round-trips to the next real one.
    return local.astimezone(dt.UTC).astimezone(zone).astimezone(dt.UTC)


def is_digest_day(config: DigestChannel, day: dt.date) -> bool:
    """Whether a digest goes on this local day: every day, or the weekly rhythm's day."""
    weekday = rhythm_weekday(config.rhythm)
    return weekday is None or day.weekday() == weekday


def latest_due(config: DigestChannel, now: dt.datetime) -> dt.date | None:
    """The most recent local digest day whose digest is due by `now` and after the setup
    (the ledger's key: one daily digest a day, one weekly a week)."""
    zone = digest_zone(config.timezone)
    try:
        day = now.astimezone(zone).date()
        if due_at(config, day) > now:
            day -= dt.timedelta(days=1)
        while not is_digest_day(config, day):
            day -= dt.timedelta(days=1)
    except OverflowError:  # a clock at the calendar's first days: no digest before it
        return None
    configured = dt.datetime.fromisoformat(config.updated_at)
    if configured.tzinfo is None:
        configured = configured.replace(tzinfo=dt.UTC)
    return day if due_at(config, day) >= configured else None


def next_due(config: DigestChannel, now: dt.datetime) -> dt.datetime | None:
    """The next instant (UTC) a digest is due after `now`, by the channel's rhythm; None
    when the calendar ends first (a clock at 9999-12-31)."""
    zone = digest_zone(config.timezone)
    try:
        today = now.astimezone(zone).date()
    except OverflowError:  # already past 9999-12-31 there
        return None
    for offset in range(9):  # a week and the day either side of a DST change
        try:
            day = today + dt.timedelta(days=offset)
            at = due_at(config, day)
        except OverflowError:
            return None
        if is_digest_day(config, day) and at > now:
            return at
    raise AssertionError("a digest day falls within nine days")  # pragma: no cover


def window_digest(store: Store, channel: str, max_stories: int = DIGEST_MAX_STORIES) -> DigestReply:
    """The channel's next digest: what was ingested since its last one; a story that
    continues one its last digest showed is its update; the followed entities' stories
    come next to the top stories."""
    since = store.digests.last_at(channel)
    following = [
        entity.name
        for entity_id in store.follows.followed(channel)
        if (entity := store.entities.by_id(entity_id)) is not None
    ]
    limit = settings()["window"]["max_events"]
    earlier: list[StoredEvent] = []
    if since is not None:
        # The last digest as it was composed: its window and what it showed.
        claimed = sorted(r.claimed_at for r in store.digests.ledger(channel) if r.posted_at)
        before = claimed[-2] if len(claimed) >= 2 else None
        seen = digest_for(
            store,
            store.events.ingested_since(before, limit=limit, until=since),
            before,
            earlier=[],
            following=following,
            max_stories=max_stories,
            channel=channel,
        )
        earlier = [e for story in seen.shown for e in story.reports]
    return digest_for(
        store,
        store.events.ingested_since(since, limit=limit),
        since,
        earlier=earlier,
        following=following,
        max_stories=max_stories,
        channel=channel,
    )


def published_digest(
    store: Store,
    start: dt.date | None,
    end: dt.date | None,
    max_stories: int = DIGEST_MAX_STORIES,
    *,
    updates: bool = True,
) -> DigestReply:
    """The digest of the documents published from `start` to `end`. A story that
    continues one the previous digest of its length showed (the day before a day's, the
    week before a week's) is its update (`updates`)."""
    window = settings()["window"]
    events = store.events.published_between(start, end, limit=window["max_events"])
    earlier: list = []
    # The days before the calendar's first have nothing to continue. Only what the
    # previous digest showed was seen: the rest of its window was not.
    if updates and start is not None and start > dt.date.min:
        days = (end - start).days + 1 if end is not None and end >= start else 1
        before = published_digest(
            store, days_before(start, days), days_before(start, 1), max_stories, updates=False
        )
        earlier = [e for story in before.shown for e in story.reports]
    reply = digest_for(store, events, None, earlier=earlier, max_stories=max_stories)
    reply.start = start.isoformat() if start else None
    reply.end = end.isoformat() if end else None
    reply.more_since = reply.since_for(reply.lead)
    return reply


class Poster(Protocol):
    """A front's way of posting a digest and of finding one it already posted."""

    async def post(self, channel: str, reply: DigestReply, day: dt.date) -> str | None: ...

    async def find(self, channel: str, day: dt.date) -> str | None: ...


RunInStore = Callable[[Callable[[Store], object]], Awaitable[object]]


async def deliver(
    config: DigestChannel,
    now: dt.datetime,
    run: RunInStore,
    poster: Poster,
    *,
    max_stories: int = DIGEST_MAX_STORIES,
) -> str:
    """Post the channel's due digest once: claim, post, mark. Returns what happened.

    The digest covers what was ingested since the channel's last digest."""
    day = latest_due(config, now)
    if day is None:
        return "not due"
    key = day.isoformat()
    rows = await run(lambda s: s.digests.ledger(config.channel))
    row = next((r for r in rows if r.digest_date == key), None)  # type: ignore[union-attr]
    if row is not None and row.posted_at is not None:
        return "already posted"
    if row is not None:
        # Claimed but never marked: a crash between claim and post, or between post and
        # mark. Look for the message before posting again.
        found = await poster.find(config.channel, day)
        if found is not None:
            await run(lambda s: s.digests.mark_posted(config.channel, key, found, now))
            return "recovered"
    elif not await run(lambda s: s.digests.claim(config.channel, key, now)):
        return "claimed elsewhere"
    reply = await run(lambda s: window_digest(s, config.channel, max_stories))
    assert isinstance(reply, DigestReply)
    if reply.total == 0 and config.skip_empty:
        await run(lambda s: s.digests.mark_posted(config.channel, key, None, now))
        return "skipped empty"
    message_id = await poster.post(config.channel, reply, day)
    await run(lambda s: s.digests.mark_posted(config.channel, key, message_id, now))
    log.info("digest for %s on %s posted as %s", config.channel, key, message_id)
    return "posted"
