"""The store's hot queries use indexes, and their faster plans answer as the simple ones do.

Query plans are read with EXPLAIN QUERY PLAN on the statements each method runs (caught
with a trace callback). Without ANALYZE statistics the plan depends on the schema and the
SQL, not on how much data there is, so a small store shows the plan a large one gets.
No test here measures time: benchmarks/query.py does that.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable

import pytest

import bot.store.entities as store_entities
import bot.store.events as store_events
from bot.extraction.extractor import Event
from bot.seeds import Document
from bot.store import Store
from tests.conftest import NOW
from tests.factories import DAY, document
from tests.factories import extracted_event as event

BIG = ("events", "event_entities", "entities", "aliases", "name_keys", "entity_ranks",
       "entity_pairs", "completions")  # fmt: skip
# The table aliases bot/store/ uses ("SCAN mine" is a materialised subquery, not a table).
ALIASES = {"ev": "events", "ee": "event_entities", "other": "event_entities", "e": "entities",
           "a": "aliases", "nk": "name_keys", "r": "entity_ranks", "p": "entity_pairs",
           "c": "completions"}  # fmt: skip

pytestmark = pytest.mark.sqlite_only  # SQLite's plans and file; PostgreSQL: test_postgresql.py


def _doc(file: str) -> Document:
    return document(file, sha256=file.ljust(64, "0"), title=file)


def _event(actors, places=(), day=DAY, sentence="s") -> Event:
    aliased = {n: {"Kremlin"} for n in (*actors, *places) if n in ("Russia", "Ruthenia")}
    return event(actors, places, day, sentence, surfaces=aliased, action="met")


@pytest.fixture
def filled(store: Store) -> Store:
    """200 events over 200 days: Russia in every other one (also as a place in some),
    many co-actors, and a rare entity; two ingestion times."""
    first, second = [], []
    for i in range(200):
        day = dt.date(2024, 8, 1) + dt.timedelta(days=i)
        actors = [f"Actor {i % 7}"] + (["Russia"] if i % 2 == 0 else [])
        places = ["Russia"] if i % 10 == 0 else (["Tartus"] if i == 57 else [])
        (first if i < 150 else second).append(_event(actors, places, day, sentence=f"Event {i}."))
    first.append(_event(["Ruthenia"], sentence="Ruthenia."))
    store.apply_reload([(_doc("a.txt"), first)], [], NOW)
    store.apply_reload([(_doc("b.txt"), second)], [], NOW + dt.timedelta(days=1))
    return store


def _plans(store: Store, call: Callable[[], object]) -> list[tuple[str, list[str]]]:
    """Each SELECT that `call` runs, with its EXPLAIN QUERY PLAN lines."""
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        call()
    finally:
        store.db.conn.set_trace_callback(None)
    out = []
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        plan = [row[3] for row in store.db.execute(f"EXPLAIN QUERY PLAN {sql}")]
        out.append((" ".join(sql.split()), plan))
    return out


def _table(line: str) -> str | None:
    match = re.match(r"(?:SCAN|SEARCH) (\w+)", line)
    return ALIASES.get(match.group(1), match.group(1)) if match else None


def assert_indexed(store: Store, call: Callable[[], object], walk: bool = False) -> None:
    """No full scan of a big table and no count(DISTINCT) b-tree. An index walked from end
    to end only where it is cheap: events_when newest first, or entity_ranks_events most
    linked first, under a LIMIT (when `walk`),
    or any index of events to count them all (SQLite counts b-tree cells, reads no row)."""
    plans = _plans(store, call)
    assert plans, "the call ran no query"
    for sql, plan in plans:
        for line in plan:
            table = _table(line)
            assert "count(DISTINCT)" not in line, (sql, plan)
            if table not in BIG or line.startswith("SEARCH"):
                continue
            assert "INDEX" in line, f"full scan of {table}: {sql}\n{plan}"
            if "events_when" in line or "entity_ranks_events" in line:
                assert walk and re.search(r"ORDER BY .* LIMIT", sql), (sql, plan)
            else:
                assert table == "events" and "(SELECT count(*) FROM events)" in sql, (sql, plan)


def test_migration_adds_the_query_indexes(store):
    indexes = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"events_id_when", "events_when", "events_ingested", "event_entities_entity"} <= indexes
    applied = [r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations")]
    assert "m003_query_indexes" in applied and "m004_name_keys" in applied


def test_entity_lookup_by_name_and_alias_searches(filled):
    assert_indexed(filled, lambda: filled.entities.lookup("russia"))
    assert_indexed(filled, lambda: filled.entities.lookup("Kremlin"))  # ambiguous alias
    assert_indexed(filled, lambda: filled.entities.lookup("No Such Place"))


def test_ambiguous_alias_still_picks_the_most_linked_entity(filled):
    assert filled.entities.lookup("kremlin").name == "Russia"


@pytest.mark.parametrize("prefix", ["r", "ru", "Rus"])
def test_autocomplete_reads_a_short_prefix_from_its_table(filled, prefix):
    """A prefix of up to three characters is the first rows of one index range (the
    query itself: `store.entities.complete` keeps its answers until the store changes)."""
    calls = _plans(filled, lambda: filled.entities.complete(prefix, 25, cached=False))
    assert [plan for _, plan in calls] == [
        ["SEARCH c USING PRIMARY KEY (prefix=?)", "SEARCH e USING INTEGER PRIMARY KEY (rowid=?)"]
    ], calls


@pytest.mark.parametrize("few", [True, False])
def test_autocomplete_searches_a_longer_prefix_by_its_keys(filled, monkeypatch, few):
    """A longer prefix of few matches ranks them; one of many walks the table's list of
    its first three characters, most linked first, and tests each entity's keys."""
    monkeypatch.setattr(store_entities, "FEW_PREFIX_MATCHES", 1000 if few else 0)
    assert_indexed(filled, lambda: filled.entities.complete("russ", 25, cached=False), walk=True)
    plans = [
        line
        for _, plan in _plans(filled, lambda: filled.entities.complete("russ", 25, cached=False))
        for line in plan
    ]
    assert any("SEARCH name_keys USING" in line for line in plans), plans
    walked = "SEARCH c USING PRIMARY KEY (prefix=?)" in plans
    assert walked != few, plans
    assert not any("TEMP B-TREE" in line for line in plans) or few, plans
    assert not any(line.startswith("SCAN name_keys") for line in plans), plans
    monkeypatch.setattr(store_entities, "FEW_PREFIX_MATCHES", 1000)
    everything = filled.entities.complete("actor", 25, cached=False)
    monkeypatch.setattr(store_entities, "FEW_PREFIX_MATCHES", 0)
    assert filled.entities.complete("actor", 25, cached=False) == everything
    assert len(everything) == 7


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.entities.aliased("Kremlin"),
        lambda s: s.entities.keyed(("name", "alias"), "russia"),
        lambda s: s.entities.keyed(("surname",), "russia"),
        lambda s: s.entities.keyed(("acronym",), "a"),
        lambda s: s.entities.worded(["actor", "3"]),
        lambda s: s.entities.named("Russia"),
    ],
)
def test_lookup_rules_search_indexes(filled, call):
    assert_indexed(filled, lambda: call(filled))


def test_co_actors_search_without_count_distinct(filled):
    russia = filled.entities.lookup("Russia")
    assert_indexed(filled, lambda: filled.aggregates.co_actors(russia.id))
    assert_indexed(filled, lambda: filled.aggregates.co_actors(russia.id, 25))


@pytest.mark.parametrize("limit", [None, 25])
def test_co_actors_read_the_pairs_index_not_the_events(filled, limit):
    """The ranking is a range of the co-occurrence index: no read of the entity's events."""
    russia = filled.entities.lookup("Russia")
    ranked = lambda: filled.aggregates.co_actors(russia.id, limit)  # noqa: E731
    lines = [line for _, plan in _plans(filled, ranked) for line in plan]
    searched = [_table(line) for line in lines if line.startswith("SEARCH")]
    assert "entity_pairs" in searched and "event_entities" not in searched, lines
    assert limit is None or any("entity_pairs_rank" in line for line in lines), lines


def test_co_actors_count_events_once_when_an_entity_is_actor_and_place(filled):
    russia = filled.entities.lookup("Russia")
    ranked = filled.aggregates.co_actors(russia.id)
    # Russia acts in the 100 even events; Actor k is in those with i % 7 == k.
    expected: dict[str, int] = {}
    for i in range(0, 200, 2):
        expected[f"Actor {i % 7}"] = expected.get(f"Actor {i % 7}", 0) + 1
    assert dict(ranked) == expected
    assert [n for _, n in ranked] == sorted((n for _, n in ranked), reverse=True)
    assert filled.aggregates.co_actors(russia.id, 3) == ranked[:3]


def test_entity_events_pages_read_the_entitys_links_in_page_order(filled):
    """A page is the first rows of the entity's links on (entity, when) however many
    events it has; every event (the JSON) is sorted on the (id, when) index."""
    russia = filled.entities.lookup("Russia")
    for offset in (0, 5, 90):
        assert_indexed(filled, lambda o=offset: filled.events.entity(russia.id, 5, o))
        page = [
            sql for sql, _ in _plans(filled, lambda o=offset: filled.events.entity(russia.id, 5, o))
        ]
        assert any("event_entities_entity_when" in sql for sql in page), page
    assert_indexed(filled, lambda: filled.events.entity(russia.id), walk=True)


def test_entity_events_pages_agree_with_every_event_in_order(filled):
    russia = filled.entities.lookup("Russia")
    everything, total = filled.events.entity(russia.id)
    assert total == 100 == len(everything)
    keys = [(e.when_end, e.when_start, e.id) for e in everything]
    assert keys == sorted(keys, reverse=True)
    for limit, offset in ((5, 0), (5, 5), (7, 93), (5, 100), (0, 0), (1, 99)):
        page, n = filled.events.entity(russia.id, limit, offset)
        assert n == 100 and page == everything[offset : offset + limit]


def test_an_entity_in_both_roles_of_its_events_pages_each_event_once(store):
    from tests.factories import document, extracted_event

    days = [dt.date(2025, 1, d) for d in (3, 1, 2, 2, 5)]
    store.apply_reload(
        [
            (
                document(),
                [
                    extracted_event(["Chile", "Peru"], ["Chile"], day=day, sentence=f"s{i}")
                    for i, day in enumerate(days)
                ],
            )
        ],
        [],
        NOW,
    )
    chile = store.entities.lookup("Chile")
    everything, total = store.events.entity(chile.id)
    assert total == 5 == len({e.id for e in everything})
    pages = [store.events.entity(chile.id, 2, offset)[0] for offset in (0, 2, 4)]
    assert [e.id for page in pages for e in page] == [e.id for e in everything]
    assert [e.when_end for e in everything] == sorted(
        (e.when_end for e in everything), reverse=True
    )


def test_sentence_pages_read_indexes_as_the_event_pages_do(filled):
    """Each list's page of sentences: the entity's links in page order (/who), the when
    index newest first (/since), and a search of the events of one paragraph for the
    others of a sentence; no scan of the events."""
    russia = filled.entities.lookup("Russia")
    for offset in (0, 5, 90):
        call = functools.partial(filled.sentences.entity, russia.id, 5, offset)
        assert_indexed(filled, call)
        assert any("event_entities_entity_when" in sql for sql, _ in _plans(filled, call))
    assert_indexed(filled, lambda: filled.sentences.entity(russia.id), walk=True)
    assert_indexed(filled, lambda: filled.sentences.place(russia.id, 5, 0))
    assert_indexed(filled, lambda: filled.sentences.timeline(russia.id, None, None, 5, 0))
    assert_indexed(filled, lambda: filled.sentences.search("event", 5, 0))
    for day in (dt.date(2024, 1, 1), dt.date(2025, 2, 1), dt.date(2030, 1, 1)):
        assert_indexed(filled, lambda d=day: filled.sentences.since(d, 5, 0))
    since = functools.partial(filled.sentences.since, dt.date(2025, 2, 1), 5, 0)
    lines = [line for _, plan in _plans(filled, since) for line in plan]
    assert any("events_document (document_id=? AND paragraph=?)" in line for line in lines)


def test_since_counts_and_pages_on_the_when_index(filled):
    for day in (dt.date(2024, 1, 1), dt.date(2024, 9, 1), dt.date(2025, 2, 1), dt.date(2030, 1, 1)):
        assert_indexed(filled, lambda d=day: filled.events.since(d, 5, 0))


def test_since_total_is_exact_whichever_side_is_counted(filled):
    ends = [r[0] for r in filled.db.execute("SELECT when_end FROM events")]
    for offset in range(-3, 205, 4):
        day = dt.date(2024, 8, 1) + dt.timedelta(days=offset)
        _, total = filled.events.since(day, 1)
        assert total == sum(1 for end in ends if end >= day.isoformat()), day


def test_digest_reads_through_an_index_for_a_day_and_for_everything(filled, monkeypatch):
    stamp = (NOW + dt.timedelta(hours=1)).isoformat(timespec="seconds")
    day = filled.events.ingested_since(stamp)
    assert len(day) == 50
    assert_indexed(filled, lambda: filled.events.ingested_since(stamp))
    assert_indexed(filled, lambda: filled.events.ingested_since(None), walk=True)
    monkeypatch.setattr(store_events, "DIGEST_WINDOW_INDEX_MAX", 10)  # a big window
    assert filled.events.ingested_since(stamp) == day
    assert_indexed(filled, lambda: filled.events.ingested_since(stamp), walk=True)


def test_names_are_read_once_per_store_generation(filled, tmp_path):
    names = filled.entities.names()
    assert {"Russia", "Kremlin", "Tartus", "Actor 3"} <= set(names)
    names.append("mutated by a caller")
    assert _plans(filled, filled.entities.names) == []  # from the cache: no SELECT ran
    assert "mutated by a caller" not in filled.entities.names()
    filled.apply_reload([(_doc("c.txt"), [_event(["Wallachia"])])], [], NOW)
    assert "Wallachia" in filled.entities.names()


def test_names_see_commits_from_another_connection(tmp_path):
    path = tmp_path / "b.db"
    with Store(path) as reader, Store(path) as writer:
        writer.apply_reload([(_doc("a.txt"), [_event(["Moldavia"])])], [], NOW)
        assert "Moldavia" in reader.entities.names()
        writer.apply_reload([(_doc("b.txt"), [_event(["Wallachia"])])], [], NOW)
        assert {"Moldavia", "Wallachia"} <= set(reader.entities.names())
