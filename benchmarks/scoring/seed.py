"""The seed's hand-made gold (benchmarks/data/seed_gold.json), checked on the real pipeline.

The gold is a copy of ../shared/gold/seed.json kept in the repository, so it runs on any
clone: facts about seeds/000_d0977bdb04b184c9.txt, one entry per event a careful analyst
reads from a sentence and per query with its expected answer. Each check takes one gold
entry and raises AssertionError saying what differs; tests/extraction/test_gold_seed.py
runs them one test each, the benchmark counts how many pass.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.scoring.matching import clip
from benchmarks.scoring.report import Metric, Section
from bot.errors import BadInput
from bot.extraction.engine import Engine
from bot.extraction.extractor import Extractor
from bot.ingest import reload
from bot.seeds import Document, read_seed
from bot.store import Store
from commands import Env, run_line

SEED_GOLD = Path(__file__).resolve().parents[1] / "data" / "seed_gold.json"
# The clock the gold queries are asked at: the morning after the seed was published.
ASKED_AT = dt.datetime(2025, 2, 18, 9, 0, tzinfo=dt.UTC)
OUTLETS = frozenset({"Bloomberg", "Reuters"})


@dataclass(frozen=True)
class SeedGold:
    file: str
    published: str  # ISO date
    events: list[dict]
    queries: list[dict]


def load_seed_gold(path: Path = SEED_GOLD) -> SeedGold:
    gold = json.loads(path.read_text("utf-8"))
    document = gold["document"]
    return SeedGold(document["file"], document["published"], gold["events"], gold["queries"])


def event_name(expected: dict) -> str:
    """A short name for a gold event: the start of its sentence."""
    return expected["sentence_starts"][:40]


def query_name(query: dict) -> str:
    return query["ask"]


def seed_events(extractor: Extractor, seeds: Path, gold: SeedGold) -> list[dict]:
    """The events the pipeline extracts from the gold's seed, as JSON."""
    document = read_seed(seeds / gold.file)
    return [e.to_json(document) for e in extractor.extract(document)]


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def check_document(document: Document, gold: SeedGold) -> None:
    """The seed read from the folder is the document the gold describes."""
    _expect(document.file == gold.file, f"seed file {document.file!r}, gold {gold.file!r}")
    published = document.published.isoformat()
    _expect(published == gold.published, f"seed published {published}, gold {gold.published}")


def check_event(events: list[dict], expected: dict, file: str) -> None:
    """The events from the gold's sentence have its actors and places, date and source."""
    start = expected["sentence_starts"]
    found = [e for e in events if e["sentence"].startswith(start)]
    _expect(bool(found), f"no event from the sentence {start!r}")
    actors = {a for e in found for a in e["actors"]}
    places = {p for e in found for p in e["places"]}
    missing = set(expected["actors"]) - actors
    _expect(not missing, f"{start!r}: actors {sorted(missing)} missing from {sorted(actors)}")
    missing = set(expected["places"]) - places
    _expect(not missing, f"{start!r}: places {sorted(missing)} missing from {sorted(places)}")
    outlets = actors & OUTLETS
    _expect(not outlets, f"{start!r}: outlets {sorted(outlets)} are sources, never actors")
    gold_when = expected["when"]
    want = (gold_when["start"], gold_when["end"], gold_when["granularity"])
    for event in found:
        when = event["when"]
        got = (when["start"], when["end"], when["granularity"])
        _expect(got == want, f"{event['action']!r}: dated {got}, gold {want}")
        attribution = expected.get("attribution")
        _expect(
            event["attribution"] == attribution,
            f"{event['action']!r}: attributed to {event['attribution']!r}, gold {attribution!r}",
        )
        source = event["document"]["file"]
        _expect(source == file, f"{event['action']!r}: from {source!r}, gold {file!r}")


def _ask(store: Store, line: str, now: dt.datetime, seeds: Path) -> dict:
    return run_line(line, store, now, Env(seeds=seeds)).to_json()


def check_query(store: Store, query: dict, now: dt.datetime, seeds: Path) -> None:
    """The reply to the gold's query, asked of a store holding the seed, is the gold's."""
    line = query["ask"]
    if query.get("expect") == "error":
        before = store.aggregates.counts()
        try:
            _ask(store, line, now, seeds)
        except BadInput as exc:
            _expect(
                "2025-01-01" in exc.message, f"{line}: the refusal {exc.message!r} names no form"
            )
        else:
            raise AssertionError(f"{line}: answered, gold expects it refused")
        _expect(store.aggregates.counts() == before, f"{line}: the refused query changed the store")
        return
    reply = _ask(store, line, now, seeds)
    if "same_as" in query:
        other = _ask(store, query["same_as"], now, seeds)
        _expect(
            reply["actors"] == other["actors"], f"{line}: actors differ from {query['same_as']}"
        )
        _expect(
            reply["events"] == other["events"], f"{line}: events differ from {query['same_as']}"
        )
    sentences = [e["sentence"] for e in reply["events"]]
    if reply["command"] == "who":
        _check_who(reply, query, sentences)
        return
    if query.get("expect") == "empty":
        _expect(reply["events"] == [] and reply["total"] == 0, f"{line}: gold expects no events")
    for start in query.get("must_include_sentence_starts", []):
        _expect(any(s.startswith(start) for s in sentences), f"{line}: no event from {start!r}")
    for start in query.get("must_not_include_sentence_starts", []):
        _expect(not any(s.startswith(start) for s in sentences), f"{line}: an event from {start!r}")


def _check_who(reply: dict, query: dict, sentences: list[str]) -> None:
    line = query["ask"]
    actors = {a["name"] for a in reply["actors"]}
    if query.get("expect") == "empty":
        _expect(
            reply["entity"] is None and reply["events"] == [] and reply["total"] == 0,
            f"{line}: gold expects an unknown name with no events",
        )
    else:
        _expect(reply["entity"] is not None, f"{line}: the name resolved to no entity")
    if "resolves_to" in query:
        name = reply["entity"]["name"]
        _expect(
            name == query["resolves_to"],
            f"{line}: resolved to {name!r}, gold {query['resolves_to']!r}",
        )
    missing = set(query.get("must_include_actors", [])) - actors
    _expect(not missing, f"{line}: co-actors {sorted(missing)} missing from {sorted(actors)}")
    unwanted = set(query.get("must_not_include_actors", [])) & actors
    _expect(not unwanted, f"{line}: co-actors {sorted(unwanted)} must not be there")
    for start in query.get("must_cite_sentence_starts", []):
        _expect(any(s.startswith(start) for s in sentences), f"{line}: cites no {start!r}")


# --- the benchmark's count ----------------------------------------------------------------


@dataclass
class SeedScore:
    passed: int = 0
    total: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def metrics(self) -> list[Metric]:
        return [
            Metric(
                "seed.passed",
                "seed gold: checks passed",
                self.passed / self.total if self.total else 0.0,
                f"{self.passed}/{self.total}",
            ),
        ]

    def sections(self) -> list[Section]:
        return [Section("seed gold: failed checks", [f"{n}: {m}" for n, m in self.failures])]


def score_seed(engine: Engine, seeds: Path, gold: SeedGold | None = None) -> SeedScore:
    """Every check of the seed's gold (the document, each event, each query), counting passes."""
    gold = gold or load_seed_gold()
    score = SeedScore()
    events = seed_events(engine.extractor(engine.aliases(seeds)), seeds, gold)
    with Store(":memory:") as store:
        reload(store, seeds, engine, ASKED_AT)
        checks: list[tuple[str, Callable[[], None]]] = [
            ("document", lambda: check_document(read_seed(seeds / gold.file), gold))
        ]
        checks += [
            (f"event {e['sentence_starts']!r}", lambda e=e: check_event(events, e, gold.file))
            for e in gold.events
        ]
        checks += [
            (f"query {q['ask']!r}", lambda q=q: check_query(store, q, ASKED_AT, seeds))
            for q in gold.queries
        ]
        for name, check in checks:
            score.total += 1
            try:
                check()
            except Exception as exc:  # a failed check is a measurement, not a crash
                score.failures.append((name, clip(f"{type(exc).__name__}: {exc}", 160)))
            else:
                score.passed += 1
    return score
