"""Kept apart: pairs of real-world things that must stay two entities however names merge
(benchmarks/data/kept_apart.tsv), so that fragmentation is never bought with wrong merges.

Each side is written as typed, then, after ``|``, the editors' title when it differs
("New York|New York (state)"). A pair is together, and fails, when any of these holds:

- ``/where A`` and ``/where B`` answer the same entity (the resolver of ``/who``, without
  its one reading that is not a name's: ``/who`` of a capital answers its country, by
  design, while ``/where`` keeps the city);
- the store finds both names on one entity (``store.entities.lookup``: a name or an alias);
- the gold links of both titles all land on one and the same entity (as ``fragmentation``
  finds them). A title whose links are shared between an entity of its own and the
  other's ("Russian" filed under Russia beside Russian Armed Forces) is a split, counted
  by fragmentation, not a merge.

A side that ``/where`` does not find is reported (info): the pair is not together, but the
resolver is not tested on it either.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.scoring.current_events import GoldParagraph
from benchmarks.scoring.fragmentation import StoreIndex, title_entities
from benchmarks.scoring.lookup import read_rows, who_entity
from benchmarks.scoring.report import Metric, Section
from bot.store import Store
from commands import Env

APART_FILE = Path(__file__).resolve().parents[1] / "data" / "kept_apart.tsv"
APART_HEADER = ("a", "b", "category")


@dataclass(frozen=True)
class Side:
    typed: str
    title: str


@dataclass(frozen=True)
class ApartPair:
    a: Side
    b: Side
    category: str


def _side(cell: str) -> Side:
    typed, _, title = cell.partition("|")
    return Side(typed.strip(), title.strip() or typed.strip())


def read_apart(path: Path = APART_FILE) -> list[ApartPair]:
    """The pairs of a kept-apart file; a pair of one name with itself is an error."""
    pairs: list[ApartPair] = []
    for number, (a, b, category) in read_rows(path, APART_HEADER):
        pair = ApartPair(_side(a), _side(b), category)
        if pair.a.typed.casefold() == pair.b.typed.casefold():
            raise ValueError(f"{path.name}:{number}: a pair needs two different names")
        pairs.append(pair)
    return pairs


@dataclass
class ApartScore:
    pairs: int = 0
    together: list[tuple[ApartPair, str]] = field(default_factory=list)
    unanswered: list[tuple[ApartPair, str]] = field(default_factory=list)

    def metrics(self) -> list[Metric]:
        return [
            Metric("apart.pairs", "kept apart: pairs that must stay two entities", self.pairs),
            Metric(
                "apart.unanswered",
                "kept apart: pairs with a side /where does not find (info)",
                len(self.unanswered),
            ),
            Metric(
                "apart.together", "kept apart: pairs merged or answered as one", len(self.together)
            ),
        ]

    def sections(self) -> list[Section]:
        def show(pair: ApartPair, why: str) -> str:
            return f"{pair.category} | {pair.a.typed} / {pair.b.typed} | {why}"

        return [
            Section(
                "kept apart: together (category | pair | why)",
                [show(p, w) for p, w in self.together],
                limit=None,
            ),
            Section(
                "kept apart: a side not found (category | pair | which)",
                [show(p, w) for p, w in self.unanswered],
            ),
        ]


def why_together(
    pair: ApartPair,
    store: Store,
    answers: dict[str, dict | None],
    landing: dict[str, Counter[str]],
) -> str | None:
    """Why the pair is one entity, or None when it is two."""
    a, b = answers[pair.a.typed], answers[pair.b.typed]
    if a and b and a["name"] == b["name"]:
        return f"/where answers both with {a['name']}"
    stored_a, stored_b = store.entities.lookup(pair.a.typed), store.entities.lookup(pair.b.typed)
    if stored_a and stored_b and stored_a.id == stored_b.id:
        return f"one stored entity: {stored_a.name}"
    on_a, on_b = set(landing.get(pair.a.title, ())), set(landing.get(pair.b.title, ()))
    if len(on_a) == 1 and on_a == on_b:
        return f"every link of both titles lands on {on_a.pop()}"
    return None


def score_apart(
    store: Store,
    pairs: Sequence[ApartPair],
    rows: Sequence[GoldParagraph],
    now: dt.datetime,
    env: Env,
    index: StoreIndex | None = None,
) -> ApartScore:
    """Each pair checked by /where, by the store's names and by where the gold links land."""
    index = index or StoreIndex.read(store)
    titles = sorted({s.title for p in pairs for s in (p.a, p.b)})
    landing = title_entities(index, rows, titles)
    typed = {s.typed for p in pairs for s in (p.a, p.b)}
    answers = {t: who_entity(store, t, now, env, "where") for t in sorted(typed)}
    score = ApartScore(pairs=len(pairs))
    for pair in pairs:
        why = why_together(pair, store, answers, landing)
        if why:
            score.together.append((pair, why))
        missing = [s.typed for s in (pair.a, pair.b) if answers[s.typed] is None]
        if missing:
            score.unanswered.append((pair, ", ".join(missing)))
    return score
