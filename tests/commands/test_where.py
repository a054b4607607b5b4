"""/where: the places an actor acts in, ranked, with evidence (each sentence once)."""

from __future__ import annotations

from commands import run_line
from tests.conftest import NOW
from tests.factories import (
    TRUCE,
    command_env,
    document,
    extracted_event,
    list_pages,
    truce_events,
)


def test_where_ranks_the_places_an_actor_acts_in(seed_store):
    reply = run_line("/where Kremlin", seed_store, NOW, command_env()).to_json()
    assert reply["entity"]["name"] == "Russia"
    places = {p["name"]: p["events"] for p in reply["places"]}
    assert places["Syria"] >= 2 and "Tartus" in places and "Russia" not in places
    assert all(e["places"] for e in reply["events"])
    assert all(s["places"] for s in reply["sentences"])
    assert reply["total"] == len(reply["sentences"])
    assert set(reply) == {"command", "query", "entity", "suggestions", "asked_as", "candidates",
                          "places", "sentences", "events", "total"}  # fmt: skip


def test_where_unknown_suggests_close_spellings(seed_store):
    reply = run_line("/where Rusia", seed_store, NOW, command_env()).to_json()
    assert reply["entity"] is None and "Russia" in reply["suggestions"]


def test_an_actor_with_no_places_has_an_empty_ranking(store):
    store.apply_reload([(document(), [extracted_event(["Russia", "Syria"])])], [], NOW)
    reply = run_line("/where Russia", store, NOW, command_env()).to_json()
    assert reply["entity"]["name"] == "Russia"
    assert (reply["places"], reply["total"]) == ([], 0)


def test_a_sentence_of_several_events_is_listed_once_with_their_places(store):
    """Russia acts at a place in two of the truce sentence's four events: one item."""
    store.apply_reload([(document(), truce_events())], [], NOW)
    reply = run_line("/where Russia", store, NOW, command_env()).to_json()
    listed = [s["sentence"] for s in reply["sentences"]]
    assert listed.count(TRUCE) == 1 and reply["total"] == len(listed) == 5
    truce = reply["sentences"][2]
    assert (truce["actors"], truce["places"]) == (["Russia", "Syria"], ["Tartus", "Latakia"])
    assert len(truce["events"]) == 2 and len(reply["events"]) == 6


def test_pages_of_sentences_run_on_across_a_sentence_of_several_events(store):
    store.apply_reload([(document(), truce_events())], [], NOW)
    pages = list_pages(store, "/where Russia", 2, NOW)
    assert [[s["sentence"][:7] for s in p["sentences"]] for p in pages] == [
        ["Truce 1", "Truce 2"],
        [TRUCE[:7], "Truce 4"],
        ["Truce 5"],
    ]
    assert [p["total"] for p in pages] == [5, 5, 5]
