"""/who for the names as people type them: the file read, each answer judged by its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.scoring.lookup import LookupQuery, answer_env, read_lookup, score_lookup
from benchmarks.scoring.matching import folded_key, same_entity_name
from tests.benchmarks.scoring.stores import NOW, add_day
from tests.conftest import SEEDS


def test_names_fold_case_diacritics_quotes_and_disambiguators():
    assert folded_key("Recep Tayyip Erdoğan") == folded_key("recep tayyip erdogan")
    assert folded_key("Côte d’Ivoire") == folded_key("Cote d'Ivoire")
    assert folded_key("Ekrem İmamoğlu") == folded_key("Ekrem Imamoglu")
    assert same_entity_name("Georgia", ["Georgia (country)"])
    assert same_entity_name("Balochistan", ["Balochistan, Pakistan"])
    assert not same_entity_name("Gaza City", ["Gaza Strip", "Gaza"])
    assert not same_entity_name(None, ["Gaza"])


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lookup.tsv"
    path.write_text(text, "utf-8")
    return path


def test_a_lookup_file_gives_each_query_its_forms_and_category(tmp_path):
    path = _write(
        tmp_path,
        "# comment\nquery\texpected\tcategory\n"
        "Zelensky\tVolodymyr Zelenskyy|Volodymyr Zelensky\tsurname\n"
        "WHO\tWorld Health Organization\tacronym\n",
    )
    assert read_lookup(path) == [
        LookupQuery("Zelensky", ("Volodymyr Zelenskyy", "Volodymyr Zelensky"), "surname"),
        LookupQuery("WHO", ("World Health Organization",), "acronym"),
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("q\texpected\tcategory\n", "header"),
        ("query\texpected\tcategory\nTrump\tDonald Trump\n", "3 tab-separated"),
        ("query\texpected\tcategory\nTrump\t\tsurname\n", "non-empty"),
        ("query\texpected\tcategory\nTrump\tDonald Trump\tsurname\nTrump\tX\tshort\n", "twice"),
    ],
)
def test_a_bad_lookup_file_says_which_line(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        read_lookup(_write(tmp_path, text))


def test_the_shipped_lists_have_every_category_and_enough_entries():
    queries = read_lookup()
    categories = {q.category for q in queries}
    assert len(queries) >= 120
    assert categories >= {"surname", "acronym", "short", "lowercase", "the", "spelling", "country"}
    assert sum(q.category == "surname" for q in queries) >= 40


def test_lookup_counts_an_answer_named_as_one_of_the_expected_forms(store):
    add_day(
        store,
        "a.txt",
        "Zelenskyy spoke.",
        ["Volodymyr Zelensky"],
        {"Volodymyr Zelensky": {"Zelenskyy"}},
    )
    add_day(store, "b.txt", "Erdoğan spoke.", ["Recep Tayyip Erdoğan"])
    queries = [
        LookupQuery("Zelenskyy", ("Volodymyr Zelenskyy", "Volodymyr Zelensky"), "spelling"),
        LookupQuery("recep tayyip erdoğan", ("Recep Tayyip Erdogan",), "lowercase"),
        LookupQuery("Putin", ("Vladimir Putin",), "surname"),
    ]
    score = score_lookup(store, queries, NOW, answer_env(SEEDS))
    assert score.found == {"spelling": 1, "lowercase": 1}
    assert score.share == pytest.approx(2 / 3)
    assert score.misses == [("surname", "Putin", "Vladimir Putin", "no entity")]


def test_an_answer_named_as_the_query_is_a_miss_when_the_query_is_not_a_form(store):
    add_day(store, "a.txt", "WHO warned.", ["WHO"])
    query = LookupQuery("WHO", ("World Health Organization",), "acronym")
    score = score_lookup(store, [query], NOW, answer_env(SEEDS))
    assert score.share == 0.0
    assert score.misses == [("acronym", "WHO", "World Health Organization", "WHO")]
    assert score.sections()[0].lines == ["acronym | 0/1 | 0.00"]
