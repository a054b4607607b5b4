"""The digest composer: events grouped by the entity they concern, duplicates merged."""

from __future__ import annotations

from rapidfuzz import fuzz

from bot.replies import DigestGroup, DigestItem, DigestReply
from bot.store import StoredEvent

# Two reports of one event from different sources read alike but rarely identically.
SAME_EVENT_SCORE = 85


def _source(event: StoredEvent) -> str:
    return event.attribution or event.title or event.file


def _same(a: StoredEvent, b: StoredEvent) -> bool:
    if (a.when_start, a.when_end) != (b.when_start, b.when_end):
        return False
    if set(a.actors) != set(b.actors) and not set(a.actors) & set(b.actors):
        return False
    return fuzz.token_set_ratio(a.sentence, b.sentence) >= SAME_EVENT_SCORE


def compose(events: list[StoredEvent], since: str | None) -> DigestReply:
    """Group events by their first actor (or place); merge reports of the same event."""
    groups: dict[str, list[DigestItem]] = {}
    by_sentence: dict[str, DigestItem] = {}
    # Newest first, and within a day in document order, so a sentence's main clause
    # (not a subordinate one) decides which entity it is filed under.
    events = sorted(events, key=lambda e: e.id)
    events.sort(key=lambda e: (e.when_end, e.when_start), reverse=True)
    for event in events:
        concern = (event.actors or event.places or ("Other",))[0]
        items = groups.setdefault(concern, [])
        # One sentence can hold several clause-events; the digest shows it once.
        match = by_sentence.get(event.sentence) or next(
            (i for i in items if _same(i.event, event)), None
        )
        if match is None:
            item = DigestItem(event, [_source(event)])
            items.append(item)
            by_sentence[event.sentence] = item
        elif _source(event) not in match.sources:
            match.sources.append(_source(event))
    ordered = sorted(
        ((k, v) for k, v in groups.items() if v), key=lambda kv: (-len(kv[1]), kv[0].lower())
    )
    return DigestReply(
        since=since,
        groups=[DigestGroup(name, items) for name, items in ordered],
        total=sum(len(items) for _, items in ordered),
    )
