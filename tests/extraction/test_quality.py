"""Extraction quality on a fixed MEANTIME subset and the seed gold: a fast regression guard.

benchmarks/quality.py measures everything (run it with --verbose to see the errors); this
checks the first articles by name against thresholds a little under today's values, with
the same scoring library (benchmarks/scoring/, its own tests in tests/benchmarks/). Raise a
threshold when a fix lifts its metric; lower one only knowingly.
"""

from __future__ import annotations

import pytest

from benchmarks.scoring.dates import score_dates
from benchmarks.scoring.meantime import analyse_documents, meantime_files, read_article
from benchmarks.scoring.names import score_names
from benchmarks.scoring.seed import score_seed
from benchmarks.scoring.who import score_who_did_what
from tests.conftest import SEEDS, shared

SUBSET = 30  # the first articles sorted by file name (the four MEANTIME corpora mixed)
# Measured on the subset when these were set: F1 0.871, recall 0.957, canonical 0.632,
# who-did-what 0.882, seed 22/22.
MIN_DATE_F1 = 0.85
MIN_NAME_RECALL = 0.94
MIN_CANONICAL_RECALL = 0.61
MIN_WHO_RECALL = 0.86
# The subset's gold, as the benchmark reads it (a change here is a change of the scorer).
GOLD_DATES, GOLD_NAMES, GOLD_WHO = 45, 186, 85


@pytest.fixture(scope="module")
def meantime(engine):
    shared("corpus", "meantime")
    articles = [read_article(path) for path in meantime_files(SUBSET)]
    analyses = analyse_documents(engine.extractor(SEEDS), [a.document for a in articles])
    return articles, analyses


def test_dates_on_the_meantime_subset(meantime):
    score = score_dates(*meantime)
    assert score.gold == GOLD_DATES
    assert score.f1 >= MIN_DATE_F1, score.misses[:10]


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
