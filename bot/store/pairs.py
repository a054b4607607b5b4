"""The co-occurrence table: how many events each pair of entities shares, kept by the reload.

`entity_pairs (entity_id, other_id, events)` holds, for an entity and another that is an
actor in at least one of its events (in any role of its own), the number of such events.
It is exactly what the co-actor ranking of /who counts from `event_entities`, so the
ranking reads an index instead of every one of the entity's events and their actors.

The reload keeps it, in its own transaction: the events of the documents it replaces or
removes are subtracted, those it inserts added (`document_pairs` before the delete and
after the insert), and only the pairs those events hold are written. `recount_pairs`
builds it from scratch (the migration, a bulk-built store) and is what the table must
always equal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

Database = Any  # sqlite-utils' Database or engines.pg_connection.PgDatabase

CHUNK = 500

# Each event's entities once (one may be both actor and place in one event), with every
# other actor of that event. (event, role, entity) is event_entities' primary key, so a
# plain count per pair is its number of distinct events.
_PAIRS = (
    "SELECT mine.entity_id, other.entity_id, count(*)"
    " FROM (SELECT DISTINCT ee.event_id, ee.entity_id FROM event_entities ee{source}) mine"
    " JOIN event_entities other ON other.event_id = mine.event_id"
    "  AND other.role = 'actor' AND other.entity_id != mine.entity_id"
    " GROUP BY mine.entity_id, other.entity_id"
)


def document_pairs(db: Database, document_ids: Sequence[int]) -> Counter[tuple[int, int]]:
    """The pairs the events of these documents hold, with their numbers of events."""
    found: Counter[tuple[int, int]] = Counter()
    for at in range(0, len(document_ids), CHUNK):
        chunk = list(document_ids[at : at + CHUNK])
        source = (
            " JOIN events ev ON ev.id = ee.event_id"
            f" WHERE ev.document_id IN ({','.join('?' * len(chunk))})"
        )
        for entity, other, n in db.execute(_PAIRS.format(source=source), chunk):
            found[(entity, other)] += n
    return found


def documents_of_files(db: Database, files: Iterable[str]) -> list[int]:
    """The ids of the stored documents among these files."""
    chosen = sorted(set(files))
    ids: list[int] = []
    for at in range(0, len(chosen), CHUNK):
        chunk = chosen[at : at + CHUNK]
        ids.extend(
            r[0]
            for r in db.execute(
                f"SELECT id FROM documents WHERE file IN ({','.join('?' * len(chunk))})", chunk
            )
        )
    return ids


def apply_pairs(
    db: Database, added: Counter[tuple[int, int]], removed: Counter[tuple[int, int]]
) -> None:
    """Add the pairs of new events and subtract those of removed ones, writing only the
    pairs whose count changes; a pair left with no event is deleted."""
    delta = Counter(added)
    delta.subtract(removed)
    more = [(e, o, n) for (e, o), n in delta.items() if n > 0]
    fewer = [(-n, e, o) for (e, o), n in delta.items() if n < 0]
    conn = db.conn
    conn.executemany(
        "INSERT INTO entity_pairs (entity_id, other_id, events) VALUES (?, ?, ?)"
        " ON CONFLICT (entity_id, other_id)"
        " DO UPDATE SET events = entity_pairs.events + excluded.events",
        sorted(more),
    )
    fewer.sort(key=lambda row: row[1:])
    conn.executemany(
        "UPDATE entity_pairs SET events = events - ? WHERE entity_id = ? AND other_id = ?",
        fewer,
    )
    conn.executemany(
        "DELETE FROM entity_pairs WHERE entity_id = ? AND other_id = ? AND events <= 0",
        [row[1:] for row in fewer],
    )


def recount_pairs(db: Database) -> None:
    """Rebuild the whole table from event_entities (in the caller's transaction)."""
    db.conn.execute("DELETE FROM entity_pairs")
    db.conn.execute(
        "INSERT INTO entity_pairs (entity_id, other_id, events) " + _PAIRS.format(source="")
    )


def counted_pairs(db: Database) -> dict[tuple[int, int], int]:
    """Every pair as recounted from event_entities now (what the table must equal)."""
    return {(e, o): n for e, o, n in db.execute(_PAIRS.format(source=""))}


def stored_pairs(db: Database) -> dict[tuple[int, int], int]:
    """Every pair as the table holds it."""
    return {
        (e, o): n for e, o, n in db.execute("SELECT entity_id, other_id, events FROM entity_pairs")
    }
