"""The mined alias table: kept anchors, and how the lexicon layers it under curated aliases."""

from __future__ import annotations

import json

import pytest

from bot.extraction.names import Lexicon
from bot.extraction.names.lexicon import MINED_ALIAS_FILE
from bot.extraction.tables import DATA
from tests.conftest import shared
from tools.mine_aliases import main, mine, table


def item(date: str, *links: tuple[str, str]) -> str:
    return json.dumps({"date": date, "entities": [list(link) for link in links]})


def test_an_anchor_that_links_one_title_is_kept():
    lines = [item("2025-02-01", ("Vasylenko", "Olek Vasylenko"))] * 2
    assert mine(lines) == [("Vasylenko", "Olek Vasylenko", 2, 2)]


def test_a_split_anchor_and_a_single_use_are_left_out():
    lines = [
        item("2025-02-01", ("Harbour", "Harbour Town")),
        item("2025-02-02", ("Harbour", "Harbour City")),
        item("2025-02-03", ("Lonely", "Lonely Planet")),
    ]
    assert mine(lines) == []


def test_an_acronym_of_its_title_needs_one_link():
    assert mine([item("2025-03-01", ("NHWU", "Northern Harbour Workers Union"))])


def test_the_second_half_of_the_year_is_held_apart():
    assert mine([item("2025-07-01", ("Vasylenko", "Olek Vasylenko"))] * 3) == []


def test_the_disambiguator_is_dropped_and_identity_left_out():
    assert mine([item("2025-01-05", ("Georgia", "Georgia (country)"))] * 3) == []


def test_curated_aliases_win_over_mined():
    lexicon = Lexicon.load()
    assert lexicon.canonical("IRGC", acting=False) == "Islamic Revolutionary Guard Corps"
    assert (
        Lexicon.load('[aliases]\n"IRGC" = "Guards"\n').canonical("IRGC", acting=False) == "Guards"
    )


@pytest.mark.corpus
def test_the_shipped_table_is_what_the_build_step_makes_from_the_corpus():
    gold = shared("corpus", "current-events", "gold-2025.jsonl")
    made = table(gold.read_text("utf-8").splitlines())
    shipped = DATA.joinpath(MINED_ALIAS_FILE)  # the table the lexicon reads
    assert made.encode("utf-8") == shipped.read_bytes(), "run: python -m tools.mine_aliases"


def test_the_check_fails_on_a_stale_table_and_writes_nothing(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join([item("2025-02-01", ("Vasylenko", "Olek Vasylenko"))] * 2))
    out = tmp_path / "aliases-mined.tsv"
    out.write_text("# stale\n", "utf-8")
    assert main([str(gold), str(out), "--check"]) == 1
    assert out.read_text("utf-8") == "# stale\n"
    assert main([str(gold), str(out)]) == 0
    assert out.read_text("utf-8").endswith("Vasylenko\tOlek Vasylenko\t2\t2\n")
    assert main([str(gold), str(out), "--check"]) == 0
