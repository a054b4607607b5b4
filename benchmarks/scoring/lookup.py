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

The lists drawn by rule (``benchmarks/draw_lookup.py``, ``lookup-drawn-2025-h1.tsv`` and
``-h2.tsv``) are scored with ``by_alias``: an answer is also right when one of the forms is
among the answered entity's stored aliases, as canonical recall counts a link (the store
found the thing and keeps the editors' title as one of its names, whichever name it chose
to show). Each miss says why (``MISS_REASONS``): a fragment of the expected name answered
("Trump" beside "Donald Trump"), another entity, candidates and no answer, or nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.scoring.matching import folded_key, ratio, same_entity_name
from benchmarks.scoring.report import Metric, Section
from bot.errors import BriefingError
from bot.store import Store
from commands import Env, run_line

LOOKUP_FILE = Path(__file__).resolve().parents[1] / "data" / "lookup.tsv"
# Why a query missed, in the order the misses are listed.
FRAGMENT, OTHER, AMBIGUOUS, NOTHING = (
    "fragment answered",
    "other entity",
    "ambiguous",
    "nothing found",
)
MISS_REASONS = (FRAGMENT, OTHER, AMBIGUOUS, NOTHING)
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


def who_reply(store: Store, query: str, now: dt.datetime, env: Env, command: str = "who") -> dict:
    """What ``/who <query>`` (or another name command) answers, as JSON (an empty reply
    when it refuses the query)."""
    try:
        return run_line(f"/{command} {query}", store, now, env).to_json()
    except BriefingError:
        return {}


def who_entity(
    store: Store, query: str, now: dt.datetime, env: Env, command: str = "who"
) -> dict | None:
    """The entity (name, kind, aliases) that ``/who <query>`` (or ``command``) answers
    with, or None."""
    return who_reply(store, query, now, env, command).get("entity")


def answers_to(entity: dict | None, forms: Sequence[str], by_alias: bool = False) -> bool:
    """Whether the answered entity is the expected one: named as one of the forms, or
    (``by_alias``) holding one of them among its aliases."""
    if entity is None:
        return False
    if same_entity_name(entity["name"], forms):
        return True
    return by_alias and any(same_entity_name(alias, forms) for alias in entity.get("aliases", ()))


def _words(name: str) -> set[str]:
    return set(folded_key(name).replace("-", " ").split())


def starts_of(letters: str, words: Sequence[str]) -> bool:
    """Whether the capitals are, in order, the starts of some of the words ("AUSSOM":
    African Union Support … SOMalia; "M23": March 23)."""
    if not letters:
        return True
    for i, word in enumerate(words):
        for size in range(len(word), 0, -1):
            if letters.startswith(word[:size].upper()) and starts_of(
                letters[size:], words[i + 1 :]
            ):
                return True
    return False


def _abbreviates(short: str, name: str) -> bool:
    """Whether a one-word short form is made of the starts of the name's words ("NLF")."""
    letters = "".join(c for c in short if c.isalnum())
    words = [w for w in re.split(r"[\s\-–—]+", name) if w]
    return " " not in short.strip() and letters.isupper() and starts_of(letters, words)


@dataclass(frozen=True)
class Miss:
    """A query that missed: what it answered (name, kind, events; or candidates) and why."""

    category: str
    query: str
    expected: str
    answered: str
    reason: str
    stored: str  # the expected entity as the store holds it ("-" when it holds none)

    def line(self) -> str:
        return (
            f"{self.category} | {self.query!r} -> {self.answered} | expected {self.expected}"
            f" (stored: {self.stored})"
        )


def _stored(store: Store, forms: Sequence[str]) -> tuple[str, str | None]:
    """The expected entity in the store, found by one of its forms: "name (kind, N events)"
    and its name; "-" and None when none is stored."""
    for form in forms:
        row = store.entities.lookup(form)
        if row is not None:
            _, total = store.events.entity(row.id, limit=0)
            return f"{row.name} ({row.kind}, {total} events)", row.name
    return "-", None


def explain_miss(store: Store, item: LookupQuery, reply: dict) -> Miss:
    """Why a query missed, with what it answered and the expected entity as stored."""
    entity = reply.get("entity")
    candidates = reply.get("candidates") or []
    stored, stored_name = _stored(store, item.forms)
    if entity is None:
        reason = AMBIGUOUS if candidates else NOTHING
        answered = (
            "candidates: " + ", ".join(f"{c['name']} ({c['events']})" for c in candidates)
            if candidates
            else "no entity"
        )
        return Miss(item.category, item.query, item.expected, answered, reason, stored)
    answered = f"{entity['name']} ({entity['kind']}, {reply.get('total', 0)} events)"
    if candidates:
        answered += "; also " + ", ".join(f"{c['name']} ({c['events']})" for c in candidates)
    # A fragment: a part of the expected name ("Trump" beside "Donald Trump"), or the
    # typed acronym stored as an entity of its own ("NLF" beside its full name).
    names = (*item.forms, *([stored_name] if stored_name else []))
    fragment = any(_words(entity["name"]) < _words(n) for n in names) or (
        folded_key(entity["name"]) == folded_key(item.query)
        and any(_abbreviates(item.query, n) for n in names)
    )
    reason = FRAGMENT if fragment else OTHER
    return Miss(item.category, item.query, item.expected, answered, reason, stored)


def answer_env(corpus: Path) -> Env:
    """The environment the benchmark asks in: one event per answer, only the entity matters."""
    return Env(seeds=corpus, page_size=1)


@dataclass
class LookupScore:
    """Found or not for each query, by category, with what was answered instead."""

    found: Counter[str] = field(default_factory=Counter)
    asked: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)
    # With explain: each miss with its reason, in the order of `misses`.
    explained: list[Miss] = field(default_factory=list)
    by_alias: int = 0  # finds by an alias only (the entity shown under another name)

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
    store: Store,
    queries: Sequence[LookupQuery],
    now: dt.datetime,
    env: Env,
    by_alias: bool = False,
    explain: bool = False,
) -> LookupScore:
    """Each query asked as ``/who``; found when the answer is named as the expected entity
    (or, ``by_alias``, holds one of its forms as an alias); ``explain`` says why each
    miss missed."""
    score = LookupScore()
    for item in queries:
        score.asked[item.category] += 1
        reply = who_reply(store, item.query, now, env)
        entity = reply.get("entity")
        if answers_to(entity, item.forms, by_alias):
            score.found[item.category] += 1
            score.by_alias += not answers_to(entity, item.forms)
            continue
        name = entity["name"] if entity else None
        score.misses.append((item.category, item.query, item.expected, name or "no entity"))
        if explain:
            score.explained.append(explain_miss(store, item, reply))
    return score


# --- the lists drawn by rule, one per half of 2025 --------------------------------------

DRAWN_FILES = {
    "January–June": LOOKUP_FILE.with_name("lookup-drawn-2025-h1.tsv"),
    "July–December": LOOKUP_FILE.with_name("lookup-drawn-2025-h2.tsv"),
}
# The goals: the held-apart half at least this, and no further below the first.
DRAWN_TARGET = 0.95
DRAWN_GAP = 0.02


@dataclass
class GoalMetric(Metric):
    """A metric whose goal is its own (the shared table in report.py does not hold it)."""

    goal: tuple[float, str] | None = None

    @property
    def target(self) -> tuple[float, str] | None:
        return self.goal


@dataclass
class DrawnScore:
    """The drawn lists scored side by side: each half's score, by its label."""

    halves: dict[str, LookupScore] = field(default_factory=dict)

    def metrics(self) -> list[Metric]:
        out: list[Metric] = []
        for n, (label, score) in enumerate(self.halves.items(), start=1):
            asked = sum(score.asked.values())
            goal = (DRAWN_TARGET, ">=") if n == len(self.halves) and n > 1 else None
            out.append(
                GoalMetric(
                    f"lookup.drawn_h{n}",
                    f"drawn lookup, {label} ({asked} queries)",
                    score.share,
                    f"{sum(score.found.values())}/{asked} = {score.share:.3f}",
                    goal=goal,
                )
            )
        if len(self.halves) == 2:
            first, second = self.halves.values()
            out.append(
                GoalMetric(
                    "lookup.drawn_gap",
                    "drawn lookup: first half minus second",
                    round(first.share - second.share, 3),
                    goal=(DRAWN_GAP, "<="),
                )
            )
        return out

    def sections(self) -> list[Section]:
        out: list[Section] = []
        for label, score in self.halves.items():
            categories = [
                f"{c} | {score.found[c]}/{score.asked[c]} | {score.category_share(c):.2f}"
                for c in sorted(score.asked)
            ]
            if score.by_alias:
                categories.append(f"(found by an alias only: {score.by_alias})")
            out.append(
                Section(
                    f"drawn lookup, {label}: by category (category | found | share)",
                    categories,
                    limit=None,
                )
            )
            out.append(
                Section(
                    f"drawn lookup, {label}: misses (reason: category | query -> answered"
                    " | expected (stored as))",
                    miss_lines(score.explained),
                    limit=None,
                )
            )
        return out


def miss_lines(misses: Sequence[Miss]) -> list[str]:
    """The misses grouped by reason, in MISS_REASONS order."""
    return [f"{m.reason}: {m.line()}" for r in MISS_REASONS for m in misses if m.reason == r]


def score_drawn(
    store: Store, now: dt.datetime, env: Env, files: dict[str, Path] = DRAWN_FILES
) -> DrawnScore:
    """Both drawn lists asked of the store, by alias too, each miss explained."""
    return DrawnScore(
        {
            label: score_lookup(store, read_lookup(path), now, env, by_alias=True, explain=True)
            for label, path in files.items()
        }
    )
