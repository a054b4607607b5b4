"""Kinds from data and seats of government (issue 24): a place the geography data knows is a
place where its sentence puts it, whatever the model's label; a one-word name after "the"
is no person; a disease is no organisation; every capital acts for its country."""

from __future__ import annotations

import pytest

from bot.extraction.names.places import known_places, seats_of_government
from tests.extraction.names.news import kinds


def test_cities_and_regions_come_from_the_geography_data():
    places = known_places()
    # A city under a million people, one known by another spelling, a first-level region.
    assert places["kindu"] == places["sweida"] == "city"
    assert places["kerala"] == "region"


def test_every_capital_the_data_can_tell_apart_is_a_seat_of_government():
    seats = seats_of_government()
    assert seats["dhaka"] == "Bangladesh"
    assert seats["naypyitaw"] == "Myanmar"  # "Nay Pyi Taw" written in one word
    # A capital named like a bigger city elsewhere, or like its own country, is none.
    assert "hamilton" not in seats
    assert "singapore" not in seats


@pytest.mark.parametrize(
    ("item", "name", "kind"),
    [
        # The model tags the city an organisation; "the city of" makes it a place.
        ("Government forces retake the city of Kindu from the rebels.", "Kindu", "place"),
        # A one-word name after "the" is no person's.
        ("The Garrison conducts a raid on the compound.", "Garrison", "organisation"),
    ],
)
def test_kinds_come_from_the_data_and_the_sentence(extractor, item, name, kind):
    assert kinds(extractor, item).get(name) == kind


def test_a_disease_is_no_organisation(extractor):
    assert "Kelvara" not in kinds(
        extractor, "Hospitals fill up during the Kelvara pandemic in Estonia."
    )


@pytest.mark.parametrize(
    ("item", "found"),
    [
        ("Dhaka says it will retaliate against the tariffs.", {"Bangladesh": "country"}),
        ("Nepal holds talks with Dhaka.", {"Nepal": "country", "Bangladesh": "country"}),
        ("Protesters gather in Dhaka.", {"Dhaka": "place"}),
        # Named as the city it is, or as its possessor: a place.
        ("Its capital Dhaka enters a lockdown.", {"Dhaka": "place"}),
        ("Flights to Dhaka's airport are suspended.", {"Dhaka": "place"}),
    ],
)
def test_a_capital_acting_is_its_country_and_a_place_where_it_is_one(extractor, item, found):
    assert kinds(extractor, item) == found
