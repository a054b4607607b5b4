"""Short and unusual names read alike on both engines: what /who answers never depends on
whether the store is SQLite (NOCASE: ASCII case only) or PostgreSQL (citext: lower() and
the database's collation). Runs on both (tests/store/conftest.py)."""

from __future__ import annotations

import pytest

from bot.errors import BadInput
from bot.store import Store
from bot.store.entities import name_order
from commands._names import resolve
from tests.conftest import NOW
from tests.factories import document, extracted_event

# Every one with the same number of events, so that only the order of names separates them.
NAMES = [
    "Russia", "Syria", "Bashar al-Assad", "Al Jazeera", "al-Qaeda", "The Hague",
    "Élysée Palace", "A. Smith", "Ankara", "Amman", "Abu Dhabi", "Åland", "Alan", "Ala",
    "Ukraine", "USA", "AU", "Ötzi Front", "öa Front", "Zeta Front", "Church of the Nativity",
]  # fmt: skip


@pytest.fixture
def names_store(store: Store) -> Store:
    people = {"Bashar al-Assad": "person", "A. Smith": "person", "Alan": "person"}
    events = [extracted_event([name], sentence=f"{name} moved.", kinds=people) for name in NAMES]
    store.apply_reload([(document(), events)], [], NOW)
    return store


def _answer(store: Store, typed: str, pick: bool = True) -> tuple:
    found = resolve(store, typed, pick=pick)
    return (
        found.entity.name if found.entity else None,
        found.asked_as,
        [c.name for c in found.candidates],
        found.suggestions,
    )


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        # A word several names share: the first in name order answers, the rest beside.
        ("front", ("öa Front", "front", ["Ötzi Front", "Zeta Front"], [])),
        ("FRONT", ("öa Front", "FRONT", ["Ötzi Front", "Zeta Front"], [])),
        ("al", ("Al Jazeera", "al", ["al-Qaeda", "Bashar al-Assad"], [])),
        ("am", (None, None, [], ["Amman"])),
        ("u", (None, None, [], ["AU", "Russia", "Ukraine", "USA"])),
        ("Öa front", ("öa Front", None, [], [])),
        ("ÉLYSÉE PALACE", ("Élysée Palace", None, [], [])),
        ("élysée palace", ("Élysée Palace", None, [], [])),
        ("åland", ("Åland", None, [], [])),
        ("ÅLAND", ("Åland", None, [], [])),
        ("aland", ("Åland", "aland", [], [])),
        ("ala", ("Ala", None, [], [])),
        ("x", (None, None, [], [])),
    ],
)
def test_a_short_or_unusual_name_reads_the_same_on_both_engines(names_store, typed, answer):
    assert _answer(names_store, typed) == answer


@pytest.mark.parametrize("typed", ["front", "FRONT"])
def test_a_shared_word_offers_the_same_candidates_on_both_engines(names_store, typed):
    candidates = ["öa Front", "Ötzi Front", "Zeta Front"]
    assert _answer(names_store, typed, pick=False) == (None, None, candidates, [])


@pytest.mark.parametrize("typed", ["the the the", "a", "A", "of the", "the", "an the of", "The"])
def test_only_common_words_are_refused_on_both_engines(names_store, typed):
    with pytest.raises(BadInput, match="only common words"):
        resolve(names_store, typed)


def test_the_names_for_suggestions_are_the_same_on_both_engines(names_store):
    names = names_store.entities.names()
    assert names == sorted(names, key=name_order)
    assert set(NAMES) <= set(names)


@pytest.mark.parametrize(
    ("letter", "names"),
    [
        ("a", ["A. Smith", "Abu Dhabi", "Al Jazeera", "al-Qaeda", "Ala", "Alan", "Amman",
               "Ankara", "AU"]),
        ("A", ["A. Smith", "Abu Dhabi", "Al Jazeera", "al-Qaeda", "Ala", "Alan", "Amman",
               "Ankara", "AU"]),
        ("ö", ["öa Front", "Ötzi Front"]),
        ("Ö", ["öa Front", "Ötzi Front"]),
        ("é", ["Élysée Palace"]),
        ("%", []),
        ("_", []),
    ],
)  # fmt: skip
def test_names_starting_with_a_letter_are_the_same_on_both_engines(names_store, letter, names):
    assert names_store.entities.names_starting(letter) == names
