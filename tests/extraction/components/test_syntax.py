"""The parse helpers: a verb's tense, a date's full span, a date that modifies a noun."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from bot.extraction.components import date_span, tense_of
from bot.extraction.components.syntax import modifies_noun


@pytest.mark.parametrize(
    ("text", "tense"),
    [
        ("Putin met Trump on March 3.", "past"),
        ("Putin will meet Trump on March 3.", "future"),
        ("Markets stay closed until Friday.", "future"),
        ("Putin meets Trump on March 3.", None),
        ("The summit is to be held on March 3.", "future"),
        ("The summit was to be held on March 3.", None),
        ("Putin has met Trump in March.", "past"),
    ],
)
def test_tense_of_the_governing_verb(extractor, text, tense):
    doc = extractor.nlp(text)
    (date,) = [e for e in doc.ents if e.label_ == "DATE"]
    assert tense_of(date.root) == tense, text


@pytest.mark.parametrize(
    ("words", "ents", "span"),
    [
        (["Talks", "ended", "this", "year"], ["O", "O", "O", "B-DATE"], "this year"),
        (["Talks", "ended", "last", "week"], ["O", "O", "O", "B-DATE"], "last week"),
        (["Talks", "ended", "this", "year"], ["O", "O", "B-DATE", "I-DATE"], "this year"),
        (["This", "year"], ["O", "B-DATE"], "This year"),
        (["Talks", "ended", "in", "May"], ["O", "O", "O", "B-DATE"], "May"),
    ],
)
def test_date_span_takes_the_modifier_the_model_left_out(blank, words, ents, span):
    doc = Doc(blank.vocab, words=words, ents=ents, sent_starts=[True] + [False] * (len(words) - 1))
    (date,) = doc.ents
    assert date_span(date).text == span


def test_date_span_stays_inside_its_sentence(blank):
    words = ["It", "ended", "this", "Next", "year"]
    doc = Doc(
        blank.vocab,
        words=words,
        ents=["O", "O", "O", "O", "B-DATE"],
        sent_starts=[True, False, False, True, False],
    )
    (date,) = doc.ents
    assert date_span(date).text == "Next year"


@pytest.mark.parametrize(
    ("text", "possessive"),
    [
        ("Portugal wins this year's football cup.", True),
        ("Spain hosts last week's delayed summit.", True),
        ("The toll from Monday's flood in Chile rises to nine.", True),
        ("Germany signs the treaty on Monday.", False),
        ("Germany signed the treaty last week.", False),
        ("Italy holds elections in March.", False),
    ],
)
def test_a_possessive_date_modifies_its_noun(extractor, text, possessive):
    doc = extractor.nlp(text)
    (date,) = [e for e in doc.ents if e.label_ == "DATE"]
    assert modifies_noun(date) is possessive, text


def test_a_possessive_marker_inside_the_entity_is_a_possessive(blank):
    # "last week's" as one DATE entity, "'s" on "week", "week" under the noun "vote".
    words = ["Chile", "held", "last", "week", "'s", "vote"]
    doc = Doc(
        blank.vocab,
        words=words,
        heads=[1, 1, 3, 5, 3, 1],
        deps=["nsubj", "ROOT", "amod", "nmod", "case", "dobj"],
        pos=["PROPN", "VERB", "ADJ", "NOUN", "PART", "NOUN"],
        tags=["NNP", "VBD", "JJ", "NN", "POS", "NN"],
        ents=["B-GPE", "O", "B-DATE", "I-DATE", "I-DATE", "O"],
    )
    date = next(e for e in doc.ents if e.label_ == "DATE")
    assert modifies_noun(date)


def test_a_possessive_marker_shows_it_where_the_parse_misattached_the_date(blank):
    # "of last week's final" with "week" parsed as the object of "of" and "final" under it.
    words = ["Chile", "won", "a", "rematch", "of", "last", "week", "'s", "final"]
    doc = Doc(
        blank.vocab,
        words=words,
        heads=[1, 1, 3, 1, 3, 6, 4, 6, 6],
        deps=["nsubj", "ROOT", "det", "dobj", "prep", "amod", "pobj", "case", "amod"],
        pos=["PROPN", "VERB", "DET", "NOUN", "ADP", "ADJ", "NOUN", "PART", "ADJ"],
        tags=["NNP", "VBD", "DT", "NN", "IN", "JJ", "NN", "POS", "JJ"],
        ents=["B-GPE", "O", "O", "O", "O", "B-DATE", "I-DATE", "I-DATE", "O"],
    )
    date = next(e for e in doc.ents if e.label_ == "DATE")
    assert modifies_noun(date)


def test_a_contraction_is_not_a_possessive(blank):
    # "Monday 's" where "'s" is the verb "is" ("Monday's the deadline").
    words = ["Monday", "'s", "the", "deadline"]
    doc = Doc(
        blank.vocab,
        words=words,
        heads=[1, 1, 3, 1],
        deps=["nsubj", "ROOT", "det", "attr"],
        pos=["PROPN", "AUX", "DET", "NOUN"],
        tags=["NNP", "VBZ", "DT", "NN"],
        ents=["B-DATE", "O", "O", "O"],
    )
    (date,) = doc.ents
    assert not modifies_noun(date)


def test_date_span_leaves_a_word_that_modifies_something_else(extractor):
    doc = extractor.nlp("Police said that today the roads in Chile are closed.")
    (date,) = [e for e in doc.ents if e.label_ == "DATE"]
    assert date_span(date).text == "today"
