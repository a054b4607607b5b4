"""The seed gold checks fail, saying why, when the pipeline's answer differs from the gold."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from benchmarks.scoring.seed import (
    ASKED_AT,
    SeedGold,
    check_document,
    check_event,
    check_query,
    load_seed_gold,
)
from bot.seeds import Document
from tests.conftest import NOW, SEED_FILE, SEEDS

GOLD_EVENT = {
    "sentence_starts": "Russia is reportedly nearing",
    "actors": ["Russia", "Syria"],
    "places": ["Syria"],
    "when": {"start": "2025-02-17", "end": "2025-02-17", "granularity": "day"},
    "attribution": "Bloomberg",
}
EVENT = {
    "sentence": "Russia is reportedly nearing a deal with Syria.",
    "action": "nearing",
    "actors": ["Russia", "Syria"],
    "places": ["Syria"],
    "when": {"start": "2025-02-17", "end": "2025-02-17", "granularity": "day"},
    "attribution": "Bloomberg",
    "document": {"file": SEED_FILE},
}


def _event(**changes) -> dict:
    event = copy.deepcopy(EVENT)
    event.update(changes)
    return event


def test_the_benchmark_asks_at_the_tests_clock():
    assert ASKED_AT == NOW


def test_the_gold_describes_the_repository_seed():
    gold = load_seed_gold()
    assert gold.file == SEED_FILE and (SEEDS / gold.file).is_file()


def test_an_event_like_the_gold_passes():
    check_event([EVENT], GOLD_EVENT, SEED_FILE)


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([], "no event from the sentence"),
        ([_event(actors=["Russia"])], "actors ['Syria'] missing"),
        ([_event(places=[])], "places ['Syria'] missing"),
        ([_event(actors=["Russia", "Syria", "Bloomberg"])], "outlets ['Bloomberg']"),
        ([_event(when={"start": "2025-02-16", "end": "2025-02-16", "granularity": "day"})],
         "dated ('2025-02-16'"),
        ([_event(attribution=None)], "attributed to None, gold 'Bloomberg'"),
        ([_event(document={"file": "other.txt"})], "from 'other.txt'"),
    ],
    ids=["no event", "actor", "place", "outlet", "date", "attribution", "document"],
)  # fmt: skip
def test_an_event_unlike_the_gold_fails_saying_why(events, message):
    with pytest.raises(AssertionError, match=message.replace("(", r"\(").replace("[", r"\[")):
        check_event(events, GOLD_EVENT, SEED_FILE)


def test_a_document_unlike_the_gold_fails():
    gold = SeedGold(SEED_FILE, "2025-02-17", [], [])
    document = Document(file=SEED_FILE, published=dt.date(2025, 2, 16), sha256="x", paragraphs=())
    with pytest.raises(AssertionError, match="published 2025-02-16, gold 2025-02-17"):
        check_document(document, gold)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"ask": "/who Tartus", "resolves_to": "Khmeimim"}, "resolved to 'Tartus'"),
        ({"ask": "/who Tartus", "expect": "empty"}, "gold expects an unknown name"),
        ({"ask": "/who Nobody Atall"}, "resolved to no entity"),
        ({"ask": "/who Russia", "must_include_actors": ["Atlantis"]}, "co-actors \\['Atlantis'\\]"),
        ({"ask": "/since 2025-01-01", "expect": "error"}, "answered, gold expects it refused"),
        ({"ask": "/since 2025-01-01", "must_include_sentence_starts": ["Nothing like"]},
         "no event from 'Nothing like'"),
        ({"ask": "/since 2025-01-01", "expect": "empty"}, "gold expects no events"),
    ],
    ids=["resolves_to", "empty who", "unknown", "co-actor", "error", "sentence", "empty"],
)  # fmt: skip
def test_a_reply_unlike_the_gold_fails_saying_why(seed_store, query, message):
    with pytest.raises(AssertionError, match=message):
        check_query(seed_store, query, NOW, SEEDS)
