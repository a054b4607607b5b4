"""The parse helpers: a verb's tense, a date's full span."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from bot.extraction.components import date_span, tense_of


@pytest.mark.parametrize(
    ("text", "tense"),
    [
        ("Putin met Trump on March 3.", "past"),
        ("Putin will meet Trump on March 3.", "future"),
        ("Markets stay closed until Friday.", "future"),
        ("Putin meets Trump on March 3.", None),
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
