"""Counts: the corpus totals, co-actors, places, and events per week."""

from __future__ import annotations

import datetime as dt

from bot.extraction.dates import When
from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event


def test_counts_documents_events_and_entities(store):
    assert store.aggregates.counts() == {"documents": 0, "events": 0, "entities": 0}
    store.apply_reload(
        [
            (document("a.txt"), [event(["A", "B"]), event(["A"], ["C"])]),
            (document("b.txt", "2" * 64), []),
        ],
        [],
        NOW,
    )
    assert store.aggregates.counts() == {"documents": 2, "events": 2, "entities": 3}


def test_co_actors_rank_by_event_count_and_exclude_the_entity(store):
    events = [
        event(["Russia"], ["Tartus"], sentence="1"),
        event(["Russia", "Syria"], ["Tartus"], sentence="2"),
        event(["Syria"], sentence="3"),
    ]
    store.apply_reload([(document(), events)], [], NOW)
    tartus = store.entities.lookup("Tartus")
    assert store.aggregates.co_actors(tartus.id) == [("Russia", 2), ("Syria", 1)]


def test_co_actors_tie_by_name_and_take_the_first_of_them(store):
    events = [event(["X", "Zed", "Amy"]), event(["X", "Bob"])]
    store.apply_reload([(document(), events)], [], NOW)
    x = store.entities.lookup("X")
    assert store.aggregates.co_actors(x.id) == [("Amy", 1), ("Bob", 1), ("Zed", 1)]
    assert store.aggregates.co_actors(x.id, 2) == [("Amy", 1), ("Bob", 1)]


def test_places_of_count_the_events_an_entity_acts_in(store):
    events = [
        event(["Russia"], ["Tartus"]),
        event(["Russia"], ["Tartus", "Latakia"]),
        event(["Syria"], ["Aleppo"]),
        event(["Syria"], ["Russia"]),  # Russia as a place, not an actor
    ]
    store.apply_reload([(document(), events)], [], NOW)
    russia = store.entities.lookup("Russia")
    assert store.aggregates.places_of(russia.id) == [("Tartus", 2), ("Latakia", 1)]
    assert store.aggregates.places_of(russia.id, 1) == [("Tartus", 2)]


def test_timeline_counts_weeks_by_top_co_actor(store):
    # 2025-02-03 and 2025-02-05 are in the week of Monday 2025-02-03; 2025-02-12 is not.
    events = [
        event(["Russia", "Syria"], day="2025-02-03"),
        event(["Russia", "Syria", "Iran"], day="2025-02-05"),
        event(["Russia", "Iran"], day="2025-02-12"),
        event(["Russia"], day="2025-02-12"),
        event(["Russia", "Iran"], day="2025-02-13"),
    ]
    quarter = event(["Russia", "Syria"])
    quarter.when = When(dt.date(2025, 1, 1), dt.date(2025, 3, 31), "quarter", "Q1")
    store.apply_reload([(document(), [*events, quarter])], [], NOW)
    russia = store.entities.lookup("Russia")
    # Iran and Syria share 3 and 2 events: Iran ranks first.
    assert store.aggregates.timeline_counts(russia.id) == [
        ("2025-02-03", "Iran", 1, 1),
        ("2025-02-03", "Syria", 2, 1),
        ("2025-02-10", "Iran", 1, 2),
        ("2025-02-10", None, None, 1),
    ]
    assert store.aggregates.timeline_counts(russia.id, top=1) == [
        ("2025-02-03", "Iran", 1, 1),
        ("2025-02-03", None, None, 1),
        ("2025-02-10", "Iran", 1, 2),
        ("2025-02-10", None, None, 1),
    ]
    assert (
        store.aggregates.timeline_counts(russia.id, start=dt.date(2025, 2, 10))[0][0]
        == "2025-02-10"
    )
    assert (
        len(store.aggregates.timeline_counts(russia.id, max_span_days=100)) == 5
    )  # the quarter too
