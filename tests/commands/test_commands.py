"""The command registry and every command's handler."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.errors import BadInput, NotAllowed, UnknownCommand
from commands import Env, parse, run_line
from tests.conftest import NOW, SEEDS


def _env(**kw) -> Env:
    return Env(seeds=SEEDS, **kw)


@pytest.mark.parametrize(
    ("line", "name", "args"),
    [
        ("/who Tartus", "who", {"name": "Tartus"}),
        ("/WHO   Bashar al-Assad ", "who", {"name": "Bashar al-Assad"}),
        ("/since 3 days ago", "since", {"date": "3 days ago"}),
        ("/help", "help", {}),
        ("/digest", "digest", {}),
    ],
)
def test_parse(line, name, args):
    command, parsed = parse(line)
    assert (command.name, parsed) == (name, args)


@pytest.mark.parametrize("line", ["who Tartus", "/nope", "", "/"])
def test_unknown_command_names_the_known_ones(line):
    with pytest.raises(UnknownCommand) as caught:
        parse(line)
    assert "/who" in caught.value.message or "/who Tartus" in caught.value.message


@pytest.mark.parametrize("line", ["/who", "/who    ", "/since", "/who \x00\x01"])
def test_missing_argument_says_what_is_expected(store, line):
    with pytest.raises(BadInput) as caught:
        run_line(line, store, NOW, _env())
    assert "e.g." in caught.value.message


def test_overlong_argument_is_refused(store):
    with pytest.raises(BadInput, match="too long"):
        run_line("/who " + "x" * 10_000, store, NOW, _env())


def test_reload_is_admin_only_and_refusal_changes_nothing(store):
    with pytest.raises(NotAllowed, match="admins"):
        run_line("/reload", store, NOW, _env(is_admin=False))
    assert store.counts()["documents"] == 0


def test_help_hides_admin_commands_from_non_admins(store):
    names = {c["name"] for c in run_line("/help", store, NOW, _env()).to_json()["commands"]}
    assert "reload" not in names and "who" in names
    admin = {
        c["name"] for c in run_line("/help", store, NOW, _env(is_admin=True)).to_json()["commands"]
    }
    assert "reload" in admin


def test_reload_command_reports_counts(store, engine):
    reply = run_line("/reload", store, NOW, _env(is_admin=True, engine=engine)).to_json()
    assert reply["command"] == "reload" and reply["added"] == 1 and reply["documents"] == 1


def test_who_unknown_suggests_close_spellings(seed_store):
    reply = run_line("/who Tartous", seed_store, NOW, _env()).to_json()
    assert reply["entity"] is None and "Tartus" in reply["suggestions"]


def test_who_is_paginated_for_chat(seed_store):
    full = run_line("/who Russia", seed_store, NOW, _env()).to_json()
    page = run_line("/who Russia", seed_store, NOW, _env(page_size=2, page=1)).to_json()
    assert page["total"] == full["total"] > 4
    assert page["events"] == full["events"][2:4]


def test_who_events_carry_evidence(seed_store):
    reply = run_line("/who Tartus", seed_store, NOW, _env()).to_json()
    (event,) = reply["events"]
    assert event["sentence"].startswith("The Kremlin is seeking")
    assert event["document"] == {
        "file": "000_d0977bdb04b184c9.txt",
        "title": None,
        "published": "2025-02-17",
    }
    assert event["when"] == {
        "start": "2025-02-17",
        "end": "2025-02-17",
        "granularity": "day",
        "text": None,
    }


@pytest.mark.parametrize("text", ["2025-01-01", "1 Jan 2025", "Jan 1, 2025"])
def test_since_accepts_plain_forms(seed_store, text):
    assert run_line(f"/since {text}", seed_store, NOW, _env()).to_json()["from"] == "2025-01-01"


def test_since_relative_to_now(seed_store):
    reply = run_line("/since 3 days ago", seed_store, NOW, _env()).to_json()
    assert reply["from"] == (NOW.date() - dt.timedelta(days=3)).isoformat()
    assert all(e["when"]["end"] >= reply["from"] for e in reply["events"])


def test_digest_groups_by_entity_and_cites_sources(seed_store):
    reply = run_line("/digest", seed_store, NOW, _env()).to_json()
    assert reply["total"] > 0
    sentences = [e["sentence"] for g in reply["groups"] for e in g["events"]]
    assert len(sentences) == len(set(sentences)), "a sentence appears once"
    assert all(e["sources"] for g in reply["groups"] for e in g["events"])
    assert reply["groups"][0]["entity"] == "Russia"


def test_search_finds_sentences_holding_every_word(seed_store):
    reply = run_line("/search naval base", seed_store, NOW, _env()).to_json()
    assert reply["total"] == 1
    assert reply["events"][0]["sentence"].startswith("The Kremlin is seeking")
    stemmed = run_line("/search deployed troop", seed_store, NOW, _env()).to_json()
    assert any(e["sentence"].startswith("Russia deployed troops") for e in stemmed["events"])


@pytest.mark.parametrize("words", ['"', "*", "NEAR(", "OR", "'; DROP TABLE events; --", "a AND"])
def test_search_reads_query_syntax_as_words(seed_store, words):
    reply = run_line(f"/search {words}", seed_store, NOW, _env()).to_json()
    assert reply["command"] == "search" and reply["total"] >= 0
    assert seed_store.counts()["documents"] == 1


def test_sources_lists_documents_with_counts(seed_store):
    reply = run_line("/sources", seed_store, NOW, _env()).to_json()
    (document,) = reply["documents"]
    assert document["file"] == "000_d0977bdb04b184c9.txt" and document["events"] > 10


def test_where_ranks_the_places_an_actor_acts_in(seed_store):
    reply = run_line("/where Kremlin", seed_store, NOW, _env()).to_json()
    assert reply["entity"]["name"] == "Russia"
    places = {p["name"]: p["events"] for p in reply["places"]}
    assert places["Syria"] >= 2 and "Tartus" in places and "Russia" not in places
    assert all(e["places"] for e in reply["events"]) and reply["total"] == len(reply["events"])


def test_large_store_suggests_from_names_sharing_the_first_letter(seed_store, monkeypatch):
    import commands.who

    monkeypatch.setattr(commands.who, "FULL_SCAN_ENTITIES", 0)
    reply = run_line("/who tartous", seed_store, NOW, _env()).to_json()
    assert "Tartus" in reply["suggestions"]
    assert all(s.lower().startswith("t") for s in reply["suggestions"])


def test_chat_pages_carry_the_leading_co_actors_and_json_all(seed_store):
    chat = run_line("/who Russia", seed_store, NOW, _env(page_size=5)).to_json()
    full = run_line("/who Russia", seed_store, NOW, _env()).to_json()
    assert chat["actors"] == full["actors"][: len(chat["actors"])]
