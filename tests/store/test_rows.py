"""Rows: SQLite rows turned into what the store hands out, and an event's JSON."""

from __future__ import annotations

import datetime as dt

from bot.store import DigestChannel, EntityRow, LedgerRow, StoredEvent
from bot.store.rows import EVENT_COLUMNS, digest_channel, entity_row, ledger_row, stored_event
from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event

EVENT = StoredEvent(
    id=7,
    when_start="2025-02-01",
    when_end="2025-02-03",
    granularity="range",
    when_text="early February",
    actors=("Russia", "Syria"),
    places=("Tartus",),
    action="met",
    attribution="Reuters",
    sentence="Russia met Syria in Tartus.",
    file="a.txt",
    title="T",
    published="2025-02-17",
    ingested_at="2025-02-18T09:00:00+00:00",
)


def test_stored_event_reads_the_event_columns_in_order(store):
    moved = event(["Russia"], ["Tartus"], sentence="s", action="met")
    store.apply_reload([(document(), [moved])], [], NOW)
    row = store.db.execute(
        f"SELECT {EVENT_COLUMNS} FROM events ev JOIN documents d ON d.id = ev.document_id"
    ).fetchone()
    assert (
        stored_event(row, ["Russia"], ["Tartus"]) == store.events.since(dt.date(2025, 1, 1))[0][0]
    )
    assert stored_event(row, [], []).action == "met"
    assert stored_event(row, [], []).ingested_at == NOW.isoformat(timespec="seconds")


def test_stored_event_to_json_nests_when_and_document():
    assert EVENT.to_json() == {
        "id": 7,
        "when": {
            "start": "2025-02-01",
            "end": "2025-02-03",
            "granularity": "range",
            "text": "early February",
        },
        "actors": ["Russia", "Syria"],
        "places": ["Tartus"],
        "action": "met",
        "attribution": "Reuters",
        "sources": [],
        "sentence": "Russia met Syria in Tartus.",
        "dates": [],
        "document": {
            "file": "a.txt",
            "title": "T",
            "published": "2025-02-17",
            "url": None,
            "section": None,
        },
    }


def test_sources_column_read_as_a_list_and_old_rows_fall_back_to_attribution():
    from bot.store.rows import read_sources

    assert read_sources('["AP", "Al Jazeera"]', "AP") == ("AP", "Al Jazeera")
    assert read_sources(None, "Reuters") == ("Reuters",)
    assert read_sources(None, None) == ()


def test_digest_channel_makes_skip_empty_a_bool():
    row = digest_channel(("discord:1", None, "08:00", "UTC", 1, "now", "daily"))
    assert row == DigestChannel("discord:1", None, "08:00", "UTC", True, "now")
    assert row.skip_empty is True
    assert digest_channel(("c", "g", "08:00", "UTC", 0, "now", "daily")).skip_empty is False


def test_digest_channel_reads_its_rhythm():
    row = digest_channel(("c", "g", "08:00", "UTC", 0, "now", "weekly monday"))
    assert row.rhythm == "weekly monday"


def test_ledger_and_entity_rows():
    assert ledger_row(("c", "2025-02-18", "t0", None, None)) == LedgerRow(
        "c", "2025-02-18", "t0", None, None
    )
    assert entity_row((1, "Russia", "country"), ["Kremlin"]) == EntityRow(
        1, "Russia", "country", ("Kremlin",)
    )


def test_an_uncited_events_sources_fall_back_to_its_documents_source():
    from bot.store.rows import read_sources

    assert read_sources("[]", None, "Kyiv Independent") == ("Kyiv Independent",)
    assert read_sources('["AP"]', "AP", "Kyiv Independent") == ("AP",)


def test_an_events_mentioned_dates_are_stored_with_their_roles(store):
    from bot.extraction.dates import When
    from bot.extraction.dates.roles import MentionedDate

    moved = event(["Russia"], sentence="Russia moved, the biggest move since 1984.")
    year = When(dt.date(1984, 1, 1), dt.date(1984, 12, 31), "year", "1984")
    moved.dates = [
        MentionedDate("1984", "background", year),
        MentionedDate("weeks", "duration", None),
    ]
    store.apply_reload([(document(), [moved])], [], NOW)
    (stored,) = store.events.since(dt.date(2025, 1, 1))[0]
    assert stored.dates == (
        {
            "text": "1984",
            "role": "background",
            "start": "1984-01-01",
            "end": "1984-12-31",
            "granularity": "year",
        },
        {"text": "weeks", "role": "duration", "start": None, "end": None, "granularity": None},
    )
    assert store.events.search("1984")[1] == 1  # a mentioned year still finds its sentence
