"""Copying a store (`briefing migrate`): every table, ids included, into an empty store
of either engine, in one transaction."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.errors import StoreError
from bot.store import FeedUpdate, FilterRule, ItemRow, Pace, Store
from bot.store.copy import TABLES, row_counts
from bot.store.engines import is_postgresql
from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event

PERSON = {"Hans Grundberg": "person", "Grundberg": "person"}


def _filled(path) -> Store:
    """A SQLite store with rows in every table the copy carries."""
    store = Store(path)
    moved = event(["Russia", "Syria"], ["Tartus"], sentence="Russia moved ships to Tartus.")
    aliased = event(["Syria"], sentence="Damascus spoke.", surfaces={"Syria": {"Damascus"}})
    # The same person twice in one event: the store-wide linking sets one aside.
    envoy = event(["Hans Grundberg", "Grundberg"], sentence="Hans Grundberg spoke.", kinds=PERSON)
    store.apply_reload(
        [(document(), [moved, aliased, envoy])],
        [],
        NOW,
        state={"last_reload": "x"},
        known_aliases={"RF": "Russia"},
        seats={"Moscow": "Russia"},
    )
    store.follows.follow("discord:1", "Russia", NOW)
    store.apply_reload(
        [
            (
                document("b.txt", "2" * 64),
                # A bare surname the store-wide linking files under its person (name_joins).
                [event(["Russia", "Grundberg"], sentence="Russia left.", kinds=PERSON)],
            )
        ],
        [],
        NOW,
    )
    store.follows.claim_alerts("discord:1", "b1", NOW)
    ((_, item),) = store.follows.alert_items("discord:1", "b1")
    store.alert_stories.plan("discord:1", "b1", [[[(item.file, item.sentence)]]], {}, NOW)
    store.digests.claim("discord:1", "2025-02-18", NOW)
    store.digests.mark_posted("discord:1", "2025-02-18", "m1", NOW)
    store.channels.set("discord:1", "g1", "08:00", "UTC", True, NOW)
    feed = store.feeds.add("Wire", "https://wire.example/feed.xml", 900, False, NOW)
    item = ItemRow("w-1", "c" * 64, "feeds/wire-1/2025-02-18-abc.jsonl#1", True, b"\x01" * 256)
    store.feeds.record(feed.id, FeedUpdate(NOW, NOW, ok=True, status=200, items=[item], new=1))
    store.filters.add("discord:1", FilterRule("digest", "exclude", "section", "Sports"), NOW)
    store.pace.set(Pace("discord:1", 5, "22:00", "07:00", "Europe/Paris", threads=True), NOW)
    store.follows.set_mention("discord:1", "Russia", "discord-role:1234567890")
    store.outbox.add("slack:C1", "Problem: a reload skipped 1 document", NOW)
    return store


def _answers(store: Store) -> tuple:
    """What the bot reads of a store, as comparable values."""
    russia = store.entities.lookup("russia")
    return (
        russia,
        store.entities.lookup("Damascus"),
        store.entities.keyed(["acronym", "alias"], "rf"),
        store.events.entity(russia.id),
        store.events.search("ships"),
        store.aggregates.co_actors(russia.id),
        store.digests.ledger(),
        store.channels.all(),
        store.follows.following("discord:1"),
        store.filters.of("discord:1"),
        store.pace.get("discord:1"),
        store.outbox.waiting(),
        store.follows.mentions("discord:1"),
        store.follows.alert_ledger("discord:1"),
        store.state.get("last_reload"),
        sorted(store.entities.names()),
        store.entities.complete("s"),  # autocomplete's table
        store.feeds.all(),
        store.feeds.items_of(1),
        store.feeds.recent_signatures(NOW - dt.timedelta(days=1)),
    )


def test_a_copy_answers_as_the_original(tmp_path, location):
    with _filled(tmp_path / "source.db") as source, Store(location) as target:
        copied = target.copy_from(source)
        assert set(copied) == set(TABLES) and all(copied.values())  # every table had rows
        assert row_counts(target.db) == row_counts(source.db)
        assert _answers(target) == _answers(source)
        # The copy goes on as a store: new rows get new ids.
        target.apply_reload(
            [(document("c.txt", "3" * 64), [event(["Iran"], sentence="Iran spoke.")])], [], NOW
        )
        assert target.entities.lookup("Iran").id > max(
            e[0] for e in source.db.execute("SELECT id FROM entities")
        )


def test_a_store_that_holds_rows_is_not_a_target(tmp_path, location):
    with _filled(tmp_path / "source.db") as source, Store(location) as target:
        target.state.set("mine", "1")
        with pytest.raises(StoreError, match="not empty"):
            target.copy_from(source)
        assert target.aggregates.counts()["documents"] == 0 and target.state.get("mine") == "1"


def test_a_failed_copy_leaves_the_target_empty(tmp_path, location):
    def fail(table: str, rows: int) -> None:
        if table == "alerts":
            raise RuntimeError("connection lost")

    with _filled(tmp_path / "source.db") as source, Store(location) as target:
        with pytest.raises(RuntimeError):
            target.copy_from(source, progress=fail)
        assert not any(row_counts(target.db).values())


def test_the_migrate_command_copies_a_file_into_postgresql(tmp_path, location):
    _filled(tmp_path / "source.db").close()
    target = str(location)
    done = CliRunner().invoke(
        app, ["migrate", "--from", str(tmp_path / "source.db"), "--to", target, "--json"]
    )
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["copied"]["documents"] == 2
    with Store(location) as copied:
        assert copied.entities.lookup("Syria") is not None
    again = CliRunner().invoke(
        app, ["migrate", "--from", str(tmp_path / "source.db"), "--to", target, "--json"]
    )
    assert again.exit_code == 1 and "not empty" in json.loads(again.output)["error"]


def test_migrate_from_a_missing_store_says_so(tmp_path):
    done = CliRunner().invoke(
        app, ["migrate", "--from", str(tmp_path / "none.db"), "--to", str(tmp_path / "n.db")]
    )
    assert done.exit_code == 1 and "No store at" in done.output
    assert not (tmp_path / "n.db").exists()


# Text that COPY's text format must escape: its delimiters, its NULL marker and its
# end-of-data line, a carriage return, non-ASCII and astral characters.
AWKWARD = ["tab\there", "new\nline", "back\\slash", "\\N", "\\.", "cr\rlf", "Élysée 🚀 ß"]


def _rows(store: Store, table: str) -> list[tuple]:
    return list(store.db.execute(f"SELECT {', '.join(TABLES[table])} FROM {table} ORDER BY 1"))


def test_awkward_text_and_nulls_are_copied_as_they_are(tmp_path, location):
    with Store(tmp_path / "source.db") as source, Store(location) as target:
        source.apply_reload(
            [
                (
                    document(f"{text}.txt", f"{i}" * 64, title=None if i % 2 else text),
                    [event(["Russia"], sentence=f"Russia said {text}.", action=text)],
                )
                for i, text in enumerate(AWKWARD)
            ],
            [],
            NOW,
            state={text: text for text in AWKWARD},
        )
        target.copy_from(source)
        for table in ("documents", "events", "state"):
            assert _rows(target, table) == _rows(source, table)
        assert any(row[3] is None for row in _rows(target, "documents"))  # titles stayed NULL
        found, _ = target.events.search("Élysée")
        assert [e.sentence for e in found] == ["Russia said Élysée 🚀 ß."]


def test_ids_go_on_after_the_copied_ones(tmp_path, location):
    with _filled(tmp_path / "source.db") as source, Store(location) as target:
        target.copy_from(source)
        target.apply_reload(
            [(document("c.txt", "3" * 64), [event(["Iran"], sentence="Iran spoke.")])], [], NOW
        )
        for table in ("documents", "events", "entities"):
            copied = max(r[0] for r in source.db.execute(f"SELECT id FROM {table}"))
            new = target.db.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
            assert new > copied, table


def _schema(store: Store) -> list[tuple]:
    """The store's indexes, triggers and constraints, as the engine describes them."""
    if is_postgresql(store.db):
        indexes = store.db.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
        ).fetchall()
        keys = store.db.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
        ).fetchall()
        return sorted(indexes + keys)
    return sorted(store.db.execute("SELECT type, name, sql FROM sqlite_master"))


@pytest.mark.parametrize("fails", [False, True])
def test_the_copy_leaves_the_targets_indexes_and_keys_as_they_were(tmp_path, location, fails):
    def fail(table: str, rows: int) -> None:
        if fails and table == "alerts":
            raise RuntimeError("connection lost")

    with _filled(tmp_path / "source.db") as source, Store(location) as target:
        before = _schema(target)
        assert len(before) > 20
        if fails:
            with pytest.raises(RuntimeError):
                target.copy_from(source, progress=fail)
        else:
            target.copy_from(source, progress=fail)
        assert _schema(target) == before


def test_a_copy_into_postgresql_is_all_visible_at_once(tmp_path, location):
    """COPY FREEZE: index-only scans of the copied rows visit no heap page, with no
    vacuum after the copy."""
    with _filled(tmp_path / "source.db") as source, Store(location) as target:
        if not is_postgresql(target.db):
            pytest.skip("PostgreSQL's visibility map")
        target.copy_from(source)
        pages = target.db.execute(
            "SELECT relpages, relallvisible FROM pg_class WHERE relname = 'events'"
        ).fetchone()
        assert pages[0] > 0 and pages[1] == pages[0]
