"""The item's date (issue 22): a news item is dated by the happening it reports, never by a
year its sentence mentions. One test per category of mentioned date, on sentences made up
for the purpose (the real model parses them); the dates are kept with their role."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.seeds import Document
from bot.seeds.document import Paragraph

PUBLISHED = dt.date(2025, 10, 9)  # a Thursday


def _events(extractor, text: str):
    document = Document("a.txt", PUBLISHED, "1" * 64, paragraphs=(Paragraph(text),))
    return extractor.extract(document)


def _main(extractor, text: str):
    events = _events(extractor, text)
    assert events, text
    return events[0]


@pytest.mark.parametrize(
    ("text", "mentioned", "role"),
    [
        # a comparison: the year is the yardstick
        ("Chile's inflation is higher than in 2019, the central bank says.", "2019", "background"),
        # a superlative or an ordinal with "since"
        ("Floods in Peru kill 40 people, the deadliest floods since 1998.", "1998", "background"),
        ("Brazil wins the cup for the first time since 2002.", "2002", "background"),
        # a trailing "since": the baseline of a state
        ("Police in Peru detain a man, having sought him since 2017.", "2017", "background"),
        # a target or a deadline
        ("Norway pledges to cut its emissions by half by 2035.", "2035", "deadline"),
        ("The ban in Chile stays in force until 2040.", "2040", "deadline"),
        # a relative clause recalls history
        (
            "Police in Kenya arrest a man who robbed a bank in Nairobi in 2016.",
            "2016",
            "background",
        ),
        # a plan: scheduled, the item is its announcement
        ("Ghana says the vote will be held on 14 December.", "14 December", "scheduled"),
        # a length of time
        ("Rebels in Mali have held the town for six years.", "six years", "duration"),
        # a date before a noun dates the noun
        ("Iran executes two men for a 2019 bombing in Zahedan.", "2019", "background"),
        # an offset from another happening
        (
            "Peru's finance minister resigns three days after being appointed.",
            "three days",
            "background",
        ),
        (
            "Chile's new destroyer is launched, having sunk two weeks prior.",
            "two weeks",
            "background",
        ),
        # a point ahead, and a span up to now (what a count covers)
        ("Aid agencies say Gaza will run out of fuel in a few days.", "a few days", "scheduled"),
        (
            "At least 30 people have been killed in Peru in the past two days.",
            "the past two days",
            "duration",
        ),
        # a limit named by a holiday the calendar rules cannot place
        ("Israel agrees to extend the ceasefire in Gaza through Ramadan.", "Ramadan", "deadline"),
    ],
)
def test_a_mentioned_date_never_dates_the_item(extractor, text, mentioned, role):
    event = _main(extractor, text)
    assert (event.when.start, event.when.end, event.when.text) == (PUBLISHED, PUBLISHED, None)
    assert [(d.text, d.role) for d in event.dates] == [(mentioned, role)]


def test_a_number_that_names_is_never_a_date_of_the_item(extractor):
    for text in (
        "The Security Council adopts Resolution 2417 on Yemen.",
        "Spain bids to host Expo 2035.",
    ):
        event = _main(extractor, text)
        assert event.when.start == PUBLISHED
        assert all(d.role == "name" for d in event.dates)
    # A number the model takes for a year, after the proper noun it names.
    event = _main(extractor, "Lucia Perez is crowned Miss Peru 2024.")
    assert event.when.start == PUBLISHED
    assert [(d.text, d.role) for d in event.dates] == [("2024", "name")]


def test_a_relative_clause_never_dates_its_events_even_when_recent(extractor):
    events = _events(extractor, "Chile frees a journalist who was arrested in Santiago on Monday.")
    assert len(events) == 2
    assert {e.when.start for e in events} == {PUBLISHED}
    assert {(d.text, d.role) for e in events for d in e.dates} == {("Monday", "background")}


def test_the_main_clause_past_dates_the_item_however_old(extractor):
    event = _main(extractor, "Spain joined the European Union in 1986.")
    assert (event.when.start, event.when.end) == (dt.date(1986, 1, 1), dt.date(1986, 12, 31))
    assert [(d.text, d.role) for d in event.dates] == [("1986", "item")]


def test_a_recent_day_dates_a_present_tense_item(extractor):
    event = _main(extractor, "On Monday, police in Chile arrest 20 people.")
    assert event.when.start == dt.date(2025, 10, 6)


def test_what_a_report_recounts_from_long_ago_is_background(extractor):
    events = _events(extractor, "Amnesty says that Peru jailed 300 protesters in 2021.")
    assert {e.when.start for e in events} == {PUBLISHED}
    assert {d.role for e in events for d in e.dates} == {"background"}


@pytest.mark.parametrize(
    "text",
    [
        "Chile will hold a referendum on 20 December.",
        "Peru announces that its new airport opens in 2027.",
        "Ecuador's new law takes effect on 1 November.",
    ],
)
def test_no_item_is_dated_after_its_publication(extractor, text):
    for event in _events(extractor, text):
        assert event.when.end <= PUBLISHED
        assert any(d.role in ("scheduled", "deadline") for d in event.dates)
