"""Pages of events: /since, an entity's, /where's, /timeline's, /search's and the digest's."""

from __future__ import annotations

import datetime as dt

from bot.extraction.dates import When
from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event


def test_since_orders_newest_first_and_uses_interval_end(store):
    events = [
        event(["A"], day="2025-01-10", sentence="a"),
        event(["B"], day="2025-02-10", sentence="b"),
        event(["C"], day="2024-12-30", sentence="c"),
    ]
    events.append(event(["D"], sentence="d"))
    events[-1].when = When(dt.date(2024, 12, 1), dt.date(2025, 1, 5), "range", "winter")
    store.apply_reload([(document(), events)], [], NOW)
    found, total = store.events.since(dt.date(2025, 1, 1))
    assert [e.sentence for e in found] == ["b", "a", "d"]
    assert total == 3
    page, total = store.events.since(dt.date(2025, 1, 1), limit=1, offset=1)
    assert [e.sentence for e in page] == ["a"] and total == 3


def test_since_an_empty_store_is_nothing(store):
    assert store.events.since(dt.date(2025, 1, 1)) == ([], 0)


def test_entity_events_are_those_it_takes_part_in_with_their_places(store):
    events = [
        event(["Russia"], ["Tartus"], sentence="1"),
        event(["Russia", "Syria"], ["Tartus"], sentence="2"),
        event(["Syria"], sentence="3"),
    ]
    store.apply_reload([(document(), events)], [], NOW)
    tartus = store.entities.lookup("Tartus")
    found, total = store.events.entity(tartus.id)
    assert total == 2 and {e.sentence for e in found} == {"1", "2"}
    assert found[0].places == ("Tartus",)


def test_entity_events_past_the_end_keep_the_total(store):
    store.apply_reload([(document(), [event(["Russia"], sentence="1")])], [], NOW)
    russia = store.entities.lookup("Russia")
    assert store.events.entity(russia.id, 5, 1) == ([], 1)


def test_place_events_are_where_the_entity_acts_and_a_place_is_named(store):
    events = [
        event(["Russia"], ["Tartus"], day="2025-02-01", sentence="acts there"),
        event(["Russia"], sentence="acts nowhere"),
        event(["Syria"], ["Russia"], sentence="is the place"),
        event(["Russia"], ["Latakia"], day="2025-02-10", sentence="acts elsewhere"),
    ]
    store.apply_reload([(document(), events)], [], NOW)
    russia = store.entities.lookup("Russia")
    found, total = store.events.place(russia.id)
    assert total == 2 and [e.sentence for e in found] == ["acts elsewhere", "acts there"]
    page, total = store.events.place(russia.id, limit=1, offset=1)
    assert total == 2 and [e.sentence for e in page] == ["acts there"]


def test_timeline_events_start_between_the_days_oldest_first(store):
    days = ["2025-01-05", "2025-01-20", "2025-02-03", "2025-03-01"]
    events = [event(["Russia"], day=d, sentence=d) for d in days] + [event(["Syria"])]
    store.apply_reload([(document(), events)], [], NOW)
    russia = store.entities.lookup("Russia")
    found, total = store.events.timeline(russia.id, dt.date(2025, 1, 20), dt.date(2025, 2, 3))
    assert [e.sentence for e in found] == ["2025-01-20", "2025-02-03"] and total == 2
    found, total = store.events.timeline(russia.id, limit=2, offset=1)
    assert [e.sentence for e in found] == ["2025-01-20", "2025-02-03"] and total == 4


def test_search_matches_every_word_stemmed_newest_first(store):
    events = [
        event(["A"], day="2025-01-01", sentence="Troops moved north."),
        event(["B"], day="2025-02-01", sentence="The troop moves were seen."),
        event(["C"], day="2025-02-02", sentence="Troops stayed."),
    ]
    store.apply_reload([(document(), events)], [], NOW)
    found, total = store.events.search("troops MOVING")
    assert total == 2
    assert [e.sentence for e in found] == ["The troop moves were seen.", "Troops moved north."]
    page, total = store.events.search("troops", limit=1, offset=2)
    assert total == 3 and [e.sentence for e in page] == ["Troops moved north."]


def test_search_reads_nothing_typed_as_query_syntax(store):
    store.apply_reload([(document(), [event(["A"], sentence="Troops moved.")])], [], NOW)
    assert store.events.search('troops" OR "x')[1] == 0  # one phrase per word: all must match
    assert store.events.search("troops*")[1] == 1
    assert store.events.search("NEAR( -- ; *") == ([], 0)
    assert store.events.search("   ") == ([], 0)


def test_ingested_since_is_the_later_reload_newest_first_and_limited(store):
    later = NOW + dt.timedelta(days=1)
    store.apply_reload([(document("a.txt"), [event(["A"], sentence="old")])], [], NOW)
    store.apply_reload(
        [
            (
                document("b.txt", "2" * 64),
                [
                    event(["B"], day="2025-02-01", sentence="new, earlier"),
                    event(["C"], day="2025-02-10", sentence="new, later"),
                ],
            )
        ],
        [],
        later,
    )
    stamp = NOW.isoformat(timespec="seconds")
    assert [e.sentence for e in store.events.ingested_since(stamp)] == [
        "new, later",
        "new, earlier",
    ]
    assert [e.sentence for e in store.events.ingested_since(stamp, limit=1)] == ["new, later"]
    assert len(store.events.ingested_since(None)) == 3


def test_events_carry_their_document(store):
    store.apply_reload([(document(title="Daily"), [event(["A"], sentence="s")])], [], NOW)
    (found,), _ = store.events.since(dt.date(2025, 1, 1))
    assert (found.file, found.title, found.published) == ("a.txt", "Daily", "2025-02-17")
    assert (found.when_start, found.when_end, found.granularity) == (
        "2025-02-17",
        "2025-02-17",
        "day",
    )
