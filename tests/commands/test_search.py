"""/search: events whose sentence holds every word."""

from __future__ import annotations

import pytest

from commands import run_line
from tests.conftest import NOW
from tests.factories import command_env


def test_search_finds_sentences_holding_every_word(seed_store):
    reply = run_line("/search naval base", seed_store, NOW, command_env()).to_json()
    assert reply["total"] == 1
    assert reply["events"][0]["sentence"].startswith("The Kremlin is seeking")
    stemmed = run_line("/search deployed troop", seed_store, NOW, command_env()).to_json()
    assert any(e["sentence"].startswith("Russia deployed troops") for e in stemmed["events"])


@pytest.mark.parametrize(
    ("words", "total"),
    [
        ('"', 0),
        ("*", 0),
        ("NEAR(", 1),  # the word "near": "nearing" in one sentence
        ("OR", 0),
        ("'; DROP TABLE events; --", 0),
        ("a AND", 0),
        ("naval OR Syria", 0),  # read as syntax, it would find every sentence naming Syria
    ],
)
def test_search_reads_query_syntax_as_words(seed_store, words, total):
    reply = run_line(f"/search {words}", seed_store, NOW, command_env()).to_json()
    assert reply["command"] == "search" and reply["total"] == total
    assert seed_store.counts()["documents"] == 1


def test_either_word_alone_finds_events(seed_store):
    """What the OR above would have found, had it been read as syntax."""
    for word, least in (("naval", 1), ("Syria", 2)):
        assert (
            run_line(f"/search {word}", seed_store, NOW, command_env()).to_json()["total"] >= least
        )
