"""Item coverage: news items (paragraphs over 60 characters) that yield at least one event."""

from __future__ import annotations

import pytest

from benchmarks.scoring.coverage import event_paragraphs, score_coverage
from bot.seeds import Document
from bot.seeds.document import Paragraph
from bot.store import Store
from tests.benchmarks.scoring.stores import NOW
from tests.factories import DAY, extracted_event

LONG = "Chile and Peru sign a trade agreement in Lima after two years of talks."
OTHER = "Peru's parliament votes to remove the president after a long impeachment trial."
SHORT = "Armed conflicts and attacks"


def _document(file: str, *texts: str) -> Document:
    return Document(file, DAY, "1" * 64, paragraphs=tuple(Paragraph(t) for t in texts))


def test_only_items_longer_than_the_threshold_count():
    documents = {"a.txt": _document("a.txt", SHORT, LONG, OTHER)}
    score = score_coverage(documents, {("a.txt", 1)})
    assert (score.items, score.covered) == (2, 1)
    assert score.missing == [("a.txt", OTHER)]
    assert score.share == pytest.approx(0.5)


def test_an_event_counts_for_its_own_document_only():
    documents = {"a.txt": _document("a.txt", LONG), "b.txt": _document("b.txt", LONG)}
    score = score_coverage(documents, {("b.txt", 0)})
    assert (score.items, score.covered) == (2, 1)
    assert score.missing == [("a.txt", LONG)]


def test_no_items_is_no_coverage():
    assert score_coverage({"a.txt": _document("a.txt", SHORT)}, set()).share == 0.0


def test_event_paragraphs_reads_the_store():
    document = _document("a.txt", SHORT, LONG, OTHER)
    first, second = extracted_event(["Chile"]), extracted_event(["Peru"])
    first.paragraph, second.paragraph = 1, 1
    with Store(":memory:") as store:
        store.apply_reload([(document, [first, second])], [], NOW)
        assert event_paragraphs(store) == {("a.txt", 1)}
