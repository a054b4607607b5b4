"""The pipeline components, on a blank pipeline and on the real model."""

from __future__ import annotations

import pytest
import spacy

from bot.extraction.components import add_components
from bot.extraction.names import Lexicon
from tests.conftest import SEEDS


def _blank():
    nlp = spacy.blank("en")
    add_components(nlp, Lexicon.load(SEEDS))
    return nlp


def test_blank_pipeline_accepts_empty_whitespace_and_long_docs():
    nlp = _blank()
    for text in ["", "   \n\t ", "Tartus " * 20000]:
        doc = nlp(text)
        assert doc._.clauses == []  # no parser: no clauses, and no crash


def test_gazetteer_ruler_labels_known_places_on_blank_pipeline():
    doc = _blank()("The base in Tartus and the Khmeimim airbase, Reuters said.")
    labels = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("Tartus", "GPE", "city|Tartus") in labels
    assert ("Khmeimim", "FAC", "facility|Khmeimim") in labels
    assert ("Reuters", "ORG", "outlet|Reuters") in labels


def test_gazetteer_corrects_ner_after_it(extractor):
    names = extractor.nlp.pipe_names
    assert names.index("gazetteer") == names.index("ner") + 1
    assert names[-1] == "briefing_clauses"


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("Storms hit the Gulf of Mexico on Monday.", "Gulf of Mexico"),
        ("Voters in New Jersey went to the polls.", "New Jersey"),
        ("Russia shelled Donetsk Oblast overnight.", "Donetsk Oblast"),
    ],
)
def test_longer_names_around_known_places_stay_whole(extractor, text, entity):
    from bot.extraction.names import clean_name

    assert entity in [clean_name(e.text) for e in extractor.nlp(text).ents]


def test_small_model_misses_are_fixed(extractor):
    doc = extractor.nlp("Kyiv and Damascus share views on Tartus, Bloomberg reported.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels["Kyiv"] == "GPE"
    assert labels["Tartus"] == "GPE"
    assert labels["Bloomberg"] == "ORG"


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


def test_tense_of_the_governing_verb(extractor):
    from bot.extraction.components import tense_of

    cases = {
        "Putin met Trump on March 3.": "past",
        "Putin will meet Trump on March 3.": "future",
        "Markets stay closed until Friday.": "future",
        "Putin meets Trump on March 3.": None,
    }
    for text, tense in cases.items():
        doc = extractor.nlp(text)
        (date,) = [e for e in doc.ents if e.label_ == "DATE"]
        assert tense_of(date.root) == tense, text


def test_an_office_resolves_to_its_holder_on_the_publication_date(extractor):
    from bot.seeds import parse_seed

    for day, holder in (("2024-06-01", "Joe Biden"), ("2025-06-01", "Donald Trump")):
        document = parse_seed(f"date {day}\n\nThe U.S. President met Macron in Paris.", "a.txt")
        (event,) = extractor.extract(document)
        assert holder in event.actors
        assert "President of the United States" in event.surfaces[holder]


def test_split_country_names_are_joined(extractor):
    doc = extractor.nlp("Rebels advanced in the Democratic Republic of the Congo.")
    assert "Democratic Republic of the Congo" in [e.text for e in doc.ents]
