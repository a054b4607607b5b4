"""Kept apart: pairs that must stay two entities, caught merged by /who, names or links."""

from __future__ import annotations

import pytest

from benchmarks.scoring.apart import ApartPair, Side, read_apart, score_apart
from benchmarks.scoring.lookup import answer_env
from tests.benchmarks.scoring.stores import NOW, add_day, gold
from tests.conftest import SEEDS


def _pair(a: str, b: str, title_a: str | None = None) -> ApartPair:
    return ApartPair(Side(a, title_a or a), Side(b, b), "test")


def test_a_kept_apart_file_reads_a_side_with_its_title(tmp_path):
    path = tmp_path / "apart.tsv"
    path.write_text("a\tb\tcategory\nNew York|New York (state)\tNew York City\tcity\n", "utf-8")
    assert read_apart(path) == [
        ApartPair(
            Side("New York", "New York (state)"), Side("New York City", "New York City"), "city"
        )
    ]
    path.write_text("a\tb\tcategory\nNiger\tniger\tsame\n", "utf-8")
    with pytest.raises(ValueError, match="two different names"):
        read_apart(path)


def test_the_shipped_pairs_are_at_least_thirty():
    assert len(read_apart()) >= 30


def test_two_entities_stay_apart(store):
    add_day(store, "a.txt", "Niger closed its border.", ["Niger"])
    add_day(store, "b.txt", "Nigeria closed its border.", ["Nigeria"])
    rows = [gold("a.txt", ("Niger", "Niger")), gold("b.txt", ("Nigeria", "Nigeria"))]
    score = score_apart(store, [_pair("Niger", "Nigeria")], rows, NOW, answer_env(SEEDS))
    assert score.together == []
    assert score.unanswered == []


def test_one_entity_holding_both_names_is_together(store):
    add_day(store, "a.txt", "Gaza City was hit.", ["Gaza"], {"Gaza": {"Gaza City", "Gaza Strip"}})
    score = score_apart(store, [_pair("Gaza Strip", "Gaza City")], [], NOW, answer_env(SEEDS))
    assert [why for _, why in score.together] == ["/where answers both with Gaza"]


def test_a_title_whose_links_all_land_on_the_others_entity_is_together(store):
    add_day(store, "a.txt", "Georgia held elections.", ["Georgia"])
    add_day(store, "b.txt", "Storms hit Georgia.", ["Georgia"])
    rows = [
        gold("a.txt", ("Georgia", "Georgia (country)")),
        gold("b.txt", ("Georgia", "Georgia (U.S. state)")),
    ]
    # The state typed by a name no resolver reads as Georgia: only the links can tell.
    pair = ApartPair(
        Side("Georgia", "Georgia (country)"), Side("Peach State", "Georgia (U.S. state)"), "t"
    )
    score = score_apart(store, [pair], rows, NOW, answer_env(SEEDS))
    assert [why for _, why in score.together] == ["every link of both titles lands on Georgia"]
    assert [which for _, which in score.unanswered] == ["Peach State"]


def test_links_shared_with_an_entity_of_its_own_are_a_split_not_a_merge(store):
    add_day(store, "a.txt", "Russian forces advanced.", ["Russia"], {"Russia": {"Russian"}})
    add_day(store, "b.txt", "Russian Armed Forces advanced.", ["Russian Armed Forces"])
    add_day(store, "c.txt", "Russia protested.", ["Russia"])
    rows = [
        gold("a.txt", ("Russian", "Russian Armed Forces")),
        gold("b.txt", ("Russian Armed Forces", "Russian Armed Forces")),
        gold("c.txt", ("Russia", "Russia")),
    ]
    score = score_apart(
        store, [_pair("Russia", "Russian Armed Forces")], rows, NOW, answer_env(SEEDS)
    )
    assert score.together == []


def test_a_capital_that_who_reads_as_its_country_is_still_apart(store):
    add_day(store, "a.txt", "Velmora spoke.", ["Velmora"])
    add_day(store, "b.txt", "Ostrava Nova was hit.", ["Ostrava Nova"])
    store.apply_reload([], ["none.txt"], NOW, seats={"Ostrava Nova": "Velmora"})
    pair = _pair("Velmora", "Ostrava Nova")
    assert score_apart(store, [pair], [], NOW, answer_env(SEEDS)).together == []
