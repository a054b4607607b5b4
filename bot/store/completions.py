"""Autocomplete's table: each entity under every short prefix of the names it is completed
by, with its event count, so that the most linked entities of a prefix are the first rows
of one index range whatever the size of the store.

A row is (prefix, events, entity_id), one per entity and distinct prefix of at most
PREFIX_CHARS characters of its lookup keys of the completed rules (its name, its aliases,
each word of its name). It is derived from `name_keys` and `entity_ranks`, so it follows
them: `refresh_completions` rewrites the rows of the entities given, in the caller's
transaction, and `keys.index_entities` (which rewrites those keys and counts) calls
it. Anything that writes `name_keys` or `entity_ranks` another way must call it too.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

# Prefixes up to this many characters are read from the table; a longer one walks the
# table's list of its first PREFIX_CHARS characters (see entities.complete). Three keep
# the table at about six rows per entity.
PREFIX_CHARS = 3
# The lookup keys autocomplete offers an entity by.
COMPLETED_RULES = ("name", "alias", "word")

_RULES_SQL = "(" + ", ".join(f"'{rule}'" for rule in COMPLETED_RULES) + ")"
# Every prefix of a key up to PREFIX_CHARS characters, but those ending in a space: what
# a user types is normalised, which strips it ('al ' is looked up as 'al'). In the
# table's order, so that a whole store's rows are appended, not scattered.
_LENGTHS = " UNION ALL ".join(f"SELECT {i} AS chars" for i in range(1, PREFIX_CHARS + 1))
_ROWS = (
    "INSERT INTO completions (prefix, events, entity_id)"
    " SELECT DISTINCT substr(k.key, 1, n.chars), r.events, k.entity_id"
    " FROM name_keys k JOIN entity_ranks r ON r.entity_id = k.entity_id"
    f" JOIN ({_LENGTHS}) n ON n.chars <= length(k.key)"
    f" WHERE k.rule IN {_RULES_SQL} AND substr(k.key, n.chars, 1) != ' '{{}}"
    " ORDER BY 1, 2, 3"
)


def refresh_completions(db: Database, entity_ids: Iterable[int] | None = None) -> None:
    """Rewrite the completion rows of these entities (all when None) from their lookup
    keys and event counts, which must already be current: an entity without keys or
    events (deleted, or with no event left) loses its rows. Runs in the caller's
    transaction, so the table is never out of step with the entities."""
    conn = db.conn
    if entity_ids is None:
        conn.execute("DELETE FROM completions")
        conn.execute(_ROWS.format(""))
        return
    chosen = sorted(set(entity_ids))
    for i in range(0, len(chosen), 500):
        batch = chosen[i : i + 500]
        marks = ",".join("?" * len(batch))
        conn.execute(f"DELETE FROM completions WHERE entity_id IN ({marks})", batch)
        conn.execute(_ROWS.format(f" AND k.entity_id IN ({marks})"), batch)


def stored(db: Database) -> set[tuple[str, int, int]]:
    """Every row of the table (for the checks: compare with `keys.completion_rows`)."""
    return set(db.execute("SELECT prefix, events, entity_id FROM completions").fetchall())
