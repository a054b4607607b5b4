"""The gazetteer fixer (`briefing_gazetteer`): the model's entities corrected with known names."""

from __future__ import annotations

import pytest

from bot.extraction.names import clean_name


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_and_whitespace_docs_have_no_entities(blank, text):
    assert blank(text).ents == ()


def test_long_doc_labels_every_known_name(blank):
    count = 20_000
    doc = blank("Tartus " * count)
    assert len(doc.ents) == count
    assert {(e.label_, e.ent_id_) for e in doc.ents} == {("GPE", "city|Tartus")}


def test_long_doc_through_pipe(blank):
    docs = list(blank.pipe(["Reuters", "Tartus " * 20_000, ""]))
    assert [len(d.ents) for d in docs] == [1, 20_000, 0]


def test_gazetteer_ruler_labels_known_places_on_blank_pipeline(blank):
    doc = blank("The base in Tartus and the Khmeimim airbase, Reuters said.")
    labels = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
    assert ("Tartus", "GPE", "city|Tartus") in labels
    assert ("Khmeimim", "FAC", "facility|Khmeimim") in labels
    assert ("Reuters", "ORG", "outlet|Reuters") in labels


def test_admin_suffix_joins_its_place(blank):
    (ent,) = blank("Shelling hit Tartus Governorate overnight.").ents
    assert (ent.text, ent.label_) == ("Tartus Governorate", "GPE")


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
    assert entity in [clean_name(e.text) for e in extractor.nlp(text).ents]


def test_small_model_misses_are_fixed(extractor):
    doc = extractor.nlp("Kyiv and Damascus share views on Tartus, Bloomberg reported.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels["Kyiv"] == "GPE"
    assert labels["Tartus"] == "GPE"
    assert labels["Bloomberg"] == "ORG"


def test_split_country_names_are_joined(extractor):
    doc = extractor.nlp("Rebels advanced in the Democratic Republic of the Congo.")
    assert "Democratic Republic of the Congo" in [e.text for e in doc.ents]


@pytest.mark.parametrize(
    ("words", "ents", "person"),
    [
        # The model cut the name after "der" and took the surname for a place.
        (
            ["Ursula", "von", "der", "Leyen", "spoke"],
            [(0, 3, "PERSON"), (3, 4, "GPE")],
            "Ursula von der Leyen",
        ),
        # ... or left the surname out of every entity.
        (["Coach", "Louis", "van", "Gaal", "resigns"], [(1, 3, "PERSON")], "Louis van Gaal"),
    ],
)
def test_a_name_cut_after_a_surname_particle_takes_the_surname(blank, words, ents, person):
    from spacy.tokens import Doc, Span

    doc = Doc(blank.vocab, words=words)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    doc = blank.get_pipe("gazetteer")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [(person, "PERSON")]


def test_a_particle_before_a_lower_case_word_takes_nothing_and_is_dropped(blank):
    from spacy.tokens import Doc, Span

    doc = Doc(blank.vocab, words=["Maria", "da", "silva", "said"])
    doc.ents = [Span(doc, 0, 2, label="PERSON")]
    assert [e.text for e in blank.get_pipe("gazetteer")(doc).ents] == ["Maria"]
