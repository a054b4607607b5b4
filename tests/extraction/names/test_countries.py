"""Country names in all their forms (pycountry) map to the store's one country name."""

from __future__ import annotations

import pytest

from bot.extraction.names.countries import country_forms, initials
from bot.extraction.names.lexicon import geonames_countries


@pytest.mark.parametrize(
    ("surface", "country"),
    [
        ("Türkiye", "Turkey"),
        ("Turkiye", "Turkey"),
        ("Czech Republic", "Czechia"),
        ("Côte d'Ivoire", "Ivory Coast"),
        ("Cote d'Ivoire", "Ivory Coast"),
        ("Burma", "Myanmar"),  # a former name whose ISO 3166-3 code points to MM
        ("Syrian Arab Republic", "Syria"),
        ("Republic of Korea", "South Korea"),
        ("Viet Nam", "Vietnam"),
        ("Russian Federation", "Russia"),
        ("USA", "United States"),
        ("U.S.A.", "United States"),
        ("UAE", "United Arab Emirates"),
        ("DPRK", "North Korea"),
        ("DRC", "Democratic Republic of the Congo"),
    ],
)
def test_country_forms_reach_the_stores_name(lexicon, surface, country):
    assert lexicon.canonical(surface, acting=False, label="GPE") == country


def test_a_form_two_countries_share_is_left_out():
    forms, _ = country_forms(geonames_countries())
    assert "korea" not in forms  # "Korea, Republic of" and "Korea, Democratic People's ..."
    assert "congo" not in forms or forms["congo"] != "Democratic Republic of the Congo"


def test_initials_match_only_in_capitals(lexicon):
    assert lexicon.canonical("Car", acting=False) == "Car"
    assert lexicon.canonical("CAR", acting=False) == "Central African Republic"


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("United Arab Emirates", "UAE"),
        ("United States of America", "USA"),
        ("Democratic Republic of the Congo", "DRC"),
        ("Ukraine", None),
        ("South Sudan", None),  # two letters clash with too much else
    ],
)
def test_initials(name, short):
    assert initials(name) == short


def test_a_curated_alias_beats_a_country_form():
    from bot.extraction.names import Lexicon

    assert (
        Lexicon.load('[aliases]\n"Burma" = "Burma"\n').canonical("Burma", acting=False) == "Burma"
    )
