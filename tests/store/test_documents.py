"""The documents: hashes for a reload, the listing, and /sources' pages."""

from __future__ import annotations

import dataclasses
import datetime as dt

from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event


def _three(store):
    store.apply_reload(
        [
            (document("old.txt", "1" * 64, "Old", dt.date(2025, 1, 1)), [event(["A"])]),
            (document("b.txt", "2" * 64, "B", dt.date(2025, 2, 1)), []),
            (document("a.txt", "3" * 64, None, dt.date(2025, 2, 1)), [event(["A"]), event(["B"])]),
        ],
        [],
        NOW,
    )


def test_document_hashes_map_files_to_sha256(store):
    assert store.documents.hashes() == {}
    _three(store)
    assert store.documents.hashes() == {"old.txt": "1" * 64, "b.txt": "2" * 64, "a.txt": "3" * 64}


def test_documents_list_newest_first_with_event_counts(store):
    _three(store)
    keys = ("file", "title", "published", "sha256", "events")
    assert store.documents.all() == [
        dict(zip(keys, row, strict=True))
        for row in (
            ("a.txt", None, "2025-02-01", "3" * 64, 2),
            ("b.txt", "B", "2025-02-01", "2" * 64, 0),
            ("old.txt", "Old", "2025-01-01", "1" * 64, 1),
        )
    ]


def test_sources_page_newest_first_with_the_total(store):
    _three(store)
    everything, total = store.documents.sources()
    assert total == 3
    assert [(s["file"], s["events"]) for s in everything] == [
        ("a.txt", 2),
        ("b.txt", 0),
        ("old.txt", 1),
    ]
    assert store.documents.sources(limit=1, offset=1) == (
        [{"file": "b.txt", "title": "B", "published": "2025-02-01", "events": 0, "outlets": []}],
        3,
    )
    assert store.documents.sources(limit=5, offset=3) == ([], 3)


def test_sources_name_every_outlet_that_carried_a_document(store):
    """Its own outlet first, then those its events credit (a wire story's copies), the
    most credited first."""
    own = dataclasses.replace(document("w.txt", "4" * 64, "Floods"), source="Wire")
    events = [
        dataclasses.replace(event(["A"]), sources=["Wire", "Paper"]),
        dataclasses.replace(event(["B"]), sources=["Radio", "Paper"]),
        event(["C"]),
    ]
    store.apply_reload([(own, events)], [], NOW)
    (listed,), _ = store.documents.sources()
    assert listed["outlets"] == ["Wire", "Paper", "Radio"]
