"""Counts derived from the event links, kept by every reload as net changes.

A tally is a table of counts keyed by some columns (`entity_pairs`: entity and co-actor;
`entity_days`: entity and day), each the number of events that hold its key. Reading it is
an index read where counting from `event_entities` would cost every event of a frequent
entity. The reload keeps it in its own transaction: before it deletes the documents it
replaces or removes it counts what their events held (`of_documents`), after it inserts
the new documents it counts theirs, and `apply` writes only the keys whose count changes.
`recount` builds the table from scratch (a migration, a bulk-built store), and `counted`
is what the table must always equal (the tests compare `stored` with it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Database = Any  # sqlite-utils' Database or engines.postgresql.connection.PgDatabase

CHUNK = 500


@dataclass(frozen=True)
class Tally:
    """One table of counts: its name, key columns and the SELECT that counts it.

    `count_sql` selects the key columns then the count, grouped by the keys; its
    `{documents}` slot takes `documents_sql` (narrowing the count to some documents'
    events, `?` for each id as `{marks}`) or nothing (every event). The count is in the
    column `counts`: events, or sentences for a tally of sentences."""

    table: str
    keys: tuple[str, ...]
    count_sql: str
    documents_sql: str
    counts: str = "events"

    def of_documents(self, db: Database, document_ids: Sequence[int]) -> Counter[tuple]:
        """The keys the events of these documents hold, with their numbers of events."""
        found: Counter[tuple] = Counter()
        for at in range(0, len(document_ids), CHUNK):
            chunk = list(document_ids[at : at + CHUNK])
            narrow = self.documents_sql.format(marks=",".join("?" * len(chunk)))
            for *key, n in db.execute(self.count_sql.format(documents=narrow), chunk):
                found[tuple(key)] += n
        return found

    def apply(self, db: Database, added: Counter[tuple], removed: Counter[tuple]) -> None:
        """Add the counts of new events and subtract those of removed ones, writing only
        the keys whose count changes; a key left with no event is deleted."""
        delta = Counter(added)
        delta.subtract(removed)
        more = sorted((*key, n) for key, n in delta.items() if n > 0)
        fewer = sorted((*key, -n) for key, n in delta.items() if n < 0)
        columns = ", ".join(self.keys)
        match = " AND ".join(f"{k} = ?" for k in self.keys)
        count = self.counts
        conn = db.conn
        conn.executemany(
            f"INSERT INTO {self.table} ({columns}, {count})"
            f" VALUES ({', '.join('?' * (len(self.keys) + 1))}) ON CONFLICT ({columns})"
            f" DO UPDATE SET {count} = {self.table}.{count} + excluded.{count}",
            more,
        )
        conn.executemany(
            f"UPDATE {self.table} SET {count} = {count} - ? WHERE {match}",
            [(row[-1], *row[:-1]) for row in fewer],
        )
        conn.executemany(
            f"DELETE FROM {self.table} WHERE {match} AND {count} <= 0",
            [row[:-1] for row in fewer],
        )

    def recount(self, db: Database) -> None:
        """Rebuild the whole table from the links (in the caller's transaction)."""
        db.conn.execute(f"DELETE FROM {self.table}")
        db.conn.execute(
            f"INSERT INTO {self.table} ({', '.join(self.keys)}, {self.counts}) "
            + self.count_sql.format(documents="")
        )

    def counted(self, db: Database) -> dict[tuple, int]:
        """Every key as recounted from the links now (what the table must equal)."""
        return {tuple(key): n for *key, n in db.execute(self.count_sql.format(documents=""))}

    def stored(self, db: Database) -> dict[tuple, int]:
        """Every key as the table holds it."""
        return {
            tuple(key): n
            for *key, n in db.execute(
                f"SELECT {', '.join(self.keys)}, {self.counts} FROM {self.table}"
            )
        }


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
