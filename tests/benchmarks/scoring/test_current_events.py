"""The current-events gold rows mapped onto our paragraphs."""

from __future__ import annotations

import datetime as dt

from benchmarks.scoring.current_events import map_paragraphs, strip_citations
from bot.seeds import Document, Paragraph


def test_current_events_rows_map_by_text_not_index():
    document = Document(
        file="d.txt",
        published=dt.date(2025, 1, 1),
        sha256="x",
        paragraphs=(
            Paragraph("Armed conflicts and attacks"),
            Paragraph("Israel strikes Gaza.", ("Reuters",)),
            Paragraph("Russia and Ukraine trade prisoners. (bne), (AP)"),
        ),
    )
    rows = [
        {"text": "Israel strikes Gaza. (Reuters)"},
        {"text": "Russia and Ukraine trade prisoners. (bne), (AP)"},
    ]
    assert strip_citations(rows[0]["text"]) == "Israel strikes Gaza."
    assert map_paragraphs(document, rows) == [1, 2]


def test_a_row_with_no_paragraph_like_it_maps_to_none():
    document = Document(
        file="d.txt",
        published=dt.date(2025, 1, 1),
        sha256="x",
        paragraphs=(Paragraph("Israel strikes Gaza."),),
    )
    assert map_paragraphs(document, [{"text": "Markets fall sharply in Tokyo. (AP)"}]) == [None]


def test_the_second_half_keeps_the_pages_from_july_on():
    from benchmarks.scoring.current_events import GoldParagraph, second_half

    rows = [
        GoldParagraph("2025-06-30.txt", "a", [], 0, dt.date(2025, 6, 30)),
        GoldParagraph("2025-07-01.txt", "b", [], 0, dt.date(2025, 7, 1)),
        GoldParagraph("x.txt", "c", [], 0, None),
    ]
    assert [r.file for r in second_half(rows)] == ["2025-07-01.txt"]
