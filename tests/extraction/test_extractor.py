"""The extractor's events: each dated by its own clause, then its governing clause's, then
the publication day."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.seeds import Document, parse_seed
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


# --- dates the normaliser reads by category (issue 14) ------------------------------------

EARLY = dt.date(2025, 2, 10)  # early in the year: a bare "November 20" is nearest in 2024


def _dated(extractor, text: str, published: dt.date = PUBLISHED):
    document = Document("a.txt", published, "1" * 64, paragraphs=(Paragraph(text),))
    found, events = extractor.analyse(document)
    dates = [(f.text, f.when and (f.when.start, f.when.end)) for f in found if f.label == "DATE"]
    return dates, events


@pytest.mark.parametrize(
    "text",
    [
        "The referendum in Chile is to be held from November 20 to December 11.",
        "Voters in Chile are set to vote from November 20 to December 11.",
        "The summit in Chile is due to take place between November 20 and December 11.",
    ],
)
def test_an_infinitive_that_looks_ahead_moves_a_bare_day_forward(extractor, text):
    dates, events = _dated(extractor, text, EARLY)
    interval = (dt.date(2025, 11, 20), dt.date(2025, 12, 11))
    assert dates == [("November 20", (interval[0],) * 2), ("December 11", (interval[1],) * 2)]
    # A plan is news of the day it is reported; its date is kept as scheduled.
    assert (events[0].when.start, events[0].when.end) == (EARLY, EARLY)
    assert [(d.role, d.when.start, d.when.end) for d in events[0].dates] == [
        ("scheduled", *interval)
    ]


def test_a_plan_that_was_to_happen_is_not_moved_forward(extractor):
    dates, events = _dated(extractor, "The vote in Chile was to be held on November 20.", EARLY)
    assert dates == [("November 20", (dt.date(2024, 11, 20),) * 2)]
    assert [d.role for d in events[0].dates] != ["scheduled"]


def test_a_range_between_two_years_is_one_interval_and_two_dates(extractor):
    dates, events = _dated(extractor, "The war in Sudan killed 900 people between 2019 and 2021.")
    assert (events[0].when.start, events[0].when.end) == (
        dt.date(2019, 1, 1),
        dt.date(2021, 12, 31),
    )
    assert [d for d, _ in dates] == ["2019", "2021"]


def test_two_years_joined_by_and_are_not_a_range(extractor):
    dates, _ = _dated(extractor, "Peru held elections in 2016 and 2021.")
    assert all(when is None or when[0].year == when[1].year for _, when in dates)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Germany was reunified 35 years ago, Angela Merkel said.", (1990, 1, 1), (1990, 12, 31)),
        ("A decade ago, Greece defaulted on its debt.", (2015, 1, 1), (2015, 12, 31)),
        ("Croatia was part of Yugoslavia in the 1990s.", (1990, 1, 1), (1999, 12, 31)),
        ("The Beatles dominated Britain in the sixties.", (1960, 1, 1), (1969, 12, 31)),
        ("Germany fought two wars in the 20th century.", (1900, 1, 1), (1999, 12, 31)),
    ],
)
def test_years_ago_decades_and_centuries_date_the_years_they_name(extractor, text, start, end):
    _, events = _dated(extractor, text)
    (mentioned,) = events[0].dates
    assert (mentioned.when.start, mentioned.when.end) == (dt.date(*start), dt.date(*end))


def test_a_number_that_counts_things_is_not_a_year(extractor):
    dates, events = _dated(extractor, "A survey of 1709 schoolchildren in France found a rise.")
    assert dates == []
    assert events[0].when.start == PUBLISHED


def test_a_number_before_a_determined_noun_is_still_a_year(extractor):
    dates, events = _dated(extractor, "The 2024 elections in Peru were marred by fraud.")
    assert dates == [("2024", (dt.date(2024, 1, 1), dt.date(2024, 12, 31)))]
    # It dates the elections, not the news item: kept as background.
    assert (events[0].when.start, [d.role for d in events[0].dates]) == (
        PUBLISHED,
        ["background"],
    )


@pytest.mark.parametrize(
    "text",
    [
        "Real Madrid scored twice in the second half against Barcelona.",
        "Brazil led Chile in the first half in Santiago.",
    ],
)
def test_a_match_half_is_not_a_half_of_the_year(extractor, text):
    _, events = _dated(extractor, text)
    assert (events[0].when.start, events[0].when.end) == (PUBLISHED, PUBLISHED)


def test_a_half_with_its_year_is_a_half_of_the_year(extractor):
    _, events = _dated(extractor, "Ford sold more cars in Peru in the first half of 2024.")
    assert (events[0].when.start, events[0].when.end) == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))


def test_the_same_day_is_the_day_named_last(extractor):
    text = "Chile held a vote on Monday. Peru reported its results the same day."
    dates, events = _dated(extractor, text)
    monday = dt.date(2025, 10, 6)
    assert [e.when.start for e in events] == [monday, monday]
    assert ("the same day", (monday, monday)) in dates


def test_the_day_without_a_day_named_before_is_the_publication_day(extractor):
    dates, _ = _dated(extractor, "The Dow Jones fell 3% on the day in New York.")
    assert ("the day", (PUBLISHED, PUBLISHED)) in dates


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Ford has announced cuts at its plant in Chile in November.", 2024),  # present perfect
        ("The cuts announced in November by Ford were cancelled.", 2024),  # reduced relative
        ("A November 20 hearing has been scheduled by the court in Chile.", 2025),  # the noun's
    ],
)
def test_a_participle_looks_back_unless_the_date_belongs_to_a_noun(extractor, text, year):
    dates, _ = _dated(extractor, text, dt.date(2025, 6, 1))  # November 2025 is nearer
    assert dates and dates[0][1][0].year == year


def test_the_same_day_is_not_a_day_another_paragraph_named(extractor):
    paragraphs = (Paragraph("Chile held a vote on Monday."), Paragraph("Peru voted the same day."))
    document = Document("a.txt", PUBLISHED, "1" * 64, paragraphs=paragraphs)
    assert [e.when.start for e in extractor.extract(document)] == [dt.date(2025, 10, 6), PUBLISHED]


def test_a_participle_that_schedules_looks_ahead(extractor):
    text = "Peru announces an election scheduled for June 3."
    dates, _ = _dated(extractor, text, dt.date(2025, 9, 1))  # June 2025 is nearer
    assert dates[0][1][0] == dt.date(2026, 6, 3)


def test_a_headline_verb_read_as_a_noun_still_heads_its_clause(extractor):
    # The tagger reads "launch" as a noun and the root of the sentence; it has a subject.
    events = _events(
        extractor, "The Houthis launch a ballistic missile at Israel, which is intercepted."
    )
    assert any("Houthis" in e.actors and "launch" in e.action for e in events)


def test_an_entity_under_no_clause_belongs_to_the_main_clause(extractor):
    # "parliament votes" is read as a compound noun; the demonym still names the actor.
    events = _events(extractor, "The Slovak parliament votes to abolish the whistleblower office.")
    assert any("Slovakia" in e.actors for e in events)


# --- headings are no news (issue 25) -------------------------------------------------------

# A section heading, a story line under it (a heading too), then the news item.
HEADED = (
    "date 2025-06-22\n\nArmed conflicts and attacks\n\nFrance strikes on Syrian oil sites\n\n"
    "Chile sends troops to the border with Peru. (AP)\n"
)


def test_a_heading_is_not_extracted_as_an_event(extractor):
    events = extractor.extract(parse_seed(HEADED, "a.txt"))
    assert events
    assert {(e.paragraph, e.section) for e in events} == {(2, "Armed conflicts and attacks")}


def test_a_heading_gives_no_entity_or_date_to_inspect(extractor):
    found, events = extractor.analyse(parse_seed(HEADED, "a.txt"))
    assert {f.paragraph for f in found} == {e.paragraph for e in events} == {2}


def test_a_document_of_headings_alone_comes_in_its_turn_without_events(extractor):
    headings = Document(
        "a.txt", PUBLISHED, "1" * 64, paragraphs=(Paragraph("France strikes Syria", heading=True),)
    )
    news = Document("b.txt", PUBLISHED, "2" * 64, paragraphs=(Paragraph("Chile moves troops."),))
    out = list(extractor.extract_many([headings, news, headings]))
    assert [(d.file, len(events) > 0) for d, events in out] == [
        ("a.txt", False),
        ("b.txt", True),
        ("a.txt", False),
    ]


def test_a_sentence_the_parser_cuts_after_a_name_is_stored_whole(extractor):
    # The parser ends a sentence after "D.C."; the clauses keep the sentence as written,
    # so no list shows a piece of one.
    text = (
        "U.S. district judge for the District Court of D.C. Trevor N. McFadden orders the"
        " White House to restore the Associated Press's access to press events."
    )
    doc = extractor.nlp(text)
    assert len(list(doc.sents)) >= 2  # the parser's cut, which this guards against
    assert doc._.clauses and {c.sentence for c in doc._.clauses} == {text}
