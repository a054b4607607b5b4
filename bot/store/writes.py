"""Writing a reload: documents, their events, entities, aliases and links.

Everything here runs in the caller's transaction (`Store.apply_reload` opens it), so a
reload is applied whole or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from sqlite_utils import Database

from bot.extraction.extractor import Event
from bot.extraction.names.surface import normalise
from bot.seeds import Document
from bot.store import tallies
from bot.store.days import DAYS, EVENT_DAYS
from bot.store.pairs import PAIRS
from bot.store.sentence_tallies import ENTITY_SENTENCES, SENTENCE_DAYS
from bot.store.state import set_state


def apply_reload(
    db: Database,
    changed: Sequence[tuple[Document, list[Event]]],
    removed: Iterable[str],
    stamp: str,
    state: dict[str, str] | None = None,
) -> None:
    """Replace changed documents, drop removed ones, keep the tallies (co-occurrence,
    days and sentences), drop orphan entities and set state."""
    conn = db.conn
    entity_ids: dict[str, int] = {}
    removed = list(removed)
    # The tallies (co-occurrence, days, sentences) lose the events of the documents that go
    # and gain those of the documents that come, netted so that an unchanged count is not
    # written.
    going = tallies.documents_of_files(db, [*removed, *(d.file for d, _ in changed)])
    kept = (PAIRS, DAYS, EVENT_DAYS, SENTENCE_DAYS, ENTITY_SENTENCES)
    gone = {tally: tally.of_documents(db, going) for tally in kept}
    conn.executemany(
        "DELETE FROM documents WHERE file = ?",
        [(f,) for f in [*removed, *(d.file for d, _ in changed)]],
    )
    new_ids = [insert_document(db, document, stamp) for document, _ in changed]
    insert_events(
        db, list(zip(new_ids, (events for _, events in changed), strict=True)), stamp, entity_ids
    )
    for tally, counts in gone.items():
        tally.apply(db, tally.of_documents(db, new_ids), counts)
    # Entities whose last event went with a replaced or removed document.
    conn.execute(
        "DELETE FROM entities WHERE NOT EXISTS"
        " (SELECT 1 FROM event_entities ee WHERE ee.entity_id = entities.id)"
    )
    for key, value in (state or {}).items():
        set_state(db, key, value)


def insert_document(db: Database, document: Document, stamp: str) -> int:
    """Insert one document row; its id."""
    return db.conn.execute(
        "INSERT INTO documents (file, sha256, title, source, url, published, words,"
        " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            document.file,
            document.sha256,
            document.title,
            document.source,
            document.url,
            document.published.isoformat(),
            document.words,
            stamp,
        ),
    ).fetchone()[0]


def entity_id(db: Database, name: str, kind: str, cache: dict[str, int]) -> int:
    """The id of the entity named `name` (any case), created with `kind` if new (its kind
    is then settled over all its links by `settle_entities`)."""
    key = name.lower()
    if key not in cache:
        conn = db.conn
        conn.execute(
            "INSERT INTO entities (name, kind) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            (name, kind),
        )
        cache[key] = conn.execute("SELECT id FROM entities WHERE name = ?", (name,)).fetchone()[0]
    return cache[key]


def entity_ids(db: Database, names: dict[str, str], cache: dict[str, int]) -> None:
    """Put in `cache` (by lowercased name) the id of each entity of `names` (name: kind),
    created with that kind if new (see `entity_id`): two statements for all of them, so
    a server database pays two round trips per document, not two per new name."""
    new: dict[str, tuple[str, str]] = {}
    for name, kind in names.items():
        if name.lower() not in cache:
            new.setdefault(name.lower(), (name, kind))
    if not new:
        return
    conn = db.conn
    conn.executemany(
        "INSERT INTO entities (name, kind) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        list(new.values()),
    )
    spelled = [name for name, _ in new.values()]
    for i in range(0, len(spelled), 500):
        batch = spelled[i : i + 500]
        for found_id, found in conn.execute(
            f"SELECT id, name FROM entities WHERE name IN ({','.join('?' * len(batch))})",
            batch,
        ):
            cache[found.lower()] = found_id
    for key, (name, kind) in new.items():
        if key not in cache:  # a name whose case folds apart from Python's lower()
            cache[key] = entity_id(db, name, kind, cache)


def insert_events(
    db: Database, written: Sequence[tuple[int, list[Event]]], stamp: str, cache: dict[str, int]
) -> None:
    """Insert the events of new documents (their ids with their events), with their
    entity links and the aliases seen for them: one batch per table for all of them, so
    a server database pays a statement per table, not per document or row (the documents
    are new in this transaction, so their events' ids in id order are the order they
    were inserted in)."""
    conn = db.conn
    rows = []
    for doc_id, events in written:
        leads = sentence_leads(events)
        rows += [
            (
                doc_id,
                event.paragraph,
                event.sentence,
                event.action,
                event.attribution,
                event.when.start.isoformat(),
                event.when.end.isoformat(),
                event.when.granularity,
                event.when.text,
                stamp,
                json.dumps(event.sources, ensure_ascii=False),
                event.section,
                json.dumps([d.to_json() for d in event.dates], ensure_ascii=False),
                int(i in leads),
            )
            for i, event in enumerate(events)
        ]
    conn.executemany(
        "INSERT INTO events (document_id, paragraph, sentence, action, attribution,"
        " when_start, when_end, granularity, when_text, ingested_at, sources, section, dates,"
        " sentence_lead) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    event_ids = _event_ids(db, [doc_id for doc_id, _ in written])
    first_kinds: dict[str, str] = {}  # each name with the kind of its first link
    for _, events in written:
        for event in events:
            for name in (*event.actors, *event.places):
                first_kinds.setdefault(name, event.kinds.get(name, "organisation"))
    entity_ids(db, first_kinds, cache)
    links: list[tuple[int, int, str, int, str, str, str, str]] = []
    aliases: set[tuple[str, int, int, str]] = set()
    for doc_id, events in written:
        for event_id, event in zip(event_ids.get(doc_id, []), events, strict=True):
            # A link carries its event's dates, so an entity's page is a range of its links.
            dates = (event.when.end.isoformat(), event.when.start.isoformat())
            for role, names in (("actor", event.actors), ("place", event.places)):
                for position, name in enumerate(names):
                    kind = event.kinds.get(name, "organisation")
                    linked = entity_id(db, name, kind, cache)
                    links.append((event_id, linked, role, position, kind, *dates, name))
                    aliases.update(
                        (s, linked, doc_id, name) for s in event.surfaces.get(name, ()) if s
                    )
    conn.executemany(
        "INSERT OR IGNORE INTO event_entities (event_id, entity_id, role, position, kind,"
        " when_end, when_start, written) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        links,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO aliases (alias, entity_id) VALUES (?, ?)",
        sorted({(alias, linked) for alias, linked, _, _ in aliases}),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO alias_sources (alias, entity_id, document_id, written)"
        " VALUES (?, ?, ?, ?)",
        sorted(aliases),
    )


def _event_ids(db: Database, documents: Sequence[int]) -> dict[int, list[int]]:
    """The ids of each document's events, in id order."""
    found: dict[int, list[int]] = {}
    for i in range(0, len(documents), 500):
        batch = documents[i : i + 500]
        marks = ",".join("?" * len(batch))
        for doc_id, event_id in db.conn.execute(
            f"SELECT document_id, id FROM events WHERE document_id IN ({marks}) ORDER BY id",
            batch,
        ):
            found.setdefault(doc_id, []).append(event_id)
    return found


def sentence_leads(events: Sequence[Event]) -> set[int]:
    """The positions of a document's events that are their sentence's newest (by their
    dates' end, then start, then position: the ids they get), one per sentence (its
    paragraph and text): the event /since and /search list the sentence by."""
    newest: dict[tuple[int, str], tuple[str, str, int]] = {}
    for i, event in enumerate(events):
        key = (event.when.end.isoformat(), event.when.start.isoformat(), i)
        sentence = (event.paragraph, event.sentence)
        newest[sentence] = max(newest.get(sentence, key), key)
    return {key[2] for key in newest.values()}


def settle_entities(db: Database, ids: Iterable[int]) -> None:
    """Make these entities what the current documents say, whatever order they came in:
    the kind most of their links give (those written with the entity's own name first,
    so that a surname the model took for an organisation does not make its person one;
    ties by name of kind), and the aliases that a stored document gives them, only
    those."""
    conn = db.conn
    chosen = sorted(set(ids))
    for i in range(0, len(chosen), 500):
        batch = chosen[i : i + 500]
        marks = ",".join("?" * len(batch))
        conn.execute(
            "UPDATE entities SET kind = (SELECT ee.kind FROM event_entities ee"
            " WHERE ee.entity_id = entities.id AND ee.kind IS NOT NULL GROUP BY ee.kind"
            " ORDER BY sum(CASE WHEN ee.written = (SELECT x.name FROM entities x"
            " WHERE x.id = ee.entity_id) THEN 1 ELSE 0 END) DESC,"
            " count(*) DESC, ee.kind LIMIT 1)"
            f" WHERE id IN ({marks}) AND EXISTS (SELECT 1 FROM event_entities ee"
            " WHERE ee.entity_id = entities.id AND ee.kind IS NOT NULL)",
            batch,
        )
        conn.execute(
            "INSERT OR IGNORE INTO aliases (alias, entity_id) SELECT DISTINCT alias, entity_id"
            f" FROM alias_sources WHERE entity_id IN ({marks})",
            batch,
        )
        conn.execute(
            f"DELETE FROM aliases WHERE entity_id IN ({marks}) AND NOT EXISTS"
            " (SELECT 1 FROM alias_sources s"
            " WHERE s.entity_id = aliases.entity_id AND s.alias = aliases.alias)",
            batch,
        )


def replace_known_aliases(db: Database, known: Mapping[str, str]) -> bool:
    """Replace the lexicon's aliases; True when they changed (every entity's keys must
    then follow)."""
    conn = db.conn
    rows = sorted((alias, name) for alias, name in known.items() if alias and name)
    if rows == sorted(conn.execute("SELECT alias, name FROM known_aliases")):
        return False
    conn.execute("DELETE FROM known_aliases")
    conn.executemany("INSERT OR IGNORE INTO known_aliases (alias, name) VALUES (?, ?)", rows)
    return True


def replace_seats(db: Database, seats: Mapping[str, str]) -> None:
    """Replace the capitals and seats of government (a name as typed -> its country),
    kept by their lookup key; unchanged ones are not rewritten."""
    rows = sorted({(normalise(seat), country) for seat, country in seats.items() if seat})
    rows = [(key, country) for key, country in rows if key and country]
    conn = db.conn
    if rows == sorted(conn.execute("SELECT key, name FROM seats")):
        return
    conn.execute("DELETE FROM seats")
    conn.executemany("INSERT OR IGNORE INTO seats (key, name) VALUES (?, ?)", rows)
