"""Corpus-level passes: acronyms join their names; spelling variants of one person merge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from bot.extraction.names.acronyms import acronym_table, pairs_in, stands_for
from bot.extraction.names.corpus import link_acronyms, merge_spellings
from bot.seeds import Document, Paragraph


@dataclass
class Names:
    actors: list[str]
    places: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)
    surfaces: dict[str, set[str]] = field(default_factory=dict)


def event(**kinds: str) -> Names:
    names = {k.replace("_", " "): v for k, v in kinds.items()}
    return Names(actors=list(names), kinds=dict(names), surfaces={n: {n} for n in names})


def results(*events: Names, text: str = "") -> list:
    doc = Document(
        file="a.txt",
        sha256="x",
        title="t",
        source=None,
        url=None,
        published=dt.date(2025, 1, 1),
        paragraphs=(Paragraph(text=text),),
    )
    return [(doc, list(events))]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "designated the Northern Harbour Workers Union (NHWU) as",
            ("NHWU", "Northern Harbour Workers Union"),
        ),
        (
            "the NHWU (Northern Harbour Workers Union) said",
            ("NHWU", "Northern Harbour Workers Union"),
        ),
    ],
)
def test_acronym_written_beside_its_name(text, pair):
    assert pairs_in(text) == [pair]


def test_letters_must_agree():
    assert pairs_in("the Northern Harbour Workers Union (EU) said") == []
    assert stands_for("DOGE", "Department of Government Efficiency")
    assert not stands_for("Dog", "Department of Government Efficiency")


def test_initials_of_one_known_name_only():
    table = acronym_table([], ["Grand Lake Authority", "Green Leaf Association"])
    assert "GLA" not in table
    assert acronym_table([], ["Grand Lake Authority"])["GLA"] == "Grand Lake Authority"


def test_link_acronyms_renames_across_documents(lexicon):
    found = results(
        event(NHWU="organisation"),
        event(Northern_Harbour_Workers_Union="organisation"),
        text="the Northern Harbour Workers Union (NHWU) struck.",
    )
    assert link_acronyms(found, lexicon) == 1
    first = found[0][1][0]
    assert first.actors == ["Northern Harbour Workers Union"]
    assert "NHWU" in first.surfaces["Northern Harbour Workers Union"]


def test_spelling_variants_of_one_person_merge(lexicon):
    found = results(
        event(Olek_Vasylenkoo="person"),
        event(Olek_Vasylenko="person"),
        event(Olek_Vasylenko="person"),
        event(Vasylenkoo="organisation"),
    )
    merge_spellings(found, (), lexicon)
    assert [e.actors for e in found[0][1]] == [["Olek Vasylenko"]] * 4


def test_diacritics_merge(lexicon):
    found = results(
        event(Ilka_Szabó="person"), event(Ilka_Szabo="person"), event(Ilka_Szabó="person")
    )
    merge_spellings(found, (), lexicon)
    assert {a for e in found[0][1] for a in e.actors} == {"Ilka Szabó"}


def test_different_given_names_stay_apart(lexicon):
    found = results(event(Olek_Vasylenko="person"), event(Ivan_Vasylenkoo="person"))
    assert merge_spellings(found, (), lexicon) == 0


def test_only_people_merge(lexicon):
    found = results(event(Port_Vasylenko="place"), event(Port_Vasylenkoo="place"))
    assert merge_spellings(found, (), lexicon) == 0


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # A leading article is not part of the name the acronym stands for.
        (
            "The Northern Harbour Workers Union (NHWU) said",
            ("NHWU", "Northern Harbour Workers Union"),
        ),
        # The Arabic article and conjunction are left out of an acronym, as "of" is.
        (
            "fighters of Harakat Nasr al-Watan wal Qudra (HNWQ) attack",
            ("HNWQ", "Harakat Nasr al-Watan wal Qudra"),
        ),
        # A lower-case letter between capitals ("AfD"-style).
        ("the Bund for Demokratie (BfD) votes", ("BfD", "Bund for Demokratie")),
    ],
)
def test_acronym_pairs_read_articles_particles_and_mixed_case(text, pair):
    assert pairs_in(text) == [pair]


def test_an_acronym_of_another_language_joins_a_known_name_written_beside_it():
    text = "clashes with the Popular Liberation Front (FPL) in the north"
    assert pairs_in(text) == []  # the letters do not agree
    known = frozenset({"Popular Liberation Front"})
    assert pairs_in(text, known) == [("FPL", "Popular Liberation Front")]
    assert pairs_in("the ministry of the Popular Liberation Front said", known) == []


def test_names_written_alike_are_one_entity():
    from bot.extraction.names.corpus import merge_written_alike

    found = results(
        event(**{"Lee Jae-myung": "person", "Seoul": "place"}),
        event(**{"Lee Jae-myung": "person"}),
        event(**{"Lee Jae Myung": "person"}),
    )
    assert merge_written_alike(found) == 1
    names = {n for _, events in found for e in events for n in e.kinds}
    assert names == {"Lee Jae-myung", "Seoul"}


def test_names_written_alike_take_the_stored_spelling():
    from bot.extraction.names.corpus import merge_written_alike

    found = results(event(**{"Washington DC": "place"}), event(**{"Washington DC": "place"}))
    assert merge_written_alike(found, known=["Washington, D.C."]) == 2
    assert {n for _, events in found for e in events for n in e.kinds} == {"Washington, D.C."}
