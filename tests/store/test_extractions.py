"""Work items of a shared reload (bot.store.extractions): filed per document, claimed once,
taken over when their claimer stops renewing them, their events stored as JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bot.extraction.dates.intervals import When
from bot.extraction.extractor import Event
from bot.seeds import Document
from bot.seeds.document import Paragraph
from bot.store import Store
from bot.store.extractions import (
    document_from_json,
    document_to_json,
)
from tests.conftest import NOW
from tests.factories import claim_concurrently

LEASE = 60.0
STAMP = "engine-a"


def _document(i: int) -> Document:
    return Document(
        file=f"doc{i}.md",
        published=dt.date(2025, 2, 1 + i % 20),
        sha256=f"{i:064x}",
        title=f"Title {i}",
        source="Reuters",
        url=f"https://example.org/{i}",
        paragraphs=(
            Paragraph("World", heading=True),
            Paragraph(f"Body of {i}.", ("AP", "Al Jazeera"), "World"),
            Paragraph("Second paragraph."),
        ),
    )


def _event() -> Event:
    return Event(
        actors=["Bashar al-Assad", "Turkey"],
        places=["Damascus"],
        action="met",
        attribution="Reuters",
        sentence="Assad met Turkish officials in Damascus, Reuters said.",
        when=When(dt.date(2025, 2, 1), dt.date(2025, 2, 28), "month", "in February"),
        paragraph=3,
        kinds={"Bashar al-Assad": "PERSON", "Turkey": "GPE", "Damascus": "GPE"},
        surfaces={"Bashar al-Assad": {"Assad", "al-Assad"}, "Turkey": {"Turkish"}},
        sources=["Reuters", "AP"],
        section="Middle East",
    )


def test_a_document_and_its_events_come_back_as_they_went():
    document, event = _document(3), _event()
    assert document_from_json(document_to_json(document)) == document
    assert Event.from_json(event.to_json()) == event


def test_an_item_filed_before_paragraphs_had_headings_reads_as_news():
    data = document_to_json(_document(3))
    data["paragraphs"] = [p[:3] for p in data["paragraphs"]]
    assert not any(p.heading for p in document_from_json(data).paragraphs)


@pytest.mark.parametrize(
    ("kind", "value", "encode"),
    [(Document, _document(1), document_to_json), (Event, _event(), Event.to_json)],
)
def test_the_codec_writes_every_field(kind, value, encode):
    """A field added to Document or Event must be added to the codec too."""
    assert set(encode(value)) == {f.name for f in dataclasses.fields(kind)}


def test_items_are_claimed_once_in_filed_order(store):
    queue = store.extractions
    job = queue.file("coord", STAMP, None, [_document(i) for i in range(3)], NOW)
    got = [queue.claim(f"w{i}", STAMP, NOW, LEASE) for i in range(4)]
    assert [g.position for g in got[:3]] == [0, 1, 2] and got[3] is None
    assert got[1].document == _document(1) and got[1].job == job
    assert queue.progress(job).running == 3


def test_a_job_of_another_engine_is_not_claimed(store):
    store.extractions.file("coord", "engine-b", None, [_document(0)], NOW)
    assert store.extractions.claim("w", STAMP, NOW, LEASE) is None


def test_results_are_the_done_items_in_filed_order(store):
    queue = store.extractions
    job = queue.file("coord", STAMP, "[aliases]\n", [_document(i) for i in range(3)], NOW)
    items = [queue.claim("w", STAMP, NOW, LEASE) for _ in range(3)]
    for item in reversed(items):
        assert queue.finish(item.id, "w", events=[_event()] * item.position)
    assert [(d, len(e)) for d, e in queue.results(job)] == [(_document(i), i) for i in range(3)]
    assert queue.results(job)[2][1][0] == _event()
    assert queue.aliases(job) == "[aliases]\n"
    assert queue.progress(job).done == 3
    queue.drop(job)
    assert (
        queue.results(job) == []
        and store.db.execute("SELECT count(*) FROM extractions").fetchone()[0] == 0
    )


def test_a_failed_item_is_reported_with_its_file(store):
    queue = store.extractions
    job = queue.file("coord", STAMP, None, [_document(0), _document(1)], NOW)
    item = queue.claim("w", STAMP, NOW, LEASE)
    queue.finish(item.id, "w", error="failed on w")
    assert queue.progress(job).failures == [("doc0.md", "failed on w")]
    assert queue.results(job) == []


def test_an_item_whose_claimer_stopped_renewing_is_taken_over_after_the_lease(store):
    queue = store.extractions
    job = queue.file("coord", STAMP, None, [_document(0)], NOW)
    dead = queue.claim("dead", STAMP, NOW, LEASE)
    within, past = NOW + dt.timedelta(seconds=LEASE - 1), NOW + dt.timedelta(seconds=LEASE + 1)
    queue.renew("coord", past)  # the coordinator is alive and waits
    assert queue.claim("alive", STAMP, within, LEASE) is None
    taken = queue.claim("alive", STAMP, past, LEASE)
    assert taken is not None and taken.id == dead.id
    assert not queue.finish(dead.id, "dead", events=[])  # too late: no longer its
    assert queue.finish(taken.id, "alive", events=[_event()])
    assert queue.progress(job).done == 1


def test_a_renewed_item_is_not_taken_over(store):
    queue = store.extractions
    queue.file("coord", STAMP, None, [_document(0)], NOW)
    queue.claim("slow", STAMP, NOW, LEASE)
    past = NOW + dt.timedelta(seconds=LEASE + 1)
    queue.renew("slow", past)
    queue.renew("coord", past)
    assert queue.claim("other", STAMP, past, LEASE) is None


def test_the_items_of_a_coordinator_that_died_are_dropped_unclaimed(store):
    queue = store.extractions
    queue.file("dead-coord", STAMP, None, [_document(0)], NOW)
    past = NOW + dt.timedelta(seconds=LEASE + 1)
    assert queue.claim("w", STAMP, past, LEASE) is None
    assert queue.drop_abandoned(NOW, LEASE) == 0
    assert queue.drop_abandoned(past, LEASE) == 1
    assert store.db.execute("SELECT count(*) FROM extractions").fetchone()[0] == 0


def test_live_services_are_those_within_the_lease(store):
    queue = store.extractions
    queue.register("a", STAMP, NOW)
    queue.register("b", STAMP, NOW)
    queue.register("c", "engine-b", NOW)
    past = NOW + dt.timedelta(seconds=LEASE + 1)
    queue.renew("b", past)
    assert queue.live_services(NOW, LEASE, STAMP) == ["a", "b"]
    assert queue.live_services(past, LEASE, STAMP) == ["b"]
    queue.leave("b")
    assert queue.live_services(past, LEASE, STAMP) == []


def test_concurrent_claimers_never_get_the_same_item(location):
    with Store(location) as setup:
        setup.extractions.file("coord", STAMP, None, [_document(i) for i in range(40)], NOW)
    every = [
        item.position
        for item in claim_concurrently(
            location, lambda store, name: store.extractions.claim(name, STAMP, NOW, LEASE)
        )
    ]
    assert sorted(every) == list(range(40))  # each claimed, none twice


def test_postgresql_skips_an_item_another_service_is_claiming(location, store_engine):
    if store_engine != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite serialises claims by its write lock")
    with Store(location) as one, Store(location) as other:
        one.extractions.file("coord", STAMP, None, [_document(0), _document(1)], NOW)
        with one.db.atomic():  # a claim in flight: the first row locked, not yet updated
            one.db.execute("SELECT id FROM extractions WHERE position = 0 FOR UPDATE")
            assert other.extractions.claim("other", STAMP, NOW, LEASE).position == 1
        assert one.extractions.claim("one", STAMP, NOW, LEASE).position == 0


def test_any_jobs_says_whether_there_is_work(store):
    assert not store.extractions.any_jobs()
    job = store.extractions.file("coord", STAMP, None, [_document(0)], NOW)
    assert store.extractions.any_jobs()
    store.extractions.drop(job)
    assert not store.extractions.any_jobs()
