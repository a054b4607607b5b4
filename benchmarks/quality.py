"""Extraction quality against the gold data in ../shared, as one table.

    python benchmarks/quality.py [--only dates,names,who,whois,seed,lookup,drawn,fragmentation,
                                        apart,coverage,since]
                                 [--limit N] [--verbose] [--db FILE] [--save FILE]
                                 [--baseline FILE]

Parts (``--only`` picks some):

- ``dates``: MEANTIME DATE timexes, their extent and their resolved interval.
- ``names``: MEANTIME proper-name mentions (found, canonical name = DBpedia name) and the
  current-events links (anchor found, canonical name or stored alias = linked title), plus
  the outlets or page furniture that became actors in the reloaded corpus.
- ``who``: MEANTIME who-did-what: events whose Arg0 is a proper name, found as an actor of
  one of our events from the same sentence.
- ``whois``: ``/who <title>`` on the reloaded current-events corpus, for the 50 most-linked
  titles: the share of the paragraphs linking the title that the answer cites.
- ``seed``: the checks of the seed's gold (benchmarks/data/seed_gold.json), passed / total.
- ``lookup``: ``/who <query>`` for the names as people type them in
  benchmarks/data/lookup.tsv (surnames, acronyms, short names, case, "the", spellings,
  country forms): the share that reaches the expected entity, by category with --verbose.
- ``drawn``: the same for the lists drawn by rule from each half's gold links
  (benchmarks/draw_lookup.py: surnames of the most linked people, short forms of the most
  linked organisations, places, seats of government), January–June and July–December side
  by side, an answer also right when the entity holds the title as an alias; --verbose
  gives the shares by category and every miss with its reason.
- ``fragmentation``: for the 100 most-linked titles, how many store entities hold the
  events whose sentences link the title (one is the title's, the others splits).
- ``apart``: the pairs of benchmarks/data/kept_apart.tsv that must stay two entities
  (Niger/Nigeria, a country and its armed forces…): how many are merged or answered as one.
- ``coverage``: the current-events news items (paragraphs longer than 60 characters) that
  yield at least one event in the reloaded corpus; --verbose lists those that do not.
- ``since``: the news items of pages dated on or after 2025-07-01 that name no date: the
  share that ``/since 2025-07-01`` returns, and how many of their events end before it.
- ``itemdates``: dates a reader can trust (benchmarks/scoring/itemdates.py): far-dated
  events per half, ``/since`` first pages of each month, every day's and week's digest,
  and the roles of the hand-labelled mentioned dates in benchmarks/data/date_roles.tsv.
  ``python -m benchmarks.itemdates --db FILE`` scores a store as it is, without reloading
  (the "before" of a store an earlier version built).

The current-events name metrics (mention and canonical recall, ``/who`` citation) are also
reported on July–December alone, the half that the alias knowledge mined from the gold's
January–June never saw: that is the honest number.

It is a measurement, not a test: it always exits 0 (tests/extraction/test_quality.py
guards a subset). The scoring is the library in benchmarks/scoring/; this script runs it.
Extraction always runs on text and publication dates only; the gold is scored afterwards.
``--limit N`` keeps the first N MEANTIME articles and current-events days (sorted by name).
``--db FILE`` reloads the current-events corpus into FILE instead of a memory store; the
reload is incremental, so a second run reuses it (a change to the pipeline's code that does
not change its fingerprint is not re-extracted: delete the file then). ``--save FILE``
writes the values as JSON; ``--baseline FILE`` shows a saved run in the baseline column.

Gold is read from ``$BRIEFING_SHARED`` or ``../shared`` and never copied into the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpora import FALLBACK, MODEL, NOW, SEEDS, corpus_folder
from benchmarks.scoring.apart import read_apart, score_apart
from benchmarks.scoring.coverage import event_paragraphs, score_coverage
from benchmarks.scoring.current_events import gold_paragraphs, second_half
from benchmarks.scoring.dates import score_dates
from benchmarks.scoring.fragmentation import StoreIndex, score_fragmentation
from benchmarks.scoring.itemdates import score_item_dates
from benchmarks.scoring.kinds import (
    kind_metrics,
    kind_sections,
    read_kinds,
    score_kinds,
    score_meantime_kinds,
)
from benchmarks.scoring.lookup import answer_env, read_lookup, score_drawn, score_lookup
from benchmarks.scoring.meantime import analyse_documents, meantime_files, read_article
from benchmarks.scoring.names import (
    outlet_actors,
    score_current_events_names,
    score_names,
    store_names,
)
from benchmarks.scoring.report import (
    Metric,
    Section,
    in_table_order,
    on_second_half,
    render_table,
)
from benchmarks.scoring.seed import score_seed
from benchmarks.scoring.since import SINCE_DAY, all_events, score_since, since_answer
from benchmarks.scoring.strays import count_strays, stray_metrics, stray_sections
from benchmarks.scoring.who import score_who_did_what, score_whois
from bot.extraction.engine import Engine
from bot.extraction.extractor import Found
from bot.ingest import reload
from bot.seeds import list_seeds, read_seed
from bot.store import Store

PARTS = (
    "dates",
    "names",
    "who",
    "whois",
    "seed",
    "lookup",
    "drawn",
    "fragmentation",
    "apart",
    "coverage",
    "since",
    "itemdates",
    "kinds",
    "strays",
)
# The parts that reload the current-events corpus and read its gold: all but MEANTIME's
# and the seed's.
CURRENT_EVENTS_PARTS = set(PARTS) - {"dates", "who", "seed"}
# The parts that extract MEANTIME ("kinds" scores its gold types too).
MEANTIME_PARTS = {"dates", "names", "who", "kinds"}
# The name metrics also reported on July–December.
HALVED_NAME_METRICS = {"ce_names.gold", "ce_names.mention_recall", "ce_names.canonical_recall"}


@contextlib.contextmanager
def timed(label: str, timings: list[tuple[str, float]]) -> Iterator[None]:
    started = time.perf_counter()
    print(f"… {label}", flush=True)
    yield
    seconds = time.perf_counter() - started
    timings.append((label, seconds))
    print(f"  {label}: {seconds:.1f} s", flush=True)


def run(args: argparse.Namespace) -> list[Metric]:
    """Every part asked for, timed; the verbose sections printed; the metrics in table order."""
    parts = set(args.only)
    engine = Engine(MODEL, FALLBACK)
    timings: list[tuple[str, float]] = []
    metrics: list[Metric] = []
    sections: list[Section] = []
    started = time.perf_counter()

    if parts & MEANTIME_PARTS:
        with timed("MEANTIME: read articles", timings):
            articles = [read_article(p) for p in meantime_files(args.limit)]
        with timed(f"MEANTIME: extract {len(articles)} articles", timings):
            analyses = analyse_documents(
                engine.extractor(engine.aliases(SEEDS)), [a.document for a in articles]
            )
        with timed("MEANTIME: score", timings):
            scorers = {"dates": score_dates, "names": score_names, "who": score_who_did_what}
            for part, scorer in scorers.items():
                if part in parts:
                    score = scorer(articles, analyses)
                    metrics += score.metrics()
                    sections += score.sections()
            if "kinds" in parts:
                meantime_kinds = score_meantime_kinds(articles, analyses)
                metrics += meantime_kinds.metrics()

    if "seed" in parts:
        with timed("seed gold", timings):
            seed = score_seed(engine, SEEDS)
        metrics += seed.metrics()
        sections += seed.sections()

    if parts & CURRENT_EVENTS_PARTS:
        found_metrics, found_sections = score_current_events(args, parts, engine, timings)
        metrics += found_metrics
        sections += found_sections

    timings.append(("total", time.perf_counter() - started))
    if args.verbose:
        for section in sections:
            print(section.render())
    print("\n== time")
    for label, seconds in timings:
        print(f"  {label:<50} {seconds:6.1f} s")
    return in_table_order(metrics)


def score_current_events(
    args: argparse.Namespace, parts: set[str], engine: Engine, timings: list[tuple[str, float]]
) -> tuple[list[Metric], list[Section]]:
    """The parts scored on the reloaded current-events corpus; the name metrics on the
    whole year and on July–December (the half the mined aliases never saw)."""
    metrics: list[Metric] = []
    sections: list[Section] = []
    with contextlib.ExitStack() as stack:
        corpus = corpus_folder(args.limit, stack)
        store = stack.enter_context(Store(args.db or ":memory:"))
        with timed(f"current-events: reload into {args.db or 'memory'}", timings):
            report = reload(store, corpus, engine, NOW)
        print(
            f"  {report.documents} documents, {report.events} events, "
            f"{report.added + report.updated} extracted"
        )
        documents = {p.name: read_seed(p) for p in list_seeds(corpus)}
        found: dict[str, list[Found]] = {}
        if "names" in parts:
            extractor = engine.extractor(engine.aliases(corpus))
            with timed(f"current-events: analyse {len(documents)} documents", timings):
                for file, document in documents.items():
                    found[file] = extractor.analyse(document)[0]
        with timed("current-events: read gold and score", timings):
            rows = gold_paragraphs(documents)
            late = second_half(rows)
            if "names" in parts:
                names_of = store_names(store)
                names = score_current_events_names(rows, documents, found, names_of)
                names.outlet_actors = outlet_actors(store, engine.lexicon(engine.aliases(corpus)))
                metrics += names.metrics()
                sections += names.sections()
                if late:
                    half = score_current_events_names(late, documents, found, names_of)
                    metrics += on_second_half(
                        [m for m in half.metrics() if m.key in HALVED_NAME_METRICS]
                    )
            if "whois" in parts:
                whois = score_whois(store, rows, corpus, NOW)
                metrics += whois.metrics()
                sections += whois.sections()
                if late:
                    metrics += on_second_half(score_whois(store, late, corpus, NOW).metrics())
            env = answer_env(corpus)
            index = StoreIndex.read(store) if parts & {"fragmentation", "apart"} else None
            if "lookup" in parts:
                lookup = score_lookup(store, read_lookup(), NOW, env)
                metrics += lookup.metrics()
                sections += lookup.sections()
            if "drawn" in parts:
                drawn = score_drawn(store, NOW, env)
                metrics += drawn.metrics()
                sections += drawn.sections()
            if "fragmentation" in parts:
                fragmentation = score_fragmentation(store, rows, index=index)
                metrics += fragmentation.metrics()
                sections += fragmentation.sections()
            if "apart" in parts:
                apart = score_apart(store, read_apart(), rows, NOW, env, index=index)
                metrics += apart.metrics()
                sections += apart.sections()
            if "coverage" in parts:
                coverage = score_coverage(documents, event_paragraphs(store))
                metrics += coverage.metrics()
                sections += coverage.sections()
            if "since" in parts:
                answer = since_answer(store, SINCE_DAY, corpus)
                since = score_since(documents, answer, all_events(store), SINCE_DAY)
                metrics += since.metrics()
                sections += since.sections()
            if "itemdates" in parts:
                items = score_item_dates(store, corpus)
                metrics += items.metrics()
                sections += items.sections()
            if "kinds" in parts:
                accuracy, misses = score_kinds(store, read_kinds())
                metrics += kind_metrics(accuracy, misses, len(read_kinds()))
                sections += kind_sections(misses)
            if "strays" in parts:
                strays = count_strays(store)
                metrics += stray_metrics(strays)
                sections += stray_sections(strays)
    return metrics, sections


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Extraction quality against the shared gold.")
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        type=lambda s: [p.strip() for p in s.split(",") if p.strip()],
        help=f"comma-separated parts: {','.join(PARTS)} (default all)",
    )
    parser.add_argument("--limit", type=int, default=None, help="first N articles / days only")
    parser.add_argument("--verbose", action="store_true", help="print the errors behind each score")
    parser.add_argument("--db", type=Path, default=None, help="store file for the corpus reload")
    parser.add_argument("--save", type=Path, default=None, help="write the values as JSON")
    parser.add_argument("--baseline", type=Path, default=None, help="a --save file to compare")
    args = parser.parse_args(argv)
    unknown = set(args.only) - set(PARTS)
    if unknown:
        parser.error(
            f"unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}"
        )
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    baseline = json.loads(args.baseline.read_text("utf-8")) if args.baseline else None
    metrics = run(args)
    print()
    print(render_table(metrics, baseline))
    if args.save:
        args.save.write_text(
            json.dumps({m.key: m.value for m in metrics}, indent=1) + "\n", "utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
