"""The drawn lookup lists scored: right by name or by alias, each miss with its reason, both
halves side by side."""

from __future__ import annotations

import pytest

from benchmarks.scoring.lookup import (
    AMBIGUOUS,
    FRAGMENT,
    NOTHING,
    OTHER,
    LookupQuery,
    answer_env,
    explain_miss,
    score_drawn,
    score_lookup,
)
from tests.benchmarks.scoring.stores import NOW, add_day
from tests.conftest import SEEDS


def test_an_entity_holding_the_title_as_an_alias_is_right_only_by_alias(store):
    add_day(
        store,
        "a.txt",
        "Ines Rocca spoke.",
        ["Ines Rocca"],
        {"Ines Rocca": {"Ines Rocca", "Ines Roca"}},
    )
    query = LookupQuery("Rocca", ("Ines Roca",), "surname")
    env = answer_env(SEEDS)
    assert score_lookup(store, [query], NOW, env).share == 0.0
    score = score_lookup(store, [query], NOW, env, by_alias=True)
    assert score.share == 1.0
    assert score.by_alias == 1


def _entity(name: str) -> dict:
    return {"name": name, "kind": "person", "aliases": []}


@pytest.mark.parametrize(
    "reply, query, reason",
    [
        # A part of the expected name: the surname stored beside the full name.
        (
            {"entity": _entity("Kowalczyk"), "total": 3},
            LookupQuery("Kowalczyk", ("Maria Kowalczyk",), "surname"),
            FRAGMENT,
        ),
        # The typed acronym stored as an entity of its own.
        (
            {"entity": _entity("NLF"), "total": 1},
            LookupQuery("NLF", ("Northern Liberation Front",), "organisation"),
            FRAGMENT,
        ),
        # The capital answered as itself, not as its country.
        (
            {"entity": _entity("Ottawa"), "total": 4},
            LookupQuery("Ottawa", ("Canada", "Government of Canada"), "seat"),
            OTHER,
        ),
        (
            {"entity": None, "candidates": [{"name": "Anna Varga", "events": 2}]},
            LookupQuery("Varga", ("Paul Varga",), "surname"),
            AMBIGUOUS,
        ),
        ({}, LookupQuery("Zed Quill", ("Zed Quill",), "surname"), NOTHING),
    ],
)
def test_a_miss_says_why(store, reply, query, reason):
    miss = explain_miss(store, query, reply)
    assert (miss.query, miss.reason) == (query.query, reason)


def test_a_fragment_miss_shows_the_expected_entity_as_stored(store):
    add_day(store, "a.txt", "Kowalczyk spoke.", ["Kowalczyk"])
    add_day(store, "b.txt", "Maria Kowalczyk spoke.", ["Maria Kowalczyk"])
    query = LookupQuery("Kowalczyk", ("Maria Kowalczyk",), "surname")
    (miss,) = score_lookup(store, [query], NOW, answer_env(SEEDS), explain=True).explained
    assert miss.answered == "Kowalczyk (country, 1 events)"
    assert miss.stored == "Maria Kowalczyk (country, 1 events)"


def _lookup_file(path, *rows: str):
    path.write_text("query\texpected\tcategory\n" + "".join(f"{r}\n" for r in rows), "utf-8")
    return path


def test_both_halves_are_reported_side_by_side_with_the_gap(store, tmp_path):
    add_day(store, "a.txt", "Canada voted.", ["Canada"])
    add_day(store, "b.txt", "Chile voted.", ["Chile"])
    files = {
        "January–June": _lookup_file(tmp_path / "h1.tsv", "Canada\tCanada\tplace"),
        "July–December": _lookup_file(
            tmp_path / "h2.tsv", "Chile\tChile\tplace", "Peru\tPeru\tplace"
        ),
    }
    drawn = score_drawn(store, NOW, answer_env(SEEDS), files)
    rows = [(m.key, m.label, m.value, m.target) for m in drawn.metrics()]
    assert rows == [
        ("lookup.drawn_h1", "drawn lookup, January–June (1 queries)", 1.0, None),
        ("lookup.drawn_h2", "drawn lookup, July–December (2 queries)", 0.5, (0.95, ">=")),
        ("lookup.drawn_gap", "drawn lookup: first half minus second", 0.5, (0.02, "<=")),
    ]
    sections = {s.title: s.lines for s in drawn.sections()}
    assert sections[
        "drawn lookup, July–December: misses (reason: category | query -> answered"
        " | expected (stored as))"
    ] == ["nothing found: place | 'Peru' -> no entity | expected Peru (stored: -)"]
