"""/where: the places an actor acts in, ranked, with evidence."""

from __future__ import annotations

from commands import run_line
from tests.conftest import NOW
from tests.factories import command_env, document, extracted_event


def test_where_ranks_the_places_an_actor_acts_in(seed_store):
    reply = run_line("/where Kremlin", seed_store, NOW, command_env()).to_json()
    assert reply["entity"]["name"] == "Russia"
    places = {p["name"]: p["events"] for p in reply["places"]}
    assert places["Syria"] >= 2 and "Tartus" in places and "Russia" not in places
    assert all(e["places"] for e in reply["events"]) and reply["total"] == len(reply["events"])
    assert set(reply) == {"command", "query", "entity", "suggestions", "asked_as", "candidates",
                          "places", "events", "total"}  # fmt: skip


def test_where_unknown_suggests_close_spellings(seed_store):
    reply = run_line("/where Rusia", seed_store, NOW, command_env()).to_json()
    assert reply["entity"] is None and "Russia" in reply["suggestions"]


def test_an_actor_with_no_places_has_an_empty_ranking(store):
    store.apply_reload([(document(), [extracted_event(["Russia", "Syria"])])], [], NOW)
    reply = run_line("/where Russia", store, NOW, command_env()).to_json()
    assert reply["entity"]["name"] == "Russia"
    assert (reply["places"], reply["total"]) == ([], 0)
