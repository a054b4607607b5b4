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
