"""The digest composer: a window's events to ranked stories, the top ones under headings.

Stories (bot/digest/stories.py) are weighed (bot/digest/rank.py); the digest shows the
`max_stories` heaviest that are news (not background): the `TOP_STORIES` heaviest first
under "Top stories" (the first of them is the lead, which the summary line states), then
the followed entities' stories under "Following", then the rest under their sections in
the sections' fixed order (bot/data/sections.json; a document's own headings after them,
then entity headings, then "Other news"), heaviest first within each. Each heading comes
once. Every story of the window stays in the reply (`total`, the JSON).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from bot.digest import rank as ranking
from bot.digest.days import days_before
from bot.digest.stories import Story, entity_counts, gather, mark_updates, settings
from bot.replies import DigestReply, DigestStory
from bot.seeds.sections import section_names
from bot.store import Store, StoredEvent, described

DIGEST_MAX_STORIES = 10
TOP_STORIES = 3
TOP = "Top stories"
FOLLOWING = "Following"
# The chart shows the window's busiest entities from this many events each.
ACTIVITY_MIN_EVENTS = 2
ACTIVITY_MAX = 10


def _reply_story(story: Story, rank: int) -> DigestStory:
    lead = story.lead
    items = {(e.file, e.paragraph): e.published[:10] for e in story.reports}
    newest = lead.published[:10]
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
        killed=ranking.killed(story),
        killed_where=ranking.killed_where(story),
        change=_change(story),
        earlier_items=sum(day < newest for day in items.values()),
        other_items=len(items) - 1,
        rank=rank,
    )


def _change(story: Story) -> str:
    """What an update adds to the story the channel saw: a toll that rose, else the
    names its line brings that the earlier one did not."""
    old = story.update_of
    if old is None:
        return ""
    before = ranking.harm(old.sentence).killed or 0
    now = ranking.killed(story)
    if before and now > before:
        return f"killed now {now:,}, was {before:,}"
    seen = {*old.actors, *old.places}
    new = [n for n in dict.fromkeys((*story.lead.actors, *story.lead.places)) if n not in seen]
    return f"now also {', '.join(new[:2])}" if new else ""


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
    hidden: Collection[int] = frozenset(),
    filters: Sequence[str] = (),
) -> DigestReply:
    """The digest of a window's events.

    `earlier`: events of earlier digests (a story continuing one of theirs is an update);
    `history`: each entity's events over the weeks before the window (prominence and
    trending); `following`: names of followed entities, whose stories lead; `hidden`: the
    ids of events the channel's filter leaves out (`filters` says the rules): stories are
    made and weighed on every event, as without a filter, then lose the hidden ones (a
    story left with none goes), so a filter changes what is shown, never how the rest is
    grouped or ordered; the digest then fills its places from what is left."""
    stories = gather(events)
    mark_updates(stories, earlier)
    window = entity_counts(stories)
    history = history or {}
    ordered = ranking.rank(stories, history, window)
    ranks = {id(s): i for i, s in enumerate(ordered)}
    if hidden:
        trimmed = []
        for story in ordered:
            if (kept := _without(story, hidden)) is not None:
                ranks[id(kept)] = ranks[id(story)]
                trimmed.append(kept)
        ordered = trimmed
        events = [e for e in events if e.id not in hidden]
    followed = set(following)
    for story in ordered:
        story.following = bool(followed & story.entities) and not story.background
        story.heading = ranking.heading(story, history, window)
    news = [s for s in ordered if not s.background]
    top = news[: min(TOP_STORIES, max_stories)]
    rest = [s for s in news if not any(s is t for t in top)]
    chosen = [s for s in rest if s.following][: max_stories - len(top)]
    chosen += [s for s in rest if not s.following][: max_stories - len(top) - len(chosen)]
    for story in top:
        story.heading = TOP
    for story in chosen:
        if story.following:
            story.heading = FOLLOWING
    # Each heading once, in a fixed order; heaviest first within each (`sorted` keeps
    # the weight order of equal keys).
    shown = top + sorted(chosen, key=lambda s: _heading_order(s.heading))
    rest = [s for s in ordered if not any(s is x for x in shown)]
    reply = DigestReply(
        since=since,
        stories=[_reply_story(s, ranks[id(s)]) for s in (*shown, *rest)],
        lead=len(shown),
        total=len(ordered),
        activity=_activity(events),
        filters=list(filters),
    )
    # The footer's /since: the digest's first day.
    reply.more_since = reply.since_for(reply.lead)
    return reply


def _without(story: Story, hidden: Collection[int]) -> Story | None:
    """The story less the hidden reports (its weight and signals kept), or None when
    none is left."""
    kept = [e for e in story.reports if e.id not in hidden]
    if len(kept) == len(story.reports):
        return story
    if not kept:
        return None
    return Story(
        kept,
        update_of=story.update_of,
        weight=story.weight,
        signals=story.signals,
        background=story.background,
    )


def _heading_order(heading: str) -> tuple[int, int, str]:
    """Following first, then the sections in their fixed order, a document's own
    headings (alphabetically), entity headings, "Other news" last."""
    if heading == FOLLOWING:
        return (0, 0, "")
    names = section_names()
    if heading in names:
        return (1, names.index(heading), "")
    if heading == ranking.OTHER_NEWS:
        return (3, 0, "")
    return (2, 0, heading.lower())


def digest_for(
    store: Store,
    events: list[StoredEvent],
    since: str | None,
    *,
    earlier: list[StoredEvent],
    following: Collection[str] = (),
    max_stories: int = DIGEST_MAX_STORIES,
    channel: str | None = None,
) -> DigestReply:
    """The digest of a window's events with what the store knows around it: the stories
    the channel's previous digest showed (`earlier`: a story continuing one of them is
    its update), each entity's recent history (prominence, trending), and the channel's
    digest filter (store.filters), matched in the store."""
    rules = settings()
    history: dict[str, int] = {}
    if events:
        names = sorted({n for e in events for n in (*e.actors, *e.places)})
        first = min(dt.date.fromisoformat(e.when_end[:10]) for e in events)
        newest = max(dt.date.fromisoformat(e.when_end[:10]) for e in events)
        start = days_before(newest, rules["rank"]["prominence_days"])
        # The weeks before the window's own days: the baseline its news is measured on.
        history = store.aggregates.activity(names, start, max(first, start))
    rules = store.filters.of(channel, "digest") if channel is not None else []
    hidden: frozenset[int] = frozenset()
    if rules and channel is not None:
        passing = store.filters.passing(channel, "digest", (e.id for e in events), rules)
        hidden = frozenset(e.id for e in events if e.id not in passing)
    return compose(
        events,
        since,
        earlier=earlier,
        history=history,
        following=following,
        max_stories=max_stories,
        hidden=hidden,
        filters=described(rules),
    )
