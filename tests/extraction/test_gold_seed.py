"""Every event and query of the seed's hand-made gold (benchmarks/data/seed_gold.json), on the
real model: one test per gold entry, each running the check benchmarks/quality.py counts.

The gold is a copy of ../shared/gold/seed.json kept in the repository, so it runs on any clone.
"""

from __future__ import annotations

import pytest

from benchmarks.scoring.seed import (
    check_document,
    check_event,
    check_query,
    event_name,
    load_seed_gold,
    query_name,
    seed_events,
)
from bot.seeds import read_seed
from tests.conftest import NOW, SEED_FILE, SEEDS

GOLD = load_seed_gold()


@pytest.fixture(scope="module")
def events(extractor) -> list[dict]:
    return seed_events(extractor, SEEDS, GOLD)


def test_gold_document_matches_seed():
    assert GOLD.file == SEED_FILE
    check_document(read_seed(SEEDS / SEED_FILE), GOLD)


def test_the_gold_has_events_and_queries():
    assert len(GOLD.events) >= 5 and len(GOLD.queries) >= 10


@pytest.mark.parametrize("gold", GOLD.events, ids=[event_name(g) for g in GOLD.events])
def test_gold_event(events, gold):
    check_event(events, gold, GOLD.file)


@pytest.mark.parametrize("query", GOLD.queries, ids=[query_name(q) for q in GOLD.queries])
def test_gold_query(seed_store, query):
    check_query(seed_store, query, NOW, SEEDS)
