"""Pages of sentences (bot.store.sentences): every list shows a sentence once, with the
events it found in it, cut to pages in SQL, its total counted in sentences (from tallies
for /who and /since); the same as grouping the lists of events by sentence."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable

import pytest

from bot.store import Store, StoredEvent, StoredSentence
from bot.store.engines import is_postgresql
from bot.store.sentence_tallies import ENTITY_SENTENCES, SENTENCE_DAYS
from tests.conftest import NOW
from tests.factories import TRUCE, document, sentence_events, truce_events
from tests.factories import extracted_event as event

NAMES = ["Russia", "Syria", "Iran", "Turkey", "Tartus", "Kyiv"]
TEXTS = [f"Talks {c} go on." for c in "ABCD"]
FILES = [f"f{i}.txt" for i in range(4)]
DAYS = ["2024-12-31", "2025-01-01", "2025-01-02", "2025-01-04", "2025-01-05"]
START, END = dt.date(2025, 1, 1), dt.date(2025, 1, 4)  # a timeline's bounds


def _random_events(rng: random.Random) -> list:
    """A document's events: few texts over two paragraphs, so that sentences hold several
    events (on different days too) and a text recurs in another paragraph."""
    events = []
    for paragraph in range(rng.randint(1, 2)):
        for _ in range(rng.randint(0, 6)):
            actors = rng.sample(NAMES, rng.randint(0, 3))
            places = rng.sample(NAMES, rng.randint(0, 2))
            day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(-1, 5))
            made = event(actors, places, day, rng.choice(TEXTS))
            events.append(dataclasses.replace(made, paragraph=paragraph))
    return events


def _random_reload(rng: random.Random, store: Store, step: int) -> None:
    changed = [
        (document(f, sha256=f"{step}{f}".ljust(64, "0")), _random_events(rng))
        for f in rng.sample(FILES, rng.randint(0, 3))
    ]
    kept = {d.file for d, _ in changed}
    removed = [f for f in rng.sample(FILES, rng.randint(0, 1)) if f not in kept]
    store.apply_reload(changed, removed, NOW)


def grouped(events: list[StoredEvent]) -> list[tuple[int, list[int]]]:
    """A list of events as sentences: each (document, paragraph, text) once where it first
    comes (its lead), with its events in stored order."""
    found: dict[tuple[str, int, str], list[StoredEvent]] = {}
    for e in events:
        found.setdefault((e.file, e.paragraph, e.sentence), []).append(e)
    return [(group[0].id, sorted(e.id for e in group)) for group in found.values()]


def shape(sentences: list[StoredSentence]) -> list[tuple[int, list[int]]]:
    return [(s.lead.id, [e.id for e in s.events]) for s in sentences]


Pages = Callable[..., tuple[list, int]]


def _assert_pages_agree(pages: Pages, events: Pages) -> None:
    """The sentences `pages` lists are the events `events` lists grouped by sentence, and
    every page is the slice of them."""
    everything, total = pages()
    expected = grouped(events()[0])
    assert shape(everything) == expected and total == len(expected)
    for limit, offset in ((1, 0), (2, 1), (3, 2), (2, total - 1), (5, total)):
        page, n = pages(limit, max(offset, 0))
        assert n == total and page == everything[max(offset, 0) : max(offset, 0) + limit]


def _assert_lists_agree(store: Store) -> None:
    for name in NAMES:
        entity = store.entities.lookup(name)
        if entity is None:
            continue
        i = entity.id
        _assert_pages_agree(
            lambda *p, i=i: store.sentences.entity(i, *p),
            lambda *p, i=i: store.events.entity(i, *p),
        )
        _assert_pages_agree(
            lambda *p, i=i: store.sentences.place(i, *p),
            lambda *p, i=i: store.events.place(i, *p),
        )
        _assert_pages_agree(
            lambda *p, i=i: store.sentences.timeline(i, START, END, *p),
            lambda *p, i=i: store.events.timeline(i, START, END, *p),
        )
    for day in DAYS:
        since = dt.date.fromisoformat(day)
        _assert_pages_agree(
            lambda *p, d=since: store.sentences.since(d, *p),
            lambda *p, d=since: store.events.since(d, *p),
        )
    for words in ("talks", "B go"):
        _assert_pages_agree(
            lambda *p, w=words: store.sentences.search(w, *p),
            lambda *p, w=words: store.events.search(w, *p),
        )


@pytest.mark.parametrize("seed", range(3))
def test_every_list_is_its_events_grouped_by_sentence_after_any_reload_history(store, seed):
    rng = random.Random(seed)
    for step in range(8):
        _random_reload(rng, store, step)
        assert SENTENCE_DAYS.stored(store.db) == SENTENCE_DAYS.counted(store.db)
        assert ENTITY_SENTENCES.stored(store.db) == ENTITY_SENTENCES.counted(store.db)
        _assert_lists_agree(store)
    assert any(len(s.events) > 1 for s in store.sentences.since(dt.date.min)[0])


def test_a_sentence_is_one_item_with_its_events_and_the_union_of_their_names(store):
    store.apply_reload([(document(), truce_events())], [], NOW)
    found, total = store.sentences.search("truce")
    assert total == 5 and [s.sentence for s in found].count(TRUCE) == 1
    truce = found[2]
    assert truce.actors == ("Russia", "Syria", "Iran", "Turkey")
    assert truce.places == ("Tartus", "Latakia")
    russia = store.entities.lookup("Russia")
    assert store.sentences.entity(russia.id)[1] == 5 == store.sentences.since(dt.date.min)[1]
    (mine,) = [s for s in store.sentences.entity(russia.id)[0] if s.sentence == TRUCE]
    assert mine.actors == ("Russia", "Syria") and len(mine.events) == 2


def test_a_sentence_is_listed_and_dated_by_its_first_event_in_the_lists_order(store):
    """'Announces today what happened last week': newest first it is today's, oldest first
    last week's; the same text in another paragraph is another sentence."""
    said = "Moscow announces that Kyiv struck a depot last week."
    events = [
        *sentence_events(said, [(["Russia"], []), (["Ukraine"], ["Russia"])], "2025-02-12"),
        *sentence_events(said, [(["Russia"], [])], "2025-02-01", paragraph=1),
    ]
    events[1] = dataclasses.replace(events[1], when=event(["x"], day="2025-02-05").when)
    store.apply_reload([(document(), events)], [], NOW)
    russia = store.entities.lookup("Russia").id
    newest, total = store.sentences.entity(russia)
    assert total == 2 and [s.lead.when_start for s in newest] == ["2025-02-12", "2025-02-01"]
    assert [len(s.events) for s in newest] == [2, 1]
    oldest, _ = store.sentences.timeline(russia)
    assert [s.lead.when_start for s in oldest] == ["2025-02-01", "2025-02-05"]
    since, total = store.sentences.since(dt.date(2025, 2, 6))
    assert total == 1 and [len(s.events) for s in since] == [1]


def test_past_the_end_keeps_the_total(store):
    store.apply_reload([(document(), truce_events())], [], NOW)
    russia = store.entities.lookup("Russia").id
    assert store.sentences.entity(russia, 5, 5) == ([], 5)
    assert store.sentences.place(russia, 5, 5) == ([], 5)
    assert store.sentences.search("truce", 2, 7) == ([], 5)
    assert store.sentences.search("   ") == ([], 0)


def _leads(store: Store) -> dict[int, int]:
    return dict(store.db.execute("SELECT id, sentence_lead FROM events").fetchall())


def test_the_migration_counts_the_sentences_of_an_existing_store(location):
    with Store(location) as store:
        store.apply_reload([(document(), truce_events())], [], NOW)
        expected = (SENTENCE_DAYS.stored(store.db), ENTITY_SENTENCES.stored(store.db))
        leads = _leads(store)
        ledger, name = (
            ("briefing_migrations", "p015_sentences")
            if is_postgresql(store.db)
            else ("_sqlite_migrations", "m022_sentences")
        )
        with store.db.atomic():  # as a store written before the tables and column existed
            store.db.execute("DROP TABLE sentence_days")
            store.db.execute("DROP TABLE entity_sentences")
            store.db.execute("ALTER TABLE events DROP COLUMN sentence_lead")
            store.db.execute(f"DELETE FROM {ledger} WHERE name = ?", (name,))
    with Store(location) as store:
        assert _leads(store) == leads and sum(leads.values()) == 5
        assert (SENTENCE_DAYS.stored(store.db), ENTITY_SENTENCES.stored(store.db)) == expected
        assert expected[0] == {(d,): 1 for d in ("2025-02-11", "2025-02-12", "2025-02-13",
                                                 "2025-02-14", "2025-02-15")}  # fmt: skip
        assert expected[1][(store.entities.lookup("Russia").id,)] == 5
