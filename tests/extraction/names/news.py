"""Synthetic news items through the real pipeline: each item's events' names and kinds."""

from __future__ import annotations

import datetime as dt

from bot.extraction.extractor import Extractor
from bot.seeds.document import Document, Paragraph

DAY = dt.date(2025, 3, 3)


def kinds(extractor: Extractor, *items: str) -> dict[str, str]:
    """Every name the items' events hold, with its kind (one document, one item each)."""
    document = Document(
        file="news.txt",
        published=DAY,
        sha256="0" * 64,
        title="News",
        paragraphs=tuple(Paragraph(text=item) for item in items),
    )
    found: dict[str, str] = {}
    for event in extractor.extract(document):
        found.update(event.kinds)
    return found
