"""Finding entities: by name or alias, and the names behind suggestions and autocomplete."""

from __future__ import annotations

from sqlite_utils import Database

from bot.store.paging import paged
from bot.store.rows import EntityRow, entity_row

_NAME_SEPARATOR = "\0"


def entity(db: Database, name: str) -> EntityRow | None:
    """An entity by its name or one of its aliases, case-insensitively."""
    name = name.strip()
    row = db.execute("SELECT id, name, kind FROM entities WHERE name = ?", (name,)).fetchone()
    if row is None:
        candidates = db.execute(
            "SELECT e.id, e.name, e.kind FROM aliases a JOIN entities e ON e.id = a.entity_id"
            " WHERE a.alias = ? LIMIT 2",
            (name,),
        ).fetchall()
        if len(candidates) == 1:
            row = candidates[0]
        elif candidates:
            # The most-linked entity wins when an alias is ambiguous.
            row = db.execute(
                "SELECT e.id, e.name, e.kind FROM aliases a"
                " JOIN entities e ON e.id = a.entity_id WHERE a.alias = ?"
                " ORDER BY (SELECT count(*) FROM event_entities ee"
                " WHERE ee.entity_id = e.id) DESC LIMIT 1",
                (name,),
            ).fetchone()
    if row is None:
        return None
    aliases = [
        r[0]
        for r in db.execute(
            "SELECT alias FROM aliases WHERE entity_id = ? AND alias != ? ORDER BY alias",
            (row[0], row[1]),
        )
    ]
    return entity_row(row, aliases)


def person_names(db: Database) -> list[str]:
    """Full names (two words or more) of the people in the store."""
    return [
        r[0]
        for r in db.execute("SELECT name FROM entities WHERE kind = 'person' AND name LIKE '% %'")
    ]


def generation(db: Database) -> tuple[int, int]:
    """Changes when the store's content may have changed: a commit by another connection
    (data_version) or any row written through this one (total_changes)."""
    version = db.execute("PRAGMA data_version").fetchone()[0]
    return version, db.conn.total_changes


class NameCache:
    """Every entity name and alias, for suggestions, read once per store generation.

    Collecting a million names takes over a second, so they are kept between calls, as
    one string (a sixth of the memory of a list of them) split into a fresh list on each.
    A class because it is the one concern of the store that keeps state between calls.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._kept: tuple[tuple[int, int], str | list[str]] | None = None

    def names(self) -> list[str]:
        current = generation(self.db)
        if self._kept is None or self._kept[0] != current:
            found = [
                r[0]
                for r in self.db.execute(
                    "SELECT name FROM entities UNION SELECT alias FROM aliases"
                )
            ]
            joined = _NAME_SEPARATOR.join(found)
            # No names, or one that holds the separator: keep the list itself.
            whole = not found or joined.count(_NAME_SEPARATOR) != len(found) - 1
            self._kept = (current, found if whole else joined)
        kept = self._kept[1]
        return list(kept) if isinstance(kept, list) else kept.split(_NAME_SEPARATOR)


def like_prefix(prefix: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') for text starting with `prefix`, taken literally."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def names_starting(db: Database, letter: str) -> list[str]:
    """Entity names and aliases that start with one letter (case-insensitively), from
    the indexes: the candidates for suggestions in a large store."""
    pattern = like_prefix(letter[:1])
    return [
        r[0]
        for r in db.execute(
            "SELECT name FROM entities WHERE name LIKE ? ESCAPE '\\'"
            " UNION SELECT alias FROM aliases WHERE alias LIKE ? ESCAPE '\\'",
            (pattern, pattern),
        )
    ]


def entity_count_estimate(db: Database) -> int:
    """About how many entities there are, without counting them (ids only grow)."""
    return db.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()[0]


def complete(db: Database, prefix: str, limit: int = 25) -> list[str]:
    """Entity names starting with a prefix, in name order."""
    sql, params = paged(
        "SELECT name FROM entities WHERE name LIKE ? ESCAPE '\\'",
        (like_prefix(prefix),),
        "name",
        limit,
    )
    return [r[0] for r in db.execute(sql, params)]
