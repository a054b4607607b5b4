"""The extractor's events: each dated by its own clause, then its governing clause's, then
the publication day."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.seeds import Document
from bot.seeds.document import Paragraph

PUBLISHED = dt.date(2025, 10, 9)  # a Thursday


def _events(extractor, text: str):
    document = Document("a.txt", PUBLISHED, "1" * 64, paragraphs=(Paragraph(text),))
    return extractor.extract(document)


@pytest.mark.parametrize(
    "text",
    [
        "Portugal wins this year's football cup.",
        "Chile declares Ana Rojas winner of yesterday's vote.",
        "The toll from Monday's flood in Chile rises to nine.",
    ],
)
def test_a_possessive_date_leaves_the_event_on_the_publication_day(extractor, text):
    (event,) = _events(extractor, text)
    assert (event.when.start, event.when.end, event.when.text) == (PUBLISHED, PUBLISHED, None)


def test_a_possessive_date_leaves_the_governing_clauses_date(extractor):
    text = "On Monday, Chile said that Peru wins this year's football cup."
    events = _events(extractor, text)
    assert events
    assert {e.when.start for e in events} == {dt.date(2025, 10, 6)}


def test_a_past_clause_keeps_the_date_of_the_event_it_names(extractor):
    (event,) = _events(extractor, "Nine soldiers were killed in yesterday's attack in Mali.")
    assert event.when.start == PUBLISHED - dt.timedelta(days=1)


def test_a_sentence_without_a_clause_is_an_event_with_an_empty_action(extractor):
    (event,) = _events(extractor, "Floods in Peru.")
    assert (event.action, event.actors, event.places) == ("", [], ["Peru"])
    assert event.when.start == PUBLISHED


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Drone attacks on Kharkiv injure twelve people.", "Kharkiv"),
        ("Heavy shelling in Tartus destroys a school.", "Tartus"),
    ],
)
def test_a_city_behind_a_preposition_is_a_place_not_an_actor(extractor, text, place):
    events = _events(extractor, text)
    assert any(place in e.places for e in events)
    assert not any(place in e.actors for e in events)


def test_a_city_that_acts_or_is_a_party_stays_an_actor(extractor):
    (event,) = _events(extractor, "Kharkiv declares a state of emergency.")
    assert "Kharkiv" in event.actors
    events = _events(extractor, "Moscow holds talks with Damascus.")
    assert any("Syria" in e.actors for e in events)


def test_a_country_name_written_inside_another_country_is_a_place_there(extractor):
    (event,) = _events(extractor, "A storm floods Savannah, Georgia, United States.")
    assert "Georgia (United States)" in event.places + event.actors
    assert "Georgia" not in event.places + event.actors
    (event,) = _events(extractor, "Protesters rally in Tbilisi, Georgia, against the law.")
    assert "Georgia" in event.places + event.actors


def test_a_list_of_countries_stays_countries(extractor):
    events = _events(extractor, "Leaders of Canada, China, Japan and France meet in Rome.")
    names = {n for e in events for n in e.places + e.actors}
    assert {"Canada", "China", "Japan", "France"} <= names
    assert not any("(" in n for n in names)
