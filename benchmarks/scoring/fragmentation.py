"""One entity per real-world thing: for the most linked titles of the current-events gold,
how many store entities hold the events whose sentences link the title.

A gold link (anchor, title) in a paragraph mapped to ours points at the store's events of
that paragraph whose sentence holds the anchor as whole words; of each such event's
entities (actors and places), the link's entity is the one named as the anchor
(``matching.folded_key``, a trailing "'s" dropped), else the one named as the title, else
those with the anchor among their aliases. The entity holding most of a title's linking
events is the title's; every other one is a split.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks.scoring.current_events import GoldParagraph
from benchmarks.scoring.matching import folded_key, ratio
from benchmarks.scoring.report import Metric, Section
from benchmarks.scoring.who import most_linked
from bot.store import Store

FRAGMENTATION_TITLES = 100
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class StoredSentence:
    """One event of a paragraph: its id, sentence and entities as (id, name)."""

    event: int
    sentence: str
    entities: tuple[tuple[int, str], ...]


@dataclass
class StoreIndex:
    """What the scorer reads from the store once: events by (file, paragraph), the name
    keys of every entity (its name and aliases)."""

    sentences: dict[tuple[str, int], list[StoredSentence]]
    keys: dict[int, set[str]]
    names: dict[int, str]

    @classmethod
    def read(cls, store: Store) -> StoreIndex:
        entities: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for event, entity, name in store.db.execute(
            "SELECT ee.event_id, e.id, e.name FROM event_entities ee JOIN entities e"
            " ON e.id = ee.entity_id ORDER BY ee.event_id, ee.role, ee.position"
        ):
            entities[event].append((entity, name))
        sentences: dict[tuple[str, int], list[StoredSentence]] = defaultdict(list)
        for event, file, paragraph, sentence in store.db.execute(
            "SELECT ev.id, d.file, ev.paragraph, ev.sentence FROM events ev"
            " JOIN documents d ON d.id = ev.document_id ORDER BY ev.id"
        ):
            sentences[(file, paragraph)].append(
                StoredSentence(event, sentence, tuple(entities.get(event, ())))
            )
        names = {i: n for i, n in store.db.execute("SELECT id, name FROM entities")}
        keys = {i: {folded_key(n)} for i, n in names.items()}
        for alias, entity in store.db.execute("SELECT alias, entity_id FROM aliases"):
            keys.setdefault(entity, set()).add(folded_key(alias))
        return cls(dict(sentences), keys, names)


def _anchor_key(anchor: str) -> str:
    return folded_key(_POSSESSIVE.sub("", anchor.strip()))


def _holds(sentence: str, anchor: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(anchor.strip())}(?!\w)", sentence) is not None


def _named(index: StoreIndex, stored: StoredSentence, anchor: str, title: str) -> list[int]:
    """The entities of one event that a link names: by name as the anchor, else by name as
    the title, else by an alias as the anchor (an alias is the entity's, not the event's:
    "Paris" may be an alias of France while the event also holds Paris itself)."""
    anchor_key, title_key = _anchor_key(anchor), folded_key(title)
    tiers = (
        [e for e, n in stored.entities if folded_key(n) == anchor_key],
        [e for e, n in stored.entities if folded_key(n) == title_key],
        [e for e, _ in stored.entities if anchor_key in index.keys.get(e, ())],
    )
    return next((tier for tier in tiers if tier), [])


def linked_entities(
    index: StoreIndex, row: GoldParagraph, anchor: str, title: str
) -> set[tuple[int, int]]:
    """(event, entity) pairs that one gold link points at in the store."""
    if row.paragraph is None or not anchor.strip():
        return set()
    return {
        (stored.event, entity)
        for stored in index.sentences.get((row.file, row.paragraph), ())
        if _holds(stored.sentence, anchor)
        for entity in _named(index, stored, anchor, title)
    }


def title_entities(
    index: StoreIndex, rows: Sequence[GoldParagraph], titles: Sequence[str]
) -> dict[str, Counter[str]]:
    """For each title, the store entities its links point at, with their linking events."""
    wanted = set(titles)
    pairs: dict[str, set[tuple[int, int]]] = {t: set() for t in titles}
    for row in rows:
        for anchor, title in row.entities:
            if title in wanted:
                pairs[title] |= linked_entities(index, row, anchor, title)
    out: dict[str, Counter[str]] = {}
    for title, found in pairs.items():
        counts: Counter[str] = Counter()
        for _, entity in found:
            counts[index.names[entity]] += 1
        out[title] = counts
    return out


def main_entity(counts: Counter[str]) -> str | None:
    """The entity most of a title's events go to (ties by name), or None."""
    if not counts:
        return None
    return min(counts, key=lambda n: (-counts[n], n))


@dataclass
class FragmentationScore:
    """Entities per title over the titles that reach at least one entity."""

    entities: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def reached(self) -> list[str]:
        return [t for t, c in self.entities.items() if c]

    @property
    def mean(self) -> float:
        reached = self.reached
        return ratio(sum(len(self.entities[t]) for t in reached), len(reached))

    @property
    def split_titles(self) -> list[str]:
        return [t for t in self.reached if len(self.entities[t]) > 1]

    def main(self) -> dict[str, str]:
        """Title -> its entity's name, for the titles that reach one."""
        return {t: n for t in self.reached if (n := main_entity(self.entities[t])) is not None}

    def metrics(self) -> list[Metric]:
        return [
            Metric(
                "fragmentation.titles",
                "fragmentation: most linked titles reaching an entity",
                len(self.reached),
                shown=f"{len(self.reached)}/{len(self.entities)}",
            ),
            Metric(
                "fragmentation.split_titles",
                "fragmentation: titles split over several entities (info)",
                len(self.split_titles),
            ),
            Metric(
                "fragmentation.mean_entities",
                "fragmentation: store entities per linked title",
                self.mean,
            ),
        ]

    def sections(self) -> list[Section]:
        def line(title: str) -> str:
            counts = self.entities[title]
            parts = ", ".join(f"{n} ({c})" for n, c in sorted(counts.items(), key=lambda x: -x[1]))
            return f"{len(counts)} | {title} | {parts}"

        worst = sorted(self.split_titles, key=lambda t: (-len(self.entities[t]), t))
        unreached = [t for t, c in self.entities.items() if not c]
        return [
            Section(
                "fragmentation: split titles (entities | title | entity (events))",
                [line(t) for t in worst],
                limit=None,
            ),
            Section("fragmentation: titles reaching no entity", unreached),
        ]


def score_fragmentation(
    store: Store,
    rows: Sequence[GoldParagraph],
    top: int = FRAGMENTATION_TITLES,
    index: StoreIndex | None = None,
) -> FragmentationScore:
    """The most linked titles, each with the store entities its links land on."""
    index = index or StoreIndex.read(store)
    return FragmentationScore(title_entities(index, rows, most_linked(rows, top)))
