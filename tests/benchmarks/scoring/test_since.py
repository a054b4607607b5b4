"""The /since recall scorer: undated items after the day, returned or not, and misdated."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.scoring.since import has_date_words, score_since
from bot.seeds import Document
from bot.seeds.document import Paragraph
from bot.store import StoredEvent

DAY = dt.date(2025, 7, 1)
ITEM = "Police in Chile arrest the leader of the opposition after a long investigation."
OTHER = "A court in Peru sentences a former minister to prison for corruption and fraud."


def _event(sentence: str, end: str, file: str = "b.txt") -> StoredEvent:
    return StoredEvent(
        1, end, end, "day", None, (), (), "arrest", None, sentence, file, None, end, ""
    )


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("Chile votes on Sunday.", True),
        ("Peru signs a treaty in March.", True),
        ("The 2024 election in Peru.", True),
        ("Chile votes in the sixties' style.", False),
        ("Chile may sign a treaty.", False),  # "may", not May
        ("Police in Chile arrest a man.", False),
    ],
)
def test_date_words(text, dated):
    assert has_date_words(text) is dated


def test_an_undated_item_after_the_day_is_returned_or_missing_and_misdated_counted():
    documents = {
        "a.txt": Document(
            "a.txt", DAY - dt.timedelta(days=1), "1" * 64, paragraphs=(Paragraph(ITEM),)
        ),
        "b.txt": Document("b.txt", DAY, "2" * 64, paragraphs=(Paragraph(ITEM), Paragraph(OTHER))),
    }
    early = _event(OTHER, "2025-06-30")
    score = score_since(documents, [_event(ITEM, "2025-07-01")], [early], DAY)
    assert (score.items, score.returned, score.returned_before) == (2, 1, 0)
    assert [f for f, _ in score.missing] == ["b.txt"]
    assert [f for f, _, _ in score.misdated] == ["b.txt"]
