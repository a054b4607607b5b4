"""The language filter skips no English news: every news item of the current-events
report half (July-December) is kept, alone and behind a title that has no language of
its own (benchmarks/language.py has the table); French and Spanish are skipped."""

from __future__ import annotations

import pytest

from benchmarks.wire import items
from bot.feeds.language import language_of
from tests.conftest import shared


@pytest.mark.corpus
def test_no_english_news_item_is_taken_for_another_language():
    shared("corpus", "current-events", "2025")
    texts = items(("07", "08", "09", "10", "11", "12"))
    assert len(texts) > 2000
    skipped = [t for t in texts for s in (t, f"Item 12\n{t}") if language_of(s) not in (None, "en")]
    assert skipped == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Le gouvernement a annoncé mardi une nouvelle réforme des retraites.", "fr"),
        ("El gobierno anunció el martes una nueva reforma de las pensiones.", "es"),
        ("The government announced a new pension reform on Tuesday, officials said.", "en"),
    ],
)
def test_a_sentence_is_told_by_its_language(text, lang):
    assert language_of(text) == lang
