"""Finding entities by name or alias, and the names for suggestions and autocomplete."""

from __future__ import annotations

import pytest

from bot.store import Store
from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event


def test_entity_by_alias_is_case_insensitive(store):
    store.apply_reload(
        [(document(), [event(["Russia"], surfaces={"Russia": {"Kremlin"}})])], [], NOW
    )
    assert store.entities.lookup("kremlin").name == "Russia"
    assert store.entities.lookup("RUSSIA").aliases == ("Kremlin",)
    assert store.entities.lookup("Atlantis") is None


def test_entity_ignores_surrounding_whitespace(store):
    store.apply_reload([(document(), [event(["Russia"])])], [], NOW)
    assert store.entities.lookup("  russia \n").name == "Russia"


def test_complete_reads_punctuation_loosely_and_wildcards_literally(store):
    store.apply_reload([(document(), [event(["Russia", "R_x"])])], [], NOW)
    assert store.entities.complete("ru") == ["Russia"]
    assert store.entities.complete("R_x") == ["R_x"]
    assert store.entities.complete("%") == []


def test_complete_is_in_name_order_and_limited(store):
    store.apply_reload([(document(), [event(["Rwanda", "Russia", "Romania"])])], [], NOW)
    assert store.entities.complete("r") == ["Romania", "Russia", "Rwanda"]
    assert store.entities.complete("r", 2) == ["Romania", "Russia"]


def test_complete_answers_again_from_its_cache_until_the_store_changes(store):
    store.apply_reload([(document(), [event(["Russia"])])], [], NOW)
    assert store.entities.complete("ru") == ["Russia"]
    store.apply_reload([(document("b.txt", "2" * 64), [event(["Rubia"])])], [], NOW)
    assert store.entities.complete("ru") == ["Rubia", "Russia"]  # a write through this connection


def test_complete_answers_again_when_another_connection_commits(location):
    with Store(location) as reader, Store(location) as writer:
        writer.apply_reload([(document(), [event(["Russia"])])], [], NOW)
        assert reader.entities.complete("ru") == ["Russia"]
        writer.apply_reload([(document("b.txt", "2" * 64), [event(["Rubia"])])], [], NOW)
        assert reader.entities.complete("ru") == ["Rubia", "Russia"]  # a commit by another process


def test_names_starting_reads_names_and_aliases_by_first_letter(store):
    moved = event(["Russia", "Syria"], surfaces={"Syria": {"Damascus"}, "Russia": {"Kremlin"}})
    store.apply_reload([(document(), [moved])], [], NOW)
    assert sorted(store.entities.names_starting("s")) == ["Syria"]
    assert sorted(store.entities.names_starting("Dx")) == [
        "Damascus"
    ]  # only the first letter counts
    assert store.entities.names_starting("_") == []


def test_names_hold_every_name_and_alias(store):
    assert store.entities.names() == []
    store.apply_reload(
        [(document(), [event(["Russia"], surfaces={"Russia": {"Kremlin"}})])], [], NOW
    )
    assert sorted(store.entities.names()) == ["Kremlin", "Russia"]


@pytest.mark.sqlite_only  # PostgreSQL's text holds no NUL character
def test_names_with_the_separator_are_kept_whole(store):
    store.apply_reload([(document(), [event(["A\0B", "C"])])], [], NOW)
    assert sorted(store.entities.names()) == ["A\0B", "C"]


def test_generation_moves_with_writes(store):
    before = store.entities.generation()
    store.apply_reload([(document(), [event(["Russia"])])], [], NOW)
    assert store.entities.generation() != before


def test_person_names_are_people_with_two_words_or_more(store):
    kinds = {"Vladimir Putin": "person", "Putin": "person"}
    moved = event(["Vladimir Putin", "Putin", "South Korea"], kinds=kinds)
    store.apply_reload([(document(), [moved])], [], NOW)
    assert store.entities.person_names() == ["Vladimir Putin"]


def test_person_names_leave_out_people_only_the_leaving_files_name(store):
    kinds = {"Vladimir Putin": "person"}
    store.apply_reload([(document(), [event(["Vladimir Putin"], kinds=kinds)])], [], NOW)
    assert store.entities.person_names(leaving=["other.txt"]) == ["Vladimir Putin"]
    assert store.entities.person_names(leaving=[document().file]) == []


def test_entity_count_estimate_follows_the_largest_id(store):
    assert store.entities.count_estimate() == 0
    store.apply_reload([(document(), [event(["Russia", "Syria"])])], [], NOW)
    assert store.entities.count_estimate() == 2
