"""Plain-text rendering for the console."""

from __future__ import annotations

from bot.fronts.console.render import render, sentence_lines, when_label
from bot.replies import SearchReply, SinceReply
from tests.factories import sentences_of, stored_sentence
from tests.factories import stored_event as _ev


def test_a_sentence_with_two_events_is_listed_once():
    events = [_ev(2, "Moscow may assist Damascus."), _ev(1, "Moscow may assist Damascus.")]
    assert sentence_lines([stored_sentence(*events)]) == [
        "  1. 2025-02-17 | Moscow may assist Damascus. [a.txt, 2025-02-17]"
    ]


def test_since_text_counts_every_sentence_and_says_when_empty():
    assert render(SinceReply("2030-01-01", [], 0)) == "Nothing in the store since 2030-01-01."
    text = render(SinceReply("2025-01-01", sentences_of([_ev(1, "A happened.")]), 3))
    assert text.startswith("3 sentences since 2025-01-01") and "2 more" in text


def test_a_later_page_numbers_on_from_the_pages_before():
    sentences = sentences_of(_ev(i, f"Sentence {i}.") for i in range(11, 14))
    text = render(SearchReply("sentence", sentences, 13), page=1)
    assert text.splitlines()[0] == "13 sentences with “sentence”, newest first:"
    assert [line[:5] for line in text.splitlines()[1:]] == ["  11.", "  12.", "  13."]


def test_when_labels():
    ev = _ev(1, "x")
    assert when_label(ev) == "2025-02-17"
    month = ev.__class__(
        **{
            **ev.__dict__,
            "when_start": "2024-12-01",
            "when_end": "2024-12-31",
            "granularity": "month",
        }
    )
    assert when_label(month) == "Dec 2024"
    year = ev.__class__(
        **{
            **ev.__dict__,
            "when_start": "2015-01-01",
            "when_end": "2015-12-31",
            "granularity": "year",
        }
    )
    assert when_label(year) == "2015"
