"""Names as people type them: ``/who <query>`` for the queries of benchmarks/data/lookup.tsv,
each expected to reach one entity.

The file has three tab-separated columns, a header and ``#`` comments: the query as typed,
the entity it must reach, and the query's category. The entity is written as the store
would name it, and may list the other names the same thing is known by, separated by
``|`` ("Volodymyr Zelenskyy|Volodymyr Zelensky"): the store's canonical name is whichever
its rules chose, and an answer is right when its name is one of these forms, compared
ignoring case, spacing, diacritics and a Wikipedia disambiguator
(``matching.same_entity_name``). The query itself is never a form unless the thing is
called that ("NATO"): "/who WHO" answering an entity named "WHO" beside the "World Health
Organization" is a split, not a find.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.scoring.matching import ratio, same_entity_name
from benchmarks.scoring.report import Metric, Section
from bot.errors import BriefingError
from bot.store import Store
from commands import Env, run_line

LOOKUP_FILE = Path(__file__).resolve().parents[1] / "data" / "lookup.tsv"
LOOKUP_HEADER = ("query", "expected", "category")


@dataclass(frozen=True)
class LookupQuery:
    """One typed query, the names its entity may carry (the first the editors' title)."""

    query: str
    forms: tuple[str, ...]
    category: str

    @property
    def expected(self) -> str:
        return self.forms[0]


def read_rows(path: Path, header: Sequence[str]) -> list[tuple[int, list[str]]]:
    """The data lines of a tab-separated file (numbered from 1), past its header and
    comments, each with exactly the header's columns; a clear error otherwise."""
    rows: list[tuple[int, list[str]]] = []
    seen_header = False
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not seen_header:
            if cells != list(header):
                raise ValueError(f"{path.name}:{number}: the header must be {' | '.join(header)}")
            seen_header = True
            continue
        if len(cells) != len(header) or not all(cells):
            raise ValueError(
                f"{path.name}:{number}: expected {len(header)} tab-separated non-empty columns"
                f" ({', '.join(header)}), got {len(cells)}"
            )
        rows.append((number, cells))
    return rows


def read_lookup(path: Path = LOOKUP_FILE) -> list[LookupQuery]:
    """The queries of a lookup file; a repeated query is an error (it would count twice)."""
    queries: list[LookupQuery] = []
    seen: set[str] = set()
    for number, (query, expected, category) in read_rows(path, LOOKUP_HEADER):
        if query in seen:
            raise ValueError(f"{path.name}:{number}: {query!r} is listed twice")
        seen.add(query)
        forms = tuple(f.strip() for f in expected.split("|") if f.strip())
        queries.append(LookupQuery(query, forms, category))
    return queries


def who_entity(store: Store, query: str, now: dt.datetime, env: Env) -> dict | None:
    """The entity (name, kind, aliases) that ``/who <query>`` answers with, or None."""
    try:
        reply = run_line(f"/who {query}", store, now, env).to_json()
    except BriefingError:
        return None
    return reply.get("entity")


def answer_env(corpus: Path) -> Env:
    """The environment the benchmark asks in: one event per answer, only the entity matters."""
    return Env(seeds=corpus, page_size=1)


@dataclass
class LookupScore:
    """Found or not for each query, by category, with what was answered instead."""

    found: Counter[str] = field(default_factory=Counter)
    asked: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return ratio(sum(self.found.values()), sum(self.asked.values()))

    def category_share(self, category: str) -> float:
        return ratio(self.found[category], self.asked[category])

    def metrics(self) -> list[Metric]:
        return [
            Metric("lookup.queries", "lookup: typed queries asked", sum(self.asked.values())),
            Metric(
                "lookup.found",
                "lookup: share of typed queries whose /who reaches the entity",
                self.share,
            ),
        ]

    def sections(self) -> list[Section]:
        categories = [
            f"{c} | {self.found[c]}/{self.asked[c]} | {self.category_share(c):.2f}"
            for c in sorted(self.asked)
        ]
        return [
            Section("lookup: by category (category | found | share)", categories, limit=None),
            Section(
                "lookup: misses (category | query | expected | answered)",
                [f"{c} | {q!r} | {e} | {a}" for c, q, e, a in self.misses],
                limit=None,
            ),
        ]


def score_lookup(
    store: Store, queries: Sequence[LookupQuery], now: dt.datetime, env: Env
) -> LookupScore:
    """Each query asked as ``/who``; found when the answer is named as the expected entity."""
    score = LookupScore()
    for item in queries:
        score.asked[item.category] += 1
        entity = who_entity(store, item.query, now, env)
        name = entity["name"] if entity else None
        if same_entity_name(name, item.forms):
            score.found[item.category] += 1
        else:
            score.misses.append((item.category, item.query, item.expected, name or "no entity"))
    return score
