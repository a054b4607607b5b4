"""The digest composer: a window's events to ranked stories, the top ones under headings.

Stories (bot/digest/stories.py) are weighed (bot/digest/rank.py); the digest leads with
the `max_stories` heaviest that are news (not background), the followed entities'
stories first under "Following", the others heaviest first, a run of stories with one
heading under that heading. Every story of the window stays in the reply (`total`, the JSON).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

from bot.digest import rank as ranking
from bot.digest.days import days_before
from bot.digest.stories import Story, entity_counts, gather, mark_updates, settings
from bot.replies import DigestReply, DigestStory
from bot.store import Store, StoredEvent

DIGEST_MAX_STORIES = 10
FOLLOWING = "Following"
# The chart shows the window's busiest entities from this many events each.
ACTIVITY_MIN_EVENTS = 2
ACTIVITY_MAX = 10


def _reply_story(story: Story) -> DigestStory:
    lead = story.lead
    return DigestStory(
        reports=[lead, *(e for e in story.reports if e is not lead)],
        sources=story.sources,
        weight=story.weight,
        signals=story.signals,
        heading=story.heading,
        url=story.url,
        update_of=story.update_of,
        following=story.following,
        background=story.background,
    )


def _activity(events: list[StoredEvent]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for event in events:
        for name in dict.fromkeys((*event.actors, *event.places)):
            counts[name] = counts.get(name, 0) + 1
    busy = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))
    return [(n, c) for n, c in busy if c >= ACTIVITY_MIN_EVENTS][:ACTIVITY_MAX]


def compose(
    events: list[StoredEvent],
    since: str | None,
    *,
    earlier: list[StoredEvent] = (),  # type: ignore[assignment]
    history: Mapping[str, int] | None = None,
    following: Collection[str] = (),
    max_stories: int = DIGEST_MAX_STORIES,
) -> DigestReply:
    """The digest of a window's events.

    `earlier`: events of earlier digests (a story continuing one of theirs is an update);
    `history`: each entity's events over the weeks before the window (prominence and
    trending); `following`: names of followed entities, whose stories lead."""
    stories = gather(events)
    mark_updates(stories, earlier)
    window = entity_counts(stories)
    history = history or {}
    ordered = ranking.rank(stories, history, window)
    followed = set(following)
    for story in ordered:
        story.following = bool(followed & story.entities) and not story.background
        story.heading = FOLLOWING if story.following else ranking.heading(story, history, window)
    news = [s for s in ordered if not s.background]
    lead = [s for s in news if s.following][:max_stories]
    lead += [s for s in news if not s.following][: max_stories - len(lead)]
    # Chat order is weight order: a reader's first lines are the heaviest stories.
    # Stories in a row under one heading share it (DigestReply.sections); the followed
    # ones come first under "Following".
    shown = lead
    rest = [s for s in ordered if not any(s is x for x in shown)]
    reply = DigestReply(
        since=since,
        stories=[_reply_story(s) for s in (*shown, *rest)],
        lead=len(shown),
        total=len(ordered),
        activity=_activity(events),
    )
    # The footer's /since: the digest's first day.
    reply.more_since = reply.since_for(reply.lead)
    return reply


def digest_for(
    store: Store,
    events: list[StoredEvent],
    since: str | None,
    *,
    earlier: list[StoredEvent] | None = None,
    following: Collection[str] = (),
    max_stories: int = DIGEST_MAX_STORIES,
) -> DigestReply:
    """The digest of a window's events with what the store knows around it: the stories
    of the digests before it (updates; `earlier` when the caller has them) and each
    entity's recent history."""
    rules = settings()
    if earlier is None:
        earlier = []
    if since is not None and not earlier:
        stamp = dt.datetime.fromisoformat(since)
        back = days_before(stamp.date(), rules["story"]["update_days"])
        lookback = dt.datetime.combine(back, stamp.timetz())
        earlier = store.events_ingested_since(
            lookback.isoformat(timespec="seconds"),
            limit=rules["window"]["earlier_max_events"],
            until=since,
        )
    history: dict[str, int] = {}
    if events:
        names = sorted({n for e in events for n in (*e.actors, *e.places)})
        first = min(dt.date.fromisoformat(e.when_end[:10]) for e in events)
        newest = max(dt.date.fromisoformat(e.when_end[:10]) for e in events)
        start = days_before(newest, rules["rank"]["prominence_days"])
        # The weeks before the window's own days: the baseline its news is measured on.
        history = store.entity_activity(names, start, max(first, start))
    return compose(
        events,
        since,
        earlier=earlier,
        history=history,
        following=following,
        max_stories=max_stories,
    )
