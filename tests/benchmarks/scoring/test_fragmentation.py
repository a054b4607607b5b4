"""Fragmentation: how many store entities the gold links of one title land on."""

from __future__ import annotations

import pytest

from benchmarks.scoring.fragmentation import StoreIndex, main_entity, score_fragmentation
from tests.benchmarks.scoring.stores import add_day, gold

TITLE = "Volodymyr Zelenskyy"


def test_a_title_filed_under_two_entities_counts_two(store):
    add_day(store, "a.txt", "Zelensky met allies.", ["Zelensky"])
    add_day(store, "b.txt", "Volodymyr Zelenskyy spoke.", ["Volodymyr Zelenskyy"])
    add_day(store, "c.txt", "Volodymyr Zelenskyy left.", ["Volodymyr Zelenskyy"])
    rows = [
        gold("a.txt", ("Zelensky", TITLE)),
        gold("b.txt", (TITLE, TITLE)),
        gold("c.txt", (TITLE, TITLE)),
    ]
    score = score_fragmentation(store, rows)
    assert score.entities[TITLE] == {"Volodymyr Zelenskyy": 2, "Zelensky": 1}
    assert score.main() == {TITLE: "Volodymyr Zelenskyy"}
    assert score.mean == 2.0
    assert score.split_titles == [TITLE]


def test_a_surname_folded_into_the_full_name_counts_one(store):
    add_day(store, "a.txt", "Zelensky met allies.", [TITLE], {TITLE: {"Zelensky"}})
    add_day(store, "b.txt", "Volodymyr Zelenskyy spoke.", [TITLE])
    rows = [gold("a.txt", ("Zelensky", TITLE)), gold("b.txt", (TITLE, TITLE))]
    score = score_fragmentation(store, rows)
    assert score.entities[TITLE] == {TITLE: 2}
    assert score.mean == 1.0


def test_an_entity_named_as_the_anchor_beats_one_holding_it_as_an_alias(store):
    add_day(
        store, "a.txt", "Paris hosts France's summit.", ["France", "Paris"], {"France": {"Paris"}}
    )
    score = score_fragmentation(store, [gold("a.txt", ("Paris", "Paris"))])
    assert score.entities["Paris"] == {"Paris": 1}


def test_a_possessive_anchor_and_a_title_named_entity_are_found(store):
    add_day(store, "a.txt", "Israel's army moved.", ["Israel Defense Forces"])
    add_day(store, "b.txt", "NATO's chief spoke.", ["NATO"])
    rows = [gold("a.txt", ("Israel", "Israel Defense Forces")), gold("b.txt", ("NATO's", "NATO"))]
    score = score_fragmentation(store, rows)
    assert score.entities == {
        "Israel Defense Forces": {"Israel Defense Forces": 1},
        "NATO": {"NATO": 1},
    }


def test_a_link_outside_the_events_sentence_or_unmapped_reaches_nothing(store):
    add_day(store, "a.txt", "Russia moved.", ["Russia"])
    rows = [gold("a.txt", ("Ukraine", "Ukraine"))]
    unmapped = gold("a.txt", ("Russia", "Russia"))
    unmapped.paragraph = None
    score = score_fragmentation(store, [*rows, unmapped])
    assert score.reached == []
    assert score.mean == 0.0
    assert score.sections()[1].lines == ["Russia", "Ukraine"]  # most linked, ties by title


def test_only_the_most_linked_titles_are_counted(store):
    add_day(store, "a.txt", "Russia and Ukraine talked.", ["Russia", "Ukraine"])
    rows = [
        gold("a.txt", ("Russia", "Russia"), ("Ukraine", "Ukraine")),
        gold("a.txt", ("Russia", "Russia")),
    ]
    score = score_fragmentation(store, rows, top=1, index=StoreIndex.read(store))
    assert list(score.entities) == ["Russia"]


@pytest.mark.parametrize(
    "counts, main", [({}, None), ({"B": 2, "A": 2}, "A"), ({"A": 1, "B": 3}, "B")]
)
def test_the_titles_entity_holds_most_events_ties_by_name(counts, main):
    from collections import Counter

    assert main_entity(Counter(counts)) == main
