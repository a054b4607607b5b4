"""Generic names of a country's bodies ("the Senate", "Parliament", "the army"): the body of
the country their sentence or news item names, or no entity (issue 24)."""

from __future__ import annotations

import pytest

from bot.extraction.names.bodies import Generic, country_key, generic
from tests.extraction.names.news import kinds


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("the Senate", Generic("Senate", "Senate")),
        ("Parliament", Generic("Parliament", "Parliament")),
        ("the Chamber of Deputies", Generic("Chamber of Deputies", "Deputies")),
        ("the Armed Forces", Generic("Armed Forces", "Forces")),
        ("Defence Ministry", Generic("Defence Ministry", "Ministry")),
        ("the Ministry of Foreign Affairs", Generic("Ministry of Foreign Affairs", "Ministry")),
        # A piece of an office's title names no body.
        ("Defense", Generic(None, "")),
        # Proper names are not generic.
        ("Bundestag", None),
        ("European Parliament", None),
        ("Ministry of Magic", None),
        ("House Harkonnen", None),
    ],
)
def test_a_generic_name_is_a_body_by_its_category_words(name, found):
    assert generic(name) == found


def test_a_body_is_the_one_country_its_sentence_names(extractor):
    found = kinds(extractor, "Estonia's Parliament approves the defence budget.")
    assert found == {"Estonia": "country", "Parliament (Estonia)": "organisation"}


def test_a_body_is_the_one_country_its_news_item_names(extractor):
    found = kinds(
        extractor,
        "Voters in Latvia go to the polls on Sunday. The Parliament will then elect a speaker.",
    )
    assert found.get("Parliament (Latvia)") == "organisation"


@pytest.mark.parametrize(
    "item",
    [
        # No country at all, or two: no entity rather than a wrong one.
        "The Senate approves the budget.",
        "The Senate approves the budget as Estonia and Latvia watch.",
    ],
)
def test_a_body_of_no_one_country_is_no_entity(extractor, item):
    assert "Senate" not in " ".join(kinds(extractor, item))


def test_a_body_the_item_names_in_full_takes_that_name(extractor):
    found = kinds(
        extractor,
        "The Harju People's Assembly in Estonia passes the law, which the Assembly had rejected.",
    )
    assert found == {"Harju People's Assembly": "organisation", "Estonia": "country"}


def test_a_country_inside_another_name_counts_as_named(extractor):
    item = "The Estonian Foreign Office notifies the Senate of an arms sale to Latvia."
    assert "Senate" not in " ".join(kinds(extractor, item))


def test_the_same_generic_word_in_two_countries_is_two_bodies(extractor):
    found = kinds(
        extractor,
        "Estonia's Parliament approves the defence budget.",
        "Latvia's Parliament rejects the pension reform.",
    )
    assert {"Parliament (Estonia)", "Parliament (Latvia)"} <= found.keys()
    assert "Parliament" not in found


def test_a_common_noun_capitalised_alone_is_no_entity(extractor):
    # The model tags "Tsunami" a place; the item writes "tsunami" in lower case too.
    item = "Tsunami warnings are issued after the quake; the tsunami reaches Estonia."
    assert kinds(extractor, item) == {"Estonia": "country"}


def test_a_body_named_with_its_country_in_any_form_has_one_key(lexicon):
    key = country_key("Ukrainian Armed Forces", lexicon)
    assert key == country_key("Armed Forces of Ukraine", lexicon) is not None
    assert country_key("Pakistani Navy", lexicon) == country_key("Pakistan Navy", lexicon)
    assert country_key("Ukrainian Navy", lexicon) != key
    assert country_key("Supreme Court", lexicon) is None
