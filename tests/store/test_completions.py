"""Autocomplete's table (bot.store.completions): after any history of reloads, merges and
renames it equals a recount from the entities, and autocomplete read from it offers what
a search of every entity's names, aliases and words would, most linked first."""

from __future__ import annotations

import random

import pytest

from bot.extraction.names.surface import normalise
from bot.store import Store, completions, entities, keys
from bot.store.engines import is_postgresql
from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event

# Names that share first letters, words and an alias, so prefixes of one to five
# characters each match several entities.
NAMES = ["Ruth Sala", "Russ Salter", "Rusa", "Salt Ruthven", "Al Rusk", "Alrus", "R_x Sal"]
FILES = [f"f{i}.txt" for i in range(5)]
PREFIXES = ["r", "ru", "rus", "russ", "rut", "ruth", "sal", "salt", "salte", "al", "alr", "r x"]


def _random_reload(rng: random.Random, store: Store, step: int) -> None:
    changed = [
        (
            document(f, sha256=f"{step}{f}".ljust(64, "0")),
            [
                event(
                    rng.sample(NAMES, rng.randint(1, 3)),
                    sentence=f"s{rng.random()}",
                    surfaces={"Rusa": {"Rusalka"}} if rng.random() < 0.3 else None,
                )
                for _ in range(rng.randint(0, 4))
            ],
        )
        for f in rng.sample(FILES, rng.randint(0, 3))
    ]
    kept = {d.file for d, _ in changed}
    removed = [f for f in rng.sample(FILES, rng.randint(0, 2)) if f not in kept]
    store.apply_reload(changed, removed, NOW)


def _searched(store: Store, prefix: str, limit: int) -> list[str]:
    """What autocomplete offers, found the slow way: every entity with events whose name,
    an alias or a word of its name starts with the prefix, most linked first."""
    key = normalise(prefix)
    found = []
    for entity_id, name, kind in store.db.execute("SELECT id, name, kind FROM entities"):
        events = store.db.execute(
            "SELECT count(DISTINCT event_id) FROM event_entities WHERE entity_id = ?",
            (entity_id,),
        ).fetchone()[0]
        aliases = [
            r[0]
            for r in store.db.execute("SELECT alias FROM aliases WHERE entity_id = ?", (entity_id,))
        ]
        its_keys = keys.name_keys(name, kind, aliases)
        if events and any(
            rule in completions.COMPLETED_RULES and k.startswith(key) for rule, k in its_keys
        ):
            found.append((-events, -entity_id, name))
    return [name for *_, name in sorted(found)[:limit]]


def _assert_consistent(store: Store) -> None:
    assert completions.stored(store.db) == keys.completion_rows(store.db)
    for prefix in PREFIXES:
        for limit in (1, 3, 25):
            assert store.entities.complete(prefix, limit, cached=False) == _searched(
                store, prefix, limit
            )


@pytest.mark.parametrize("seed", range(3))
def test_the_table_equals_a_recount_after_any_reload_history(store, seed):
    rng = random.Random(seed)
    for step in range(10):
        _random_reload(rng, store, step)
        _assert_consistent(store)
    assert completions.stored(store.db)  # the history did leave rows to compare


@pytest.mark.parametrize("seed", range(2))
def test_a_longer_prefix_walked_down_the_table_answers_as_a_search(store, monkeypatch, seed):
    """With many matches, a prefix longer than the table's walks its first characters'
    list; the answer is the search's all the same."""
    monkeypatch.setattr(entities, "FEW_PREFIX_MATCHES", 0)
    rng = random.Random(seed)
    for step in range(6):
        _random_reload(rng, store, step)
    for prefix in ("russ", "ruth", "salt", "salte", "rusal"):
        assert store.entities.complete(prefix, 2, cached=False) == _searched(store, prefix, 2)


def test_an_entity_whose_last_event_goes_is_no_longer_offered(store):
    store.apply_reload([(document(), [event(["Russia"]), event(["Rwanda", "Russia"])])], [], NOW)
    store.apply_reload(
        [(document("b.txt", "2" * 64), [event(["Rubia"], sentence="Rubia.")])], [], NOW
    )
    assert store.entities.complete("r") == ["Russia", "Rubia", "Rwanda"]
    store.apply_reload([], ["a.txt"], NOW)
    assert store.entities.complete("r") == ["Rubia"]
    assert store.entities.complete("rus") == []
    assert completions.stored(store.db) == {
        ("r", 1, store.entities.lookup("Rubia").id),
        ("ru", 1, store.entities.lookup("Rubia").id),
        ("rub", 1, store.entities.lookup("Rubia").id),
    }


def test_counts_reorder_the_offers(store):
    store.apply_reload([(document(), [event(["Ruth Sala"]), event(["Ruth Sala"])])], [], NOW)
    store.apply_reload([(document("b.txt", "2" * 64), [event(["Rusa"])])], [], NOW)
    assert store.entities.complete("ru") == ["Ruth Sala", "Rusa"]
    three = [event(["Rusa"], sentence=f"Rusa {i}.") for i in range(3)]
    store.apply_reload([(document("b.txt", "3" * 64), three)], [], NOW)
    assert store.entities.complete("ru") == ["Rusa", "Ruth Sala"]
    assert store.entities.complete("sal") == ["Ruth Sala"]  # a word of the name


def test_an_alias_offers_its_entity(store):
    store.apply_reload(
        [(document(), [event(["Russia"], surfaces={"Russia": {"Kremlin"}})])], [], NOW
    )
    assert store.entities.complete("kre") == ["Russia"]
    assert store.entities.complete("kreml") == ["Russia"]
    store.apply_reload([(document(), [event(["Russia"], sentence="No alias.")])], [], NOW)
    assert store.entities.complete("kre") == []  # settled: no stored document gives it any more


def test_an_entity_merged_into_another_moves_its_offers(store):
    """A merge (the linking pass's) re-points the links of one entity to another and
    deletes it; re-indexing both, in the same transaction, moves the offers."""
    store.apply_reload(
        [(document(), [event(["Putin"]), event(["Vladimir Putin"]), event(["Putin"])])], [], NOW
    )
    assert store.entities.complete("pu") == ["Putin", "Vladimir Putin"]
    short, full = store.entities.lookup("Putin").id, store.entities.lookup("Vladimir Putin").id
    with store.db.atomic():
        store.db.execute(
            "UPDATE event_entities SET entity_id = ? WHERE entity_id = ?", (full, short)
        )
        store.db.execute("DELETE FROM entities WHERE id = ?", (short,))
        keys.index_entities(store.db, [short, full])
    assert store.entities.complete("pu") == ["Vladimir Putin"]
    assert store.entities.complete("vla") == ["Vladimir Putin"]
    assert completions.stored(store.db) == keys.completion_rows(store.db)


def test_a_renamed_entity_is_offered_by_its_new_name(store):
    store.apply_reload([(document(), [event(["Burma"])])], [], NOW)
    burma = store.entities.lookup("Burma").id
    with store.db.atomic():
        store.db.execute("UPDATE entities SET name = 'Myanmar' WHERE id = ?", (burma,))
        keys.index_entities(store.db, [burma])
    assert store.entities.complete("bur") == []
    assert store.entities.complete("mya") == ["Myanmar"]


def test_the_refresh_follows_counts_written_directly(store):
    """refresh_completions re-derives an entity's rows from its keys and rank: a count
    written by other code, then refreshed, reorders the offers."""
    store.apply_reload([(document(), [event(["Rusa"]), event(["Ruth Sala", "Rusa"])])], [], NOW)
    ruth = store.entities.lookup("Ruth Sala").id
    with store.db.atomic():
        store.db.execute("UPDATE entity_ranks SET events = 5 WHERE entity_id = ?", (ruth,))
        completions.refresh_completions(store.db, [ruth])
    assert store.entities.complete("ru") == ["Ruth Sala", "Rusa"]


def test_the_migration_fills_the_table_of_an_existing_store(location):
    with Store(location) as store:
        store.apply_reload(
            [(document(), [event(["Russia", "Syria"], ["Tartus"]), event(["Syria"])])], [], NOW
        )
        expected = completions.stored(store.db)
        ledger, name = (
            ("briefing_migrations", "p012_completions")
            if is_postgresql(store.db)
            else ("_sqlite_migrations", "m019_completions")
        )
        with store.db.atomic():  # as a store written before the table existed
            store.db.execute("DROP TABLE completions")
            store.db.execute(f"DELETE FROM {ledger} WHERE name = ?", (name,))
    with Store(location) as store:
        assert completions.stored(store.db) == expected == keys.completion_rows(store.db)
        assert store.entities.complete("sy") == ["Syria"]


def test_the_store_wide_linking_pass_moves_the_offers(store):
    """A bare surname the linking pass files under its full-name person, in the reload's
    transaction, is offered as that person only, with the events of both."""
    people = {"Putin": "person", "Vladimir Putin": "person"}
    store.apply_reload(
        [
            (document(), [event(["Vladimir Putin"], kinds=people)]),
            (
                document("b.txt", "2" * 64),
                [event(["Putin"], sentence="Putin spoke.", kinds=people)],
            ),
        ],
        [],
        NOW,
    )
    assert store.entities.complete("pu") == ["Vladimir Putin"]
    assert completions.stored(store.db) == keys.completion_rows(store.db)
    assert ("pu", 2, store.entities.lookup("Vladimir Putin").id) in completions.stored(store.db)
