"""The tallies (bot.store.tallies): after any reload history the co-occurrence table, the
entities' days and their ranks equal a recount from the links; /who's co-actor ranking and
the digest's baseline read from them answer as the counts over the events do."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from bot.store import Store, aggregates
from bot.store.days import DAYS, EVENT_DAYS
from bot.store.engines import is_postgresql
from bot.store.pairs import PAIRS
from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event

NAMES = [f"Name {c}" for c in "ABCDEFGH"]
FILES = [f"f{i}.txt" for i in range(6)]


def _random_event(rng: random.Random):
    actors = rng.sample(NAMES, rng.randint(0, 4))
    # A place may also be one of the event's actors (both roles in one event).
    places = rng.sample(NAMES, rng.randint(0, 2))
    day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(6))
    return event(actors, places, sentence=f"s{rng.random()}", day=day)


def _random_reload(rng: random.Random, store: Store, step: int) -> None:
    changed = [
        (
            document(f, sha256=f"{step}{f}".ljust(64, "0")),
            [_random_event(rng) for _ in range(rng.randint(0, 5))],
        )
        for f in rng.sample(FILES, rng.randint(0, 3))
    ]
    kept = {d.file for d, _ in changed}
    removed = [f for f in rng.sample(FILES, rng.randint(0, 2)) if f not in kept]
    store.apply_reload(changed, removed, NOW)


def _assert_consistent(store: Store) -> None:
    assert PAIRS.stored(store.db) == PAIRS.counted(store.db)
    assert DAYS.stored(store.db) == DAYS.counted(store.db)
    assert EVENT_DAYS.stored(store.db) == EVENT_DAYS.counted(store.db)
    for day in ("2024-12-31", "2025-01-01", "2025-01-03", "2025-01-06", "2025-01-07"):
        _, total = store.events.since(dt.date.fromisoformat(day), limit=1)
        counted = store.db.execute(
            "SELECT count(*) FROM events WHERE when_end >= ?", (day,)
        ).fetchone()[0]
        assert total == counted
    start, end = dt.date(2024, 1, 1), dt.date(2030, 1, 1)
    assert store.aggregates.activity(NAMES, start, end) == aggregates.entity_activity_counted(
        store.db, NAMES, start, end
    )
    # Each entity's rank is its number of events, which /who gives as its page's total.
    ranks = dict(store.db.execute("SELECT entity_id, events FROM entity_ranks").fetchall())
    counted = dict(
        store.db.execute(
            "SELECT entity_id, count(DISTINCT event_id) FROM event_entities GROUP BY entity_id"
        ).fetchall()
    )
    assert ranks == counted


@pytest.mark.parametrize("seed", range(4))
def test_pairs_equal_a_recount_after_any_reload_history(store, seed):
    rng = random.Random(seed)
    for step in range(12):
        _random_reload(rng, store, step)
        _assert_consistent(store)
    assert PAIRS.counted(store.db)  # the history did leave pairs to compare


def test_an_entity_in_both_roles_counts_each_event_once(store):
    store.apply_reload(
        [(document(), [event(["Russia", "Syria"], ["Russia"]), event(["Syria"], ["Russia"])])],
        [],
        NOW,
    )
    assert store.aggregates.co_actors(store.entities.lookup("Russia").id) == [("Syria", 2)]
    assert store.aggregates.co_actors(store.entities.lookup("Syria").id) == [
        ("Russia", 1)
    ]  # an actor once
    _, total = store.events.entity(store.entities.lookup("Russia").id, limit=1)
    assert total == 2  # two events, three links


def test_removing_the_last_shared_event_removes_the_pair(store):
    store.apply_reload([(document(), [event(["Russia", "Syria"])])], [], NOW)
    store.apply_reload(
        [(document("b.txt", "2" * 64), [event(["Russia"]), event(["Syria"])])], ["a.txt"], NOW
    )
    assert PAIRS.stored(store.db) == {}


def test_a_failed_reload_leaves_the_pairs_as_they_were(store):
    store.apply_reload([(document(), [event(["Russia", "Syria"])])], [], NOW)
    before = PAIRS.stored(store.db)
    broken = event(["Syria", "Ukraine"])
    broken.when = None  # fails after the pairs of a.txt were subtracted
    with pytest.raises(AttributeError):
        store.apply_reload(
            [(document("b.txt", "3" * 64), [event(["Ukraine", "Russia"]), broken])],
            ["a.txt"],
            NOW,
        )
    assert PAIRS.stored(store.db) == before
    _assert_consistent(store)


@pytest.mark.parametrize("limit", [None, 1, 2, 3, 25])
def test_ranking_from_pairs_equals_the_count_over_events(store, limit):
    rng = random.Random(11)
    for step in range(6):
        _random_reload(rng, store, step)
    # Ties on a count are broken by name, the same in both.
    store.apply_reload(
        [(document("ties.txt", "9" * 64), [event(["Hub", n]) for n in NAMES])], [], NOW
    )
    for (entity_id,) in store.db.execute("SELECT id FROM entities"):
        assert store.aggregates.co_actors(entity_id, limit) == aggregates.co_actors_counted(
            store.db, entity_id, limit
        )


def test_the_migration_counts_the_pairs_of_an_existing_store(location):
    with Store(location) as store:
        store.apply_reload([(document(), [event(["Russia", "Syria"], ["Tartus"])])], [], NOW)
        expected = PAIRS.stored(store.db)
        ledger, name = (
            ("briefing_migrations", "p004_entity_pairs")
            if is_postgresql(store.db)
            else ("_sqlite_migrations", "m011_entity_pairs")
        )
        with store.db.atomic():  # as a store written before the table existed
            store.db.execute("DROP TABLE entity_pairs")
            store.db.execute(f"DELETE FROM {ledger} WHERE name = ?", (name,))
    with Store(location) as store:
        assert PAIRS.stored(store.db) == expected
        assert expected == {
            (store.entities.lookup("Russia").id, store.entities.lookup("Syria").id): 1,
            (store.entities.lookup("Syria").id, store.entities.lookup("Russia").id): 1,
            (store.entities.lookup("Tartus").id, store.entities.lookup("Russia").id): 1,
            (store.entities.lookup("Tartus").id, store.entities.lookup("Syria").id): 1,
        }
