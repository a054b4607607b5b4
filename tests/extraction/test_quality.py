"""Extraction quality on a fixed MEANTIME subset, the seed gold and the first current-events
days (names as people type them): a fast regression guard.

benchmarks/quality.py measures everything (run it with --verbose to see the errors); this
checks the first articles by name against thresholds a little under today's values, with
the same scoring library (benchmarks/scoring/, its own tests in tests/benchmarks/). Raise a
threshold when a fix lifts its metric; lower one only knowingly.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from benchmarks.corpora import NOW as BENCHMARK_NOW
from benchmarks.scoring.apart import read_apart, score_apart
from benchmarks.scoring.current_events import gold_paragraphs
from benchmarks.scoring.dates import score_dates
from benchmarks.scoring.fragmentation import score_fragmentation
from benchmarks.scoring.itemdates import (
    ItemDatesScore,
    read_roles,
    score_digests,
    score_far,
    score_roles,
)
from benchmarks.scoring.lookup import LOOKUP_FILE, answer_env, read_lookup, score_lookup
from benchmarks.scoring.meantime import analyse_documents, meantime_files, read_article
from benchmarks.scoring.names import score_names
from benchmarks.scoring.seed import score_seed
from benchmarks.scoring.since import SINCE_DAY, all_events, score_since, since_answer
from benchmarks.scoring.who import score_who_did_what
from bot.ingest import reload
from bot.seeds import list_seeds, read_seed
from bot.store import Store
from tests.conftest import SEEDS, shared

SUBSET = 30  # the first articles sorted by file name (the four MEANTIME corpora mixed)
# Measured on the subset when these were set: F1 0.871, recall 0.957, canonical 0.632,
# who-did-what 0.882, seed 22/22; dates after issue 14's categories: F1 0.944, precision 0.955.
MIN_DATE_F1 = 0.93
MIN_DATE_PRECISION = 0.93
MIN_NAME_RECALL = 0.94
MIN_CANONICAL_RECALL = 0.61
# 0.894 before issue 24, 0.835 after: "the Air Force" (4 events) and "the Defense Ministry"
# now name their country's body ("U.S. Air Force", written in full in the same article;
# "Defense Ministry (United Kingdom)"), which the lenient match of the gold's "the Air
# Force" and "Ministry of Defence (United Kingdom)" does not recognise.
MIN_WHO_RECALL = 0.83
# The subset's gold, as the benchmark reads it (a change here is a change of the scorer).
GOLD_DATES, GOLD_NAMES, GOLD_WHO = 45, 186, 85


@pytest.fixture(scope="module")
def meantime(engine):
    shared("corpus", "meantime")
    articles = [read_article(path) for path in meantime_files(SUBSET)]
    analyses = analyse_documents(
        engine.extractor(engine.aliases(SEEDS)), [a.document for a in articles]
    )
    return articles, analyses


def test_dates_on_the_meantime_subset(meantime):
    score = score_dates(*meantime)
    assert score.gold == GOLD_DATES
    assert score.f1 >= MIN_DATE_F1, score.misses[:10]
    assert score.precision >= MIN_DATE_PRECISION, score.spurious[:10]


def test_names_on_the_meantime_subset(meantime):
    score = score_names(*meantime)
    assert score.gold == GOLD_NAMES
    assert score.hits / score.gold >= MIN_NAME_RECALL, score.misses[:10]
    assert score.canonical_hits / score.linked >= MIN_CANONICAL_RECALL, score.canonical_misses[:10]


def test_who_did_what_on_the_meantime_subset(meantime):
    score = score_who_did_what(*meantime)
    assert score.gold == GOLD_WHO
    assert score.hits / score.gold >= MIN_WHO_RECALL, score.misses[:10]


def test_seed_gold_checks_all_pass(engine):
    score = score_seed(engine, SEEDS)
    assert score.total > 10
    assert score.passed == score.total, score.failures


# --- names as people type them, on the first current-events days --------------------------

DAYS = 60  # the first pages of 2025, sorted by name
# Measured on those days before issue 12: lookup 0.360 of 139 queries, fragmentation 1.140
# entities per title (50 most linked), 3 pairs together; after its resolver and name rules
# (the second session): lookup 0.950, fragmentation 1.12, 1 pair together (Ukraine/Armed
# Forces of Ukraine: on these days every link of both lands on Ukraine). Issue 12's targets
# are 0.95, 1.05 and 0: the guards sit just under the measured values.
MIN_LOOKUP_FOUND = 0.93
MAX_ENTITIES_PER_TITLE = 1.13
MAX_TOGETHER = 1


@pytest.fixture(scope="module")
def first_days(engine, tmp_path_factory):
    """A store of the first DAYS current-events pages, their gold rows and the lookup
    queries whose entity those pages link."""
    corpus = shared("corpus", "current-events", "2025")
    gold = shared("corpus", "current-events", "gold-2025.jsonl")
    folder = tmp_path_factory.mktemp("first-days")
    for path in list_seeds(corpus)[:DAYS]:
        shutil.copy2(path, folder / path.name)
    store = Store(":memory:")
    reload(store, folder, engine, BENCHMARK_NOW)
    documents = {p.name: read_seed(p) for p in list_seeds(folder)}
    rows = gold_paragraphs(documents, gold)
    linked = {title for row in rows for _, title in row.entities}
    queries = [q for q in read_lookup() if any(form in linked for form in q.forms)]
    yield store, folder, rows, queries
    store.close()


def test_lookup_on_the_first_days(first_days):
    store, folder, _, queries = first_days
    score = score_lookup(store, queries, BENCHMARK_NOW, answer_env(folder))
    assert len(queries) >= 40
    assert score.share >= MIN_LOOKUP_FOUND, score.misses


def test_fragmentation_on_the_first_days(first_days):
    store, _, rows, _ = first_days
    score = score_fragmentation(store, rows, top=50)
    assert len(score.reached) >= 40
    assert score.mean <= MAX_ENTITIES_PER_TITLE, score.sections()[0].lines


def test_kept_apart_on_the_first_days(first_days):
    store, folder, rows, _ = first_days
    score = score_apart(store, read_apart(), rows, BENCHMARK_NOW, answer_env(folder))
    assert len(score.together) <= MAX_TOGETHER, score.together


# --- item dates on the first days (issue 22) ----------------------------------------------

# Measured on the first DAYS pages with issue 22's rule: no far-dated event of 1,555, none
# of 69 digests (each day, each week) misdated, 73 of the 77 hand-labelled roles of those
# pages right (0.948). Issue 22's targets: 0.005, 0 and 0.90.
MAX_FAR_SHARE = 0.005
MIN_ROLES_RIGHT = 0.90


def test_item_dates_on_the_first_days(first_days):
    store, folder, _, _ = first_days
    events = all_events(store)
    score = ItemDatesScore()
    score_far(score, events)
    assert score.events["all"] > 1000
    assert len(score.far["all"]) / score.events["all"] <= MAX_FAR_SHARE, score.sections()[0].lines
    days = sorted({e.published[:10] for e in events})
    first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    score_digests(score, store, first, last)
    assert score.digests > DAYS and score.digest_bad == []
    pages = {p.name.removesuffix(".txt") for p in list_seeds(folder)}
    rows = [r for r in read_roles() if r["page"] in pages]
    score_roles(score, events, rows)
    right, asked = score.roles["h1"]
    assert asked >= 40
    assert right / asked >= MIN_ROLES_RIGHT, score.role_misses


# --- /since on the first pages after its day ----------------------------------------------

SINCE_PAGES = 30  # the first pages dated on or after SINCE_DAY
# Measured on those pages with issue 14's dates: 305 of 307 undated items returned (0.993),
# none of their events ending before the day (the two missing yield no event at all).
MIN_SINCE_RECALL = 0.99
MAX_SINCE_MISDATED = 0


def test_since_returns_the_undated_items_after_its_day(engine, tmp_path):
    corpus = shared("corpus", "current-events", "2025")
    pages = [p for p in list_seeds(corpus) if read_seed(p).published >= SINCE_DAY]
    for path in pages[:SINCE_PAGES]:
        shutil.copy2(path, tmp_path / path.name)
    with Store(":memory:") as store:
        reload(store, tmp_path, engine, BENCHMARK_NOW)
        documents = {p.name: read_seed(p) for p in list_seeds(tmp_path)}
        answer = since_answer(store, SINCE_DAY, tmp_path)
        score = score_since(documents, answer, all_events(store))
    assert score.items > 200
    assert score.recall >= MIN_SINCE_RECALL, score.missing
    assert len(score.misdated) <= MAX_SINCE_MISDATED, score.misdated
    assert score.returned_before == 0


# --- names on news not seen (issue 24) ----------------------------------------------------

# Measured on the first DAYS pages after issue 24: no one-word person that is a stored full
# name's surname, no name cut after a function word, 3 bare generic words (Calendar,
# Commerce, Province); 80 of the 82 drawn January–June queries whose entity those pages
# link are found (0.976: AUSSOM is never written in full, Brussels acts for the EU).
MAX_GENERIC_STRAYS = 4
MIN_DRAWN_FOUND = 0.95


def test_no_stray_names_on_the_first_days(first_days):
    from benchmarks.scoring.strays import count_strays

    store = first_days[0]
    strays = count_strays(store)
    assert strays["surname"] == [] and strays["function_word"] == [], strays
    assert len(strays["generic"]) <= MAX_GENERIC_STRAYS, strays["generic"]


def test_drawn_lookup_on_the_first_days(first_days):
    store, folder, rows, _ = first_days
    linked = {title for row in rows for _, title in row.entities}
    queries = [
        q
        for q in read_lookup(LOOKUP_FILE.with_name("lookup-drawn-2025-h1.tsv"))
        if any(f in linked for f in q.forms)
    ]
    score = score_lookup(store, queries, BENCHMARK_NOW, answer_env(folder), by_alias=True)
    assert len(queries) >= 70
    assert score.share >= MIN_DRAWN_FOUND, score.misses
