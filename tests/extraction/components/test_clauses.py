"""The clause extractor (`briefing_clauses`): clauses, roles, attribution."""

from __future__ import annotations

import pytest

LONG = 3_000  # sentences: 18,000 tokens, far more than any paragraph of the corpora


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_and_whitespace_docs_have_no_clauses(blank, text):
    assert blank(text)._.clauses == []


def test_unparsed_doc_has_no_clauses(blank):
    doc = blank("Tartus " * 20_000)  # no parser in a blank pipeline
    assert doc._.clauses == []


def _deployed(clauses, sentences: int) -> None:
    assert len(clauses) == sentences
    assert [c.sentence_index for c in clauses] == list(range(sentences))
    for clause in clauses:
        assert clause.action == "deployed troops"
        assert {m.text: m.role for m in clause.mentions} == {"Russia": "actor", "Syria": "place"}
        assert [m.kind for m in clause.mentions] == ["country", "country"]


def test_long_parsed_doc_gives_every_sentence_its_clause(blank, parsed_doc):
    doc = blank(parsed_doc(LONG))
    _deployed(doc._.clauses, LONG)


def test_long_parsed_doc_through_pipe(blank, parsed_doc):
    docs = list(blank.pipe([parsed_doc(1), parsed_doc(LONG), blank("")]))
    _deployed(docs[0]._.clauses, 1)
    _deployed(docs[1]._.clauses, LONG)
    assert docs[2]._.clauses == []


def test_pipe_gives_same_clauses_as_single_calls(extractor):
    texts = ["Russia deployed troops to Syria in 2015.", "", "Ukraine engaged with Syria."]
    piped = [[c.action for c in d._.clauses] for d in extractor.nlp.pipe(texts)]
    single = [[c.action for c in extractor.nlp(t)._.clauses] for t in texts]
    assert piped == single
    assert piped[0] == ["deployed troops"]
    assert piped[1] == []


def test_clause_roles_place_versus_actor(extractor):
    doc = extractor.nlp("Russia deployed troops to Syria.")
    (clause,) = doc._.clauses
    roles = {m.text: m.role for m in clause.mentions}
    assert roles == {"Russia": "actor", "Syria": "place"}


def test_outlet_subject_of_report_verb_is_attribution(extractor):
    doc = extractor.nlp("Moscow demanded talks, Reuters reported on Jan. 28.")
    assert all(c.attribution == "Reuters" for c in doc._.clauses)
    assert any(c.reporting for c in doc._.clauses)
    assert all(m.text != "Reuters" for c in doc._.clauses for m in c.mentions)


def test_the_country_is_marked_as_a_place_named_earlier(extractor):
    doc = extractor.nlp("Troops stayed in the country for years.")
    assert any(c.country_anaphora for c in doc._.clauses)


def test_dates_carry_the_tense_of_their_verb(extractor):
    (clause,) = extractor.nlp("Putin will meet Trump on March 3.")._.clauses
    assert [(d.text, d.attach, d.tense) for d in clause.dates] == [("March 3", "verb", "future")]


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        # A date before a noun (a possessive) dates that noun: the extractor decides.
        ("Portugal wins this year's football cup.", [("this year", "attribute")]),
        ("Chile declares Ana Rojas winner of yesterday's vote.", [("yesterday", "attribute")]),
        ("The toll from Monday's flood in Chile rises to nine.", [("Monday", "attribute")]),
        ("Spain will host next year's summit with France.", [("next year's", "attribute")]),
        # A date that governs the clause is the verb's.
        ("Germany signs the treaty with France on Monday.", [("Monday", "verb")]),
        ("Nine soldiers were killed in yesterday's attack in Mali.", [("yesterday", "attribute")]),
        (
            "Last year's winner France won again on Sunday.",
            [("Last year's", "attribute"), ("Sunday", "verb")],
        ),
    ],
)
def test_each_date_is_kept_with_where_it_attaches(extractor, text, dates):
    doc = extractor.nlp(text)
    root = next(c for c in doc._.clauses if c.parent is None)
    assert [(d.text, d.attach) for d in root.dates] == dates


@pytest.mark.parametrize(
    ("text", "action", "mentions"),
    [
        # The parser finds no clause head; the verb nearest the root is the action.
        ("A truck overturned in Kenya, killing 10 and injuring 15.", "overturned", ["Kenya"]),
        # Headline present tense read as a noun that still takes a subject.
        ("Police in Senegal arrest over 300 people amid protests.", "arrest", ["Senegal"]),
        # No verb at all: the entities still make an event, its action empty, never invented.
        ("Floods in Peru.", "", ["Peru"]),
    ],
)
def test_a_sentence_without_a_clause_still_gives_its_entities_one(
    extractor, text, action, mentions
):
    (clause,) = extractor.nlp(text)._.clauses
    assert clause.action == action
    assert [m.text for m in clause.mentions] == mentions
    assert clause.parent is None


def test_a_headless_sentence_keeps_its_dates(extractor):
    (clause,) = extractor.nlp("Heavy floods in Peru on Monday.")._.clauses
    assert [d.text for d in clause.dates] == ["Monday"]


def test_a_headless_sentence_without_an_entity_gives_no_clause(extractor):
    assert extractor.nlp("Heavy floods in the north.")._.clauses == []


def test_a_verbless_fragment_beside_a_clause_is_no_clause(extractor):
    doc = extractor.nlp("Chile signs a trade deal with Peru in Lima. North Peru (Andina).")
    assert [c.action for c in doc._.clauses] == ["signs trade deal"]


def test_a_heading_without_a_clause_is_no_clause(extractor):
    assert extractor.nlp("2024 Peru floods")._.clauses == []
