"""/search: the sentences that hold every word, each once."""

from __future__ import annotations

import pytest

from commands import run_line
from tests.conftest import NOW
from tests.factories import TRUCE, command_env, document, list_pages, truce_events


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
    assert seed_store.aggregates.counts()["documents"] == 1


def test_either_word_alone_finds_events(seed_store):
    """What the OR above would have found, had it been read as syntax."""
    for word, least in (("naval", 1), ("Syria", 2)):
        assert (
            run_line(f"/search {word}", seed_store, NOW, command_env()).to_json()["total"] >= least
        )


# --- a sentence of several events (one per clause) --------------------------------------


@pytest.fixture
def truce_store(store):
    store.apply_reload([(document(), truce_events())], [], NOW)
    return store


def test_a_sentence_of_several_events_is_one_item_with_all_their_actors(truce_store):
    reply = run_line("/search truce", truce_store, NOW, command_env()).to_json()
    listed = [s["sentence"] for s in reply["sentences"]]
    assert listed.count(TRUCE) == 1 and len(set(listed)) == len(listed) == reply["total"] == 5
    truce = reply["sentences"][2]
    assert truce["sentence"] == TRUCE and len(truce["events"]) == 4
    assert truce["actors"] == ["Russia", "Syria", "Iran", "Turkey"]
    assert truce["places"] == ["Tartus", "Latakia"]
    assert truce["when"]["start"] == "2025-02-13"
    # Every event is still in the JSON, in the order of the sentences that list them.
    assert [e["id"] for e in reply["events"]] == [
        i for s in reply["sentences"] for i in s["events"]
    ]
    assert len(reply["events"]) == 8


def test_pages_of_sentences_run_on_and_the_total_counts_them(truce_store):
    pages = list_pages(truce_store, "/search truce", 2, NOW)
    full = run_line("/search truce", truce_store, NOW, command_env()).to_json()
    assert [len(p["sentences"]) for p in pages] == [2, 2, 1]
    assert [p["total"] for p in pages] == [5, 5, 5]
    assert [s for p in pages for s in p["sentences"]] == full["sentences"]
