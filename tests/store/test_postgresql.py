"""What only the PostgreSQL backend has: the SQL translation, its own migrations, names
without case (citext), the tsvector index, one transaction per reload under MVCC, and
its messages. The rest of tests/store runs on both engines (tests/store/conftest.py)."""

from __future__ import annotations

import pytest

from bot.errors import StoreError
from bot.store import Store
from bot.store import writes as store_writes
from bot.store.engines.postgresql import connection as pg_connection
from bot.store.engines.postgresql import schema as pg_schema
from bot.store.engines.postgresql.connection import translate
from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event


@pytest.mark.parametrize(
    ("sqlite", "postgresql"),
    [
        ("SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = %s AND c = %s"),
        (
            "INSERT OR IGNORE INTO t (a) VALUES (?)",
            "INSERT INTO t (a) VALUES (%s) ON CONFLICT DO NOTHING",
        ),
        ("SELECT a FROM t INDEXED BY t_b WHERE b = ?", "SELECT a FROM t WHERE b = %s"),
        (
            "SELECT a FROM t ORDER BY a LIMIT ? OFFSET ?",
            "SELECT a FROM t ORDER BY a LIMIT nullif(%s::bigint, -1) OFFSET %s",
        ),
        # literals are left alone, but for psycopg's own '%'
        ("SELECT '?', name LIKE '% %' FROM t", "SELECT '?', name LIKE '%% %%' FROM t"),
        ("SELECT 'it''s ?' WHERE a = ?", "SELECT 'it''s ?' WHERE a = %s"),
    ],
)
def test_translate_respells_sqlite_for_postgresql(sqlite, postgresql):
    assert translate(sqlite) == postgresql


def test_translate_reads_named_parameters_only_when_named():
    assert translate("SELECT :e, x::text", named=True) == "SELECT %(e)s, x::text"
    assert translate("SELECT ':e'", named=True) == "SELECT ':e'"


@pytest.fixture
def pg_store(postgres_url):
    with Store(postgres_url) as s:
        yield s


def test_migrations_are_applied_once_and_recorded(pg_store, postgres_url):
    assert pg_schema.applied(pg_store.db) == pg_schema.known_migrations()
    with Store(postgres_url) as again:  # a second open finds nothing pending
        assert pg_schema.applied(again.db) == pg_schema.known_migrations()
        assert again.read_only is None


def test_a_newer_briefings_store_is_read_not_written(pg_store, postgres_url):
    pg_store.db.execute("INSERT INTO briefing_migrations (name) VALUES ('p999_future')")
    with Store(postgres_url) as newer:
        assert "p999_future" in (newer.read_only or "")
        assert newer.aggregates.counts()["documents"] == 0  # still read
        with pytest.raises(StoreError, match="newer Briefing"):
            newer.state.set("k", "v")


def test_names_are_case_insensitive_by_citext_and_unique(pg_store):
    pg_store.apply_reload([(document(), [event(["Russia"]), event(["RUSSIA"])])], [], NOW)
    assert pg_store.aggregates.counts()["entities"] == 1  # one entity, whatever the case
    assert pg_store.entities.lookup("rUsSiA").name == "Russia"
    types = dict(
        pg_store.db.execute(
            "SELECT table_name || '.' || column_name, udt_name FROM information_schema.columns"
            " WHERE column_name IN ('name', 'alias')"
        ).fetchall()
    )
    assert types["entities.name"] == "citext" and types["aliases.alias"] == "citext"


def test_search_reads_a_tsvector_column_through_a_gin_index(pg_store):
    indexes = dict(pg_store.db.execute("SELECT indexname, indexdef FROM pg_indexes").fetchall())
    assert "USING gin (sentence_search)" in indexes["events_search"]
    pg_store.apply_reload(
        [(document(), [event(["Russia"], sentence="Russia moved the troops north.")])], [], NOW
    )
    assert pg_store.events.search("troop")[1] == 1  # stemmed
    assert pg_store.events.search("the")[1] == 1  # no stop words dropped, as SQLite's porter
    assert pg_store.events.search("moved north")[1] == 1  # every word, in any order
    assert pg_store.events.search("north moved troops army")[1] == 0
    assert pg_store.events.search("'; DROP TABLE events; --")[1] == 0  # words, never syntax


def test_a_failed_reload_leaves_the_corpus_as_it_was(pg_store, postgres_url, monkeypatch):
    pg_store.apply_reload([(document(), [event(["Russia"])])], [], NOW)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_writes, "replace_known_aliases", fail)
    with pytest.raises(RuntimeError):
        pg_store.apply_reload(
            [(document("b.txt", "2" * 64), [event(["Syria"])])], ["a.txt"], NOW, known_aliases={}
        )
    with Store(postgres_url) as reader:
        assert reader.aggregates.counts() == {"documents": 1, "events": 1, "entities": 1}
        assert (
            reader.entities.lookup("Russia") is not None and reader.entities.lookup("Syria") is None
        )


def test_a_reader_sees_the_old_corpus_until_the_reload_commits(pg_store, postgres_url):
    pg_store.apply_reload([(document(), [event(["Russia"])])], [], NOW)
    with Store(postgres_url) as reader, pg_store.db.atomic():
        store_writes.apply_reload(
            pg_store.db, [(document("b.txt", "2" * 64), [event(["Syria"])])], ["a.txt"], "t"
        )
        assert (
            reader.aggregates.counts()["documents"] == 1
            and reader.entities.lookup("Russia") is not None
        )
    with Store(postgres_url) as reader:
        assert (
            reader.entities.lookup("Russia") is None and reader.entities.lookup("Syria") is not None
        )


def test_an_empty_database_is_no_store_for_a_question(postgres_url):
    with pytest.raises(StoreError, match="No store in"):
        Store(postgres_url, create=False)


def test_an_unreachable_server_is_one_message_without_the_password():
    with pytest.raises(StoreError, match="Cannot open the PostgreSQL store") as raised:
        Store("postgresql://me:s3cret@127.0.0.1:1/news")
    assert "s3cret" not in raised.value.message


def test_one_reload_at_a_time_across_connections(pg_store, postgres_url):
    import threading

    entered = threading.Event()

    def second() -> None:
        with Store(postgres_url) as other, other.reload_lock():
            entered.set()

    with pg_store.reload_lock():
        waiter = threading.Thread(target=second)
        waiter.start()
        assert not entered.wait(1.0)  # the second reload waits for the first
    waiter.join(30)
    assert entered.is_set()  # and goes on once it is released


def _plan_nodes(plan: dict) -> list[dict]:
    return [plan, *(n for child in plan.get("Plans", []) for n in _plan_nodes(child))]


def test_autocomplete_reads_a_short_prefix_down_its_tables_key(pg_store):
    """A short prefix's offers are the first rows of the completion table's key read
    backwards (most linked first): no sort of the prefix's entities, however many."""
    from bot.store import entities

    pg_store.apply_reload(
        [(document(), [event(["Russia", f"Ruler {i}"], sentence=f"R {i}.") for i in range(300)])],
        [],
        NOW,
    )
    pg_store.db.execute("ANALYZE")
    sql = f"EXPLAIN (FORMAT JSON) {entities._FROM_TABLE}"
    nodes = _plan_nodes(pg_store.db.execute(sql, ("ru", 25)).fetchone()[0][0]["Plan"])
    scans = [n for n in nodes if n.get("Relation Name") == "completions"]
    assert [(n["Index Name"], n["Scan Direction"]) for n in scans] == [
        ("completions_pkey", "Backward")
    ], nodes
    assert not any(n["Node Type"] == "Sort" for n in nodes), nodes
    assert pg_store.entities.complete("ru", 2) == ["Russia", "Ruler 299"]


@pytest.mark.parametrize("many", [False, True])
def test_autocomplete_keeps_its_plan_whatever_the_estimates(pg_store, many):
    """Both plans of a prefix longer than autocomplete's table read ranks or keys one
    entity at a time (a subplan), never by hashing the matches against every rank or
    key; and both give the same answer."""
    from bot.store import entities
    from bot.store.engines.postgresql import operations as postgresql

    pg_store.apply_reload(
        [(document(), [event(["Russia", f"Ruler {i}"], sentence=f"R {i}.") for i in range(30)])],
        [],
        NOW,
    )
    bounds = ("rule", "rule" + entities._TOP, 5)
    params = {False: bounds, True: ("rul", *bounds)}  # the walk reads the list of 'rul'
    sql = postgresql.completion_sql(entities._COMPLETED_RULES, many)
    plan = pg_store.db.execute(f"EXPLAIN (FORMAT JSON) {sql}", params[many]).fetchone()[0]
    nodes = _plan_nodes(plan[0]["Plan"])
    assert any(n.get("Parent Relationship") == "SubPlan" for n in nodes), nodes
    assert not any(n["Node Type"].startswith("Hash") for n in nodes), nodes
    answers = {
        flag: [
            r[0]
            for r in pg_store.db.execute(
                postgresql.completion_sql(entities._COMPLETED_RULES, flag), params[flag]
            )
        ]
        for flag in (False, True)
    }
    assert (
        answers[False]
        == answers[True]
        == ["Ruler 29", "Ruler 28", "Ruler 27", "Ruler 26", "Ruler 25"]
    )


def _statements_of_a_reload(store: Store, events: int, file: str) -> int:
    """How many statements (each a round trip to the server, or one pipelined batch)
    one document of `events` events, each with a new entity, costs a reload."""
    db, sent = store.db, [0]

    def counted(method: str):
        def call(*args, **kwargs):
            sent[0] += 1
            return getattr(type(db), method)(db, *args, **kwargs)

        return call

    db.execute, db.executemany = counted("execute"), counted("executemany")
    try:
        made = [event(["Russia", f"{file} {i}"], sentence=f"R {i}.") for i in range(events)]
        store.apply_reload([(document(file, file[0] * 64), made)], [], NOW)
    finally:
        del db.execute, db.executemany
    return sent[0]


def test_a_documents_events_and_new_entities_are_written_in_batches(pg_store):
    """The statements of a reload do not grow with a document's events or new entities:
    a server database pays a round trip per statement, not per row."""
    assert _statements_of_a_reload(pg_store, 40, "b.txt") == _statements_of_a_reload(
        pg_store, 4, "c.txt"
    )


def test_executemany_of_many_rows_goes_over_copy_with_the_same_meaning(pg_store, monkeypatch):
    """From COPY_ROWS rows an INSERT's rows go over COPY (through a temporary table when
    it has a conflict clause): ids in the rows' order, NULLs and bytes kept, OR IGNORE
    and ON CONFLICT … DO UPDATE as row by row; fewer rows as before."""
    monkeypatch.setattr(pg_connection, "COPY_ROWS", 3)
    db = pg_store.db
    db.execute(
        "CREATE TABLE scratch (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " name TEXT UNIQUE, n INTEGER NOT NULL DEFAULT 0, blob BYTEA)"
    )
    copies = []
    connection = db._live()
    cursor = connection.cursor

    class Cursor:  # notes the COPY statements a cursor sends
        def __init__(self):
            self.cursor = cursor()

        def copy(self, statement, *args, **kwargs):
            copies.append(statement)
            return self.cursor.copy(statement, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(self.cursor, name)

    with db.atomic():
        connection.cursor = Cursor
        try:
            db.executemany(
                "INSERT INTO scratch (name, n, blob) VALUES (?, ?, ?)",
                [(f"n{i}", i, None if i % 2 else bytes([i, 0, 255, 10])) for i in range(50)],
            )
            db.executemany(
                "INSERT OR IGNORE INTO scratch (name, n) VALUES (?, ?)",
                [("n3", 99), ("new", 1), ("new", 2), (None, 7), ("tab\tline\nend", 8)],
            )
            db.executemany(
                "INSERT INTO scratch (name, n) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET n = scratch.n + excluded.n",
                [("n4", 100), ("n5", 100), ("other", 5)],
            )
            db.executemany("INSERT INTO scratch (name) VALUES (?)", [("two",), ("rows",)])
        finally:
            del connection.cursor
    assert copies == [
        "COPY scratch (name, n, blob) FROM STDIN",
        "COPY briefing_rows (name, n) FROM STDIN",
        "COPY briefing_rows (name, n) FROM STDIN",
    ]
    rows = db.execute("SELECT id, name, n, blob FROM scratch ORDER BY id").fetchall()
    assert [(r[1], r[2]) for r in rows[:50]] == [
        (f"n{i}", i + 100 * (i in (4, 5))) for i in range(50)
    ]
    assert [r[0] for r in rows[:50]] == sorted(r[0] for r in rows[:50])  # ids in row order
    assert rows[2][3] == bytes([2, 0, 255, 10]) and rows[3][3] is None
    assert [(r[1], r[2]) for r in rows[50:]] == [
        ("new", 1), (None, 7), ("tab\tline\nend", 8), ("other", 5), ("two", 0), ("rows", 0)
    ]  # fmt: skip
