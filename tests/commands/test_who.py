"""/who: the actors involved with an entity, with evidence."""

from __future__ import annotations

import pytest

import commands._names
from bot.errors import BadInput
from bot.store import Store
from commands import run_line
from commands.who import CHAT_ACTORS
from tests.conftest import NOW
from tests.factories import (
    TRUCE,
    command_env,
    document,
    extracted_event,
    list_pages,
    truce_events,
)


def test_who_unknown_suggests_close_spellings(seed_store):
    reply = run_line("/who Tartsu", seed_store, NOW, command_env()).to_json()
    assert reply["entity"] is None and "Tartus" in reply["suggestions"]


def test_a_spelling_the_gazetteer_knows_answers_directly(seed_store):
    reply = run_line("/who Tartous", seed_store, NOW, command_env()).to_json()
    assert (reply["entity"]["name"], reply["asked_as"]) == ("Tartus", "Tartous")


def test_who_is_paginated_for_chat(seed_store):
    full = run_line("/who Russia", seed_store, NOW, command_env()).to_json()
    page = run_line("/who Russia", seed_store, NOW, command_env(page_size=2, page=1)).to_json()
    assert page["total"] == full["total"] == len(full["sentences"]) > 4
    assert page["sentences"] == full["sentences"][2:4]


def test_who_events_carry_evidence(seed_store):
    reply = run_line("/who Tartus", seed_store, NOW, command_env()).to_json()
    (event,) = reply["events"]
    assert event["sentence"].startswith("The Kremlin is seeking")
    assert event["document"] == {
        "file": "000_d0977bdb04b184c9.txt",
        "title": None,
        "published": "2025-02-17",
        "url": None,
        "section": None,
    }
    assert event["when"] == {
        "start": "2025-02-17",
        "end": "2025-02-17",
        "granularity": "day",
        "text": None,
    }


def test_large_store_suggests_from_names_sharing_the_first_letter(seed_store, monkeypatch):
    monkeypatch.setattr(commands._names, "FULL_SCAN_ENTITIES", 0)
    reply = run_line("/who tartsu", seed_store, NOW, command_env()).to_json()
    assert "Tartus" in reply["suggestions"]
    assert all(s.lower().startswith("t") for s in reply["suggestions"])


def test_chat_pages_carry_the_leading_co_actors_and_json_all(store):
    extra = CHAT_ACTORS + 5
    # Event k has Russia and the co-actors 0..k: co-actor i shares `extra - i` events.
    events = [
        extracted_event(["Russia", *(f"Actor {i:02d}" for i in range(k + 1))], sentence=f"Met {k}.")
        for k in range(extra)
    ]
    store.apply_reload([(document(), events)], [], NOW)
    chat = run_line("/who Russia", store, NOW, command_env(page_size=5)).to_json()
    full = run_line("/who Russia", store, NOW, command_env()).to_json()
    assert len(full["actors"]) == extra and len(chat["actors"]) == CHAT_ACTORS
    assert chat["actors"] == full["actors"][:CHAT_ACTORS]
    assert full["actors"][0] == {"name": "Actor 00", "events": extra}
    assert full["actors"][-1] == {"name": f"Actor {extra - 1:02d}", "events": 1}


@pytest.mark.parametrize(
    "line",
    ["/who the the the", "/who a", "/who of the", "/who An", "/where the", '/timeline "of the"'],
)
def test_only_common_words_are_refused_not_matched(line):
    """'the the the' once answered with a name holding 'the' (Church of the Nativity)."""
    store = Store(":memory:")
    events = [
        extracted_event(["Church of the Nativity"], sentence="The church shut."),
        extracted_event(["A. Smith"], sentence="A. Smith spoke.", kinds={"A. Smith": "person"}),
    ]
    store.apply_reload([(document(), events)], [], NOW)
    with pytest.raises(BadInput, match="only common words") as caught:
        run_line(line, store, NOW, command_env())
    assert "Tartus" in caught.value.message  # and says what to type instead


@pytest.mark.parametrize(("line", "name"), [("/who The Hague", "The Hague"), ("/who US", None)])
def test_a_name_with_a_common_word_still_answers(line, name):
    store = Store(":memory:")
    events = [extracted_event(["The Hague", "United States"], sentence="The Hague met.")]
    store.apply_reload([(document(), events)], [], NOW)
    reply = run_line(line, store, NOW, command_env())
    assert reply.entity is not None
    assert name is None or reply.entity.name == name


def test_a_sentence_of_several_events_is_listed_once_with_their_actors(store):
    """The truce sentence yields four events, two of them Russia's: one item, with the
    actors and places of both, and the total counts sentences."""
    store.apply_reload([(document(), truce_events())], [], NOW)
    reply = run_line("/who Russia", store, NOW, command_env()).to_json()
    listed = [s["sentence"] for s in reply["sentences"]]
    assert listed.count(TRUCE) == 1 and reply["total"] == len(listed) == 5
    truce = reply["sentences"][2]
    assert (truce["actors"], truce["places"]) == (["Russia", "Syria"], ["Tartus", "Latakia"])
    assert len(truce["events"]) == 2 and len(reply["events"]) == 6


def test_pages_of_sentences_run_on_across_a_sentence_of_several_events(store):
    store.apply_reload([(document(), truce_events())], [], NOW)
    pages = list_pages(store, "/who Russia", 2, NOW)
    assert [[s["sentence"][:7] for s in p["sentences"]] for p in pages] == [
        ["Truce 1", "Truce 2"],
        [TRUCE[:7], "Truce 4"],
        ["Truce 5"],
    ]
    assert [p["total"] for p in pages] == [5, 5, 5]
