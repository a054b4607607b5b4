"""A paragraph that cites no outlet is credited to its document's `source` header."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.digest.schedule import published_digest
from bot.ingest import reload
from bot.seeds import Document, Paragraph
from tests.conftest import NOW
from tests.factories import DAY, extracted_event

SEED = """date 2025-02-17
title Morning report
source Kyiv Independent

Russia sent an envoy to Damascus to discuss its naval base in Tartus.

Ukraine's foreign minister visited Ankara, Reuters said. (Reuters)
"""


def _document(source: str | None) -> Document:
    return Document("a.txt", DAY, "a" * 64, "T", source, None, (Paragraph("Russia moved."),))


def test_an_uncited_paragraph_is_credited_to_the_documents_source(store):
    store.apply_reload([(_document("Kyiv Independent"), [extracted_event(["Russia"])])], [], NOW)
    (story,) = published_digest(store, DAY, DAY).stories
    assert story.sources == ["Kyiv Independent"]
    assert story.to_json()["reports"][0]["sources"] == ["Kyiv Independent"]


def test_a_document_without_a_source_leaves_an_uncited_paragraph_uncredited(store):
    store.apply_reload([(_document(None), [extracted_event(["Russia"])])], [], NOW)
    (story,) = published_digest(store, DAY, DAY).stories
    assert story.sources == []


def test_a_cited_outlet_is_kept_and_the_source_header_fills_only_the_uncited(
    store, engine, tmp_path: Path
):
    (tmp_path / "morning.txt").write_text(SEED, "utf-8")
    reload(store, tmp_path, engine, NOW)
    reply = published_digest(store, dt.date(2025, 2, 17), dt.date(2025, 2, 17))
    by_text = {s.lead.sentence[:6]: s.sources for s in reply.stories}
    assert by_text["Russia"] == ["Kyiv Independent"]
    assert by_text["Ukrain"] == ["Reuters"]
