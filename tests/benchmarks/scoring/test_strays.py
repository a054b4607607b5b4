"""Stray entities: surname fragments, bare generic words, names cut after a function word."""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS

from benchmarks.scoring.strays import count_strays, english_nouns, stray_metrics
from bot.store import Store

NOUNS = frozenset({"senate", "parliament", "turkey", "nato", "army"})


def _put(store: Store, name: str, kind: str, *sentences: str) -> None:
    """An entity with one event per sentence, written as rows: the reload's own linking
    would merge the fragments these tests need to find."""
    db = store.db
    db.execute(
        "INSERT OR IGNORE INTO documents (id, file, sha256, published, ingested_at)"
        " VALUES (1, 'a.txt', 'x', '2025-01-01', '2025-01-01')"
    )
    entity = db.execute("INSERT INTO entities (name, kind) VALUES (?, ?)", (name, kind)).lastrowid
    for sentence in sentences or (f"{name} moved.",):
        event = db.execute(
            "INSERT INTO events (document_id, paragraph, sentence, action, when_start, when_end,"
            " granularity, ingested_at) VALUES (1, 0, ?, 'moved', '2025-01-01', '2025-01-01',"
            " 'day', '2025-01-01')",
            (sentence,),
        ).lastrowid
        db.execute(
            "INSERT INTO event_entities (event_id, entity_id, role, position, kind)"
            " VALUES (?, ?, 'actor', 0, ?)",
            (event, entity, kind),
        )


def _names(strays) -> list[str]:
    return [s.name for s in strays]


def _count(store: Store, known=lambda name: False):
    return count_strays(store, nouns=NOUNS, known=known, stop_words=STOP_WORDS)


def test_a_one_word_person_that_is_a_full_names_surname_is_a_stray(store):
    _put(store, "Bashar al-Assad", "person")
    _put(store, "Assad", "person", "Assad fled.", "Assad spoke.")
    _put(store, "Orban", "person")
    _put(store, "Viktor Orbán", "person")
    _put(store, "Madonna", "person")  # no full name ends so
    _put(store, "Bashar", "person")  # a given name, not the surname
    _put(store, "Hassan", "organisation")  # not a person
    strays = _count(store)["surname"]
    assert _names(strays) == ["Assad", "Orban"]
    assert strays[0].events == 2
    assert strays[0].why == "surname of Bashar al-Assad"


def test_a_bare_noun_the_sentences_write_in_lower_case_is_a_generic_stray(store):
    _put(store, "Senate", "organisation", "The Senate voted.", "A state senate met.")
    _put(store, "Parliament", "organisation", "Parliament met.")  # never in lower case
    _put(store, "Turkey", "country", "Turkey served turkey.")  # a name the lexicon files
    _put(store, "NATO", "organisation", "NATO met nato.")  # an acronym
    _put(store, "Bukavu", "place", "Bukavu fell to bukavu.")  # not an English noun
    _put(store, "Army", "person", "The army moved.")  # any kind
    strays = _count(store, known=lambda name: name == "Turkey")["generic"]
    assert _names(strays) == ["Senate", "Army"]


def test_a_name_ending_in_a_lower_case_function_word_is_a_stray(store):
    for name in (
        "Democratic Republic of the",
        "Court of Appeal of",
        "District of Columbia Fire and",
        "Bosnia and Herzegovina",
        "Air Force One",
        "Stand Up",  # a capitalised last word is part of the name
        "of",
    ):
        _put(store, name, "organisation")
    assert sorted(_names(_count(store)["function_word"])) == [
        "Court of Appeal of",
        "Democratic Republic of the",
        "District of Columbia Fire and",
    ]


def test_an_empty_store_has_no_strays_and_a_row_per_kind(store):
    strays = _count(store)
    assert strays == {"surname": [], "generic": [], "function_word": []}
    assert [(m.key, m.value) for m in stray_metrics(strays)] == [
        ("strays.surname", 0),
        ("strays.generic", 0),
        ("strays.function_word", 0),
    ]


def test_the_english_nouns_come_from_the_models_wordnet_tables():
    nouns = english_nouns()
    assert {"senate", "parliament", "army"} <= nouns
    assert "bukavu" not in nouns
