"""Proper names: MEANTIME name mentions (found; canonical = DBpedia name) and the
current-events links (anchor found; title our name or a stored alias), plus the outlets
and page furniture that became actors."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from benchmarks.scoring.current_events import GoldParagraph
from benchmarks.scoring.matching import Span, found_span, locate, name_key, ratio, same_name
from benchmarks.scoring.meantime import Analysis, Article
from benchmarks.scoring.report import Metric, Section
from bot.extraction.extractor import Found
from bot.extraction.names import Lexicon
from bot.seeds import Document
from bot.store import Store

# What counts as one of our names (Found.label).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})
# MEANTIME entity types scored as names. FIN (amounts, indices, "the contract") and PRO
# (products: "A380", "iPod") are left out: the pipeline does not extract them as actors.
GOLD_ENTITY_TYPES = frozenset({"PER", "ORG", "LOC"})


# --- MEANTIME -----------------------------------------------------------------------------


@dataclass
class NameScore:
    gold: int = 0
    hits: int = 0
    linked: int = 0
    canonical_hits: int = 0
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)
    canonical_misses: list[tuple[str, str, str, str]] = field(default_factory=list)

    def metrics(self) -> list[Metric]:
        return [
            Metric("names.gold", "MEANTIME names: gold NAM mentions (PER/ORG/LOC)", self.gold),
            Metric(
                "names.mention_recall",
                "MEANTIME names: mention recall",
                ratio(self.hits, self.gold),
            ),
            Metric("names.linked", "MEANTIME names: gold with a DBpedia link", self.linked),
            Metric(
                "names.canonical_recall",
                "MEANTIME names: canonical recall (DBpedia)",
                ratio(self.canonical_hits, self.linked),
            ),
        ]

    def sections(self) -> list[Section]:
        return [
            Section(
                "names: gold names not found (article | text | type | what overlaps)",
                [f"{a[:28]} | {t!r} | {k} | {o or '-'}" for a, t, k, o in self.misses],
            ),
            Section(
                "names: canonical name differs (article | text | DBpedia | ours)",
                [f"{a[:28]} | {t!r} | {d} | {o}" for a, t, d, o in self.canonical_misses],
            ),
        ]


def _found_text(items: Sequence[Found]) -> str:
    return "; ".join(f"{f.text!r} {f.label}" + (f" -> {f.name}" if f.name else "") for f in items)


def score_names(articles: Sequence[Article], analyses: Sequence[Analysis]) -> NameScore:
    """Gold proper names (NAM, PER/ORG/LOC) against our entities; canonical = DBpedia name."""
    score = NameScore()
    for article, (found, _) in zip(articles, analyses, strict=True):
        for mention in article.mentions.values():
            if (
                mention.syntactic_type != "NAM"
                or mention.ent_type not in GOLD_ENTITY_TYPES
                or mention.span is None
            ):
                continue
            touching = [f for f in found if found_span(f).overlaps(mention.span)]
            over = [f for f in touching if f.label in ENTITY_LABELS]
            score.gold += 1
            if over:
                score.hits += 1
            else:
                score.misses.append(
                    (article.name, mention.text, mention.ent_type or "", _found_text(touching))
                )
            if mention.dbpedia:
                score.linked += 1
                if any(same_name(f.name, mention.dbpedia) for f in over):
                    score.canonical_hits += 1
                else:
                    ours = ", ".join(repr(f.name) for f in over) or "not found"
                    score.canonical_misses.append(
                        (article.name, mention.text, mention.dbpedia, ours)
                    )
    return score


# --- current events -----------------------------------------------------------------------


@dataclass
class CurrentEventsNameScore:
    rows: int = 0
    unmapped_rows: int = 0
    gold: int = 0
    unlocated: int = 0
    hits: int = 0
    canonical_hits: int = 0
    outlet_actors: list[str] = field(default_factory=list)
    misses: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    canonical_misses: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def metrics(self) -> list[Metric]:
        return [
            Metric("ce_names.gold", "current-events names: gold links located", self.gold),
            Metric(
                "ce_names.unlocated",
                "current-events names: gold links not located (info)",
                self.unlocated + self.unmapped_rows,
            ),
            Metric(
                "ce_names.mention_recall",
                "current-events names: mention recall",
                ratio(self.hits, self.gold),
            ),
            Metric(
                "ce_names.canonical_recall",
                "current-events names: canonical recall",
                ratio(self.canonical_hits, self.gold),
            ),
            Metric(
                "ce_names.outlet_actors",
                "current-events: outlet/boilerplate actors",
                len(self.outlet_actors),
            ),
        ]

    def sections(self) -> list[Section]:
        return [
            Section(
                "current-events names: anchors not found (count | anchor | title)",
                [f"{n} | {a!r} | {t}" for (a, t, _), n in self.misses.most_common(40)],
                limit=None,
            ),
            Section(
                "current-events names: title neither our name nor an alias"
                " (count | anchor | title | ours)",
                [
                    f"{n} | {a!r} | {t} | {o}"
                    for (a, t, o), n in self.canonical_misses.most_common(40)
                ],
                limit=None,
            ),
            Section("current-events: outlet/boilerplate actors", self.outlet_actors),
        ]


def outlet_actors(store: Store, lexicon: Lexicon) -> list[str]:
    """Distinct actors in the store that are news outlets or come from page furniture.

    Page furniture is judged by sentence: an actor is boilerplate when it comes only from a
    sentence the boilerplate list matches ("This audio is created with AI assistance");
    "AI" itself is a fair actor in news about technology.
    """
    from bot.seeds import strip_boilerplate

    rows = store.db.execute(
        "SELECT DISTINCT e.name, ev.sentence FROM event_entities ee JOIN entities e"
        " ON e.id = ee.entity_id JOIN events ev ON ev.id = ee.event_id WHERE ee.role = 'actor'"
    ).fetchall()
    bad = {name for name, _ in rows if lexicon.is_outlet(name)}
    bad |= {name for name, sentence in rows if not strip_boilerplate(sentence)}
    return sorted(bad)


def store_names(store: Store) -> Callable[[str], set[str]]:
    """name -> the stored entity's name and aliases (name keys), cached."""
    cache: dict[str, set[str]] = {}

    def lookup(name: str) -> set[str]:
        if name not in cache:
            keys = {name_key(name)}
            row = store.entities.lookup(name)
            if row is not None:
                keys |= {name_key(row.name), *(name_key(a) for a in row.aliases)}
            cache[name] = keys
        return cache[name]

    return lookup


def score_current_events_names(
    rows: Sequence[GoldParagraph],
    documents: dict[str, Document],
    found: dict[str, list[Found]],
    names_of: Callable[[str], set[str]],
) -> CurrentEventsNameScore:
    """Each gold link's anchor found as one of our entities; its title our name or an alias."""
    score = CurrentEventsNameScore()
    for row in rows:
        score.rows += 1
        if row.paragraph is None:
            score.unmapped_rows += len(row.entities)
            continue
        text = documents[row.file].paragraphs[row.paragraph].text
        ours = [
            f for f in found[row.file] if f.paragraph == row.paragraph and f.label in ENTITY_LABELS
        ]
        seen: Counter[str] = Counter()
        for anchor, title in row.entities:
            where = locate(text, anchor, seen[anchor])
            seen[anchor] += 1
            if where is None:
                score.unlocated += 1
                continue
            score.gold += 1
            span = Span(row.paragraph, *where)
            over = [f for f in ours if found_span(f).overlaps(span)]
            if not over:
                score.misses[(anchor, title, "")] += 1
                score.canonical_misses[(anchor, title, "not found")] += 1
                continue
            score.hits += 1
            if any(f.name and name_key(title) in names_of(f.name) for f in over):
                score.canonical_hits += 1
            else:
                ours_names = ", ".join(sorted({f.name or "(no name)" for f in over}))
                score.canonical_misses[(anchor, title, ours_names)] += 1
    return score
