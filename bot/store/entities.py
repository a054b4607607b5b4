"""Finding entities: by name or alias, by the lookup keys (surname, acronym, word), and
the names behind suggestions and autocomplete; keeping the lookup index in step."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from bot.extraction.names.surface import fold, normalise
from bot.store.completions import COMPLETED_RULES, PREFIX_CHARS
from bot.store.engines import engine_of
from bot.store.keys import index_entities as index_entities
from bot.store.rows import EntityRow, entity_row

_NAME_SEPARATOR = "\0"
Match = tuple[int, str, str, int]  # id, name, kind, events


# --- one order and one case on both engines ----------------------------------------------
#
# SQLite's NOCASE folds ASCII letters only and orders by bytes; PostgreSQL's citext folds
# with lower() and orders by the database's collation. So "élysée palace" is the name
# "Élysée Palace" on one engine and not on the other, and names tied on events come out
# in different orders (the candidates offered, the suggestions). Where the answer of the
# resolver depends on it, the store reads candidates by an index and decides here.


def name_order(name: str) -> tuple[str, str, str]:
    """How names are ordered wherever an order reaches the user: as read (diacritics and
    case aside), then by case, then as written."""
    return (fold(name).casefold(), name.casefold(), name)


def same_name(a: str, b: str) -> bool:
    """Whether two names are the same but for case (any script's)."""
    return a.casefold() == b.casefold()


def like_prefix(prefix: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') for text starting with `prefix`, taken literally."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def distinct_names(names: Iterable[str]) -> list[str]:
    """Names once each (the first written of those alike but for case), in `name_order`:
    what a UNION would give, but the same on both engines."""
    kept: dict[str, str] = {}
    for name in sorted(names, key=name_order):
        kept.setdefault(name.casefold(), name)
    return list(kept.values())


# Autocomplete reads a prefix of at most PREFIX_CHARS characters from its table
# (bot.store.completions). A longer one ranks its matches directly when they are few;
# past this many it walks the table's list of its first PREFIX_CHARS characters, most
# linked first, and keeps the entities with a matching word (both stop at the limit).
FEW_PREFIX_MATCHES = 2000
COMPLETIONS_KEPT = 4096
_COMPLETED_RULES = "(" + ", ".join(f"'{rule}'" for rule in COMPLETED_RULES) + ")"
_TOP = "\U0010ffff"
# A short prefix's entities, most linked first: the first rows of the table's key.
_FROM_TABLE = (
    "SELECT e.name FROM completions c JOIN entities e ON e.id = c.entity_id"
    " WHERE c.prefix = ? ORDER BY c.events DESC, c.entity_id DESC LIMIT ?"
)


# --- the lookup index ----------------------------------------------------------------


def entities_of_files(db: Database, files: Sequence[str]) -> set[int]:
    """The entities linked to events of these documents."""
    found: set[int] = set()
    for i in range(0, len(files), 500):
        batch = files[i : i + 500]
        found.update(
            r[0]
            for r in db.execute(
                "SELECT DISTINCT ee.entity_id FROM documents d"
                " JOIN events ev ON ev.document_id = d.id"
                " JOIN event_entities ee ON ee.event_id = ev.id"
                f" WHERE d.file IN ({','.join('?' * len(batch))})",
                batch,
            )
        )
    return found


# --- lookup by key -------------------------------------------------------------------


_RANKED = (
    "SELECT e.id, e.name, e.kind, coalesce(r.events, 0) FROM entities e"
    " LEFT JOIN entity_ranks r ON r.entity_id = e.id WHERE e.id IN ({})"
)


def _ranked(db: Database, ids_sql: str, params: Sequence[object]) -> list[Match]:
    """Entities (id, name, kind, events), most linked first, then in `name_order`."""
    rows = db.execute(_RANKED.format(ids_sql), tuple(params)).fetchall()
    return sorted(((r[0], r[1], r[2], r[3]) for r in rows), key=lambda m: (-m[3], name_order(m[1])))


def _with_aliases(db: Database, row: tuple) -> EntityRow:
    aliases = [
        r[0]
        for r in db.execute(
            "SELECT alias FROM aliases WHERE entity_id = ? AND alias != ? ORDER BY alias",
            (row[0], row[1]),
        )
    ]
    return entity_row(row, aliases)


class Entities:
    """store.entities: entities by name, alias, lookup key or id, and the names behind
    suggestions and autocomplete.

    Every name and alias, and autocomplete's answers, are kept between calls until the
    store changes (its generation): collecting a million names takes over a second, so
    they are kept as one string (a sixth of the memory of a list of them) split into a
    fresh list on each call. The one part of the store that keeps state between calls.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._kept: tuple[tuple[int, int], str | list[str]] | None = None
        # Autocomplete answers by (prefix, limit), for the same generation: every
        # keystroke of every user asks again, and short prefixes cost the most to rank.
        self._completions: dict[tuple[str, int], list[str]] = {}
        self._completed_at: tuple[int, int] | None = None

    def complete(self, prefix: str, limit: int = 25, *, cached: bool = True) -> list[str]:
        """Entity names with a word (or alias) starting with the prefix, as typed loosely,
        most linked first: 'put' offers 'Vladimir Putin'. Kept until the store changes (at
        most COMPLETIONS_KEPT answers; the oldest go first); `cached=False` asks the
        database (the tests and benchmarks of the query)."""
        if not cached:
            return self._complete(prefix, limit)
        current = self.generation()
        if self._completed_at != current:
            self._completions.clear()
            self._completed_at = current
        key = (normalise(prefix), limit)
        if key not in self._completions:
            if len(self._completions) >= COMPLETIONS_KEPT:
                del self._completions[next(iter(self._completions))]
            self._completions[key] = self._complete(prefix, limit)
        return list(self._completions[key])

    def names(self) -> list[str]:
        """Every entity name and alias, for suggestions (kept per store generation)."""
        current = self.generation()
        if self._kept is None or self._kept[0] != current:
            found = distinct_names(
                r[0]
                for r in self.db.execute(
                    "SELECT name FROM entities UNION ALL SELECT alias FROM aliases"
                )
            )
            joined = _NAME_SEPARATOR.join(found)
            # No names, or one that holds the separator: keep the list itself.
            whole = not found or joined.count(_NAME_SEPARATOR) != len(found) - 1
            self._kept = (current, found if whole else joined)
        kept = self._kept[1]
        return list(kept) if isinstance(kept, list) else kept.split(_NAME_SEPARATOR)

    def seat_of(self, typed: str) -> str | None:
        """The country a capital or seat of government acts for ("Beijing", "the
        Kremlin"), by its lookup key; None for any other name."""
        row = self.db.execute("SELECT name FROM seats WHERE key = ?", (normalise(typed),))
        found = row.fetchone()
        return found[0] if found else None

    def lookup(self, name: str) -> EntityRow | None:
        """An entity by its name or one of its aliases, case-insensitively."""
        name = name.strip()
        row = self.db.execute(
            "SELECT id, name, kind FROM entities WHERE name = ?", (name,)
        ).fetchone()
        if row is None:
            candidates = self.db.execute(
                "SELECT e.id, e.name, e.kind FROM aliases a JOIN entities e ON e.id = a.entity_id"
                " WHERE a.alias = ? LIMIT 2",
                (name,),
            ).fetchall()
            if len(candidates) == 1:
                row = candidates[0]
            elif candidates:
                # The most-linked entity wins when an alias is ambiguous.
                row = self.db.execute(
                    "SELECT e.id, e.name, e.kind FROM aliases a"
                    " JOIN entities e ON e.id = a.entity_id WHERE a.alias = ?"
                    " ORDER BY (SELECT count(*) FROM event_entities ee"
                    " WHERE ee.entity_id = e.id) DESC LIMIT 1",
                    (name,),
                ).fetchone()
        return None if row is None else _with_aliases(self.db, row)

    def named(self, name: str) -> EntityRow | None:
        """The entity with exactly this name (any case, any script's), the one written
        exactly so first: read by the name's key, decided here, the same on both engines."""
        rows = self.db.execute(
            "SELECT id, name, kind FROM entities WHERE name = ?", (name,)
        ).fetchall()
        if key := normalise(name):
            rows += self.db.execute(
                "SELECT e.id, e.name, e.kind FROM name_keys k JOIN entities e ON e.id = k.entity_id"
                " WHERE k.rule = 'name' AND k.key = ?",
                (key,),
            ).fetchall()
        same = [r for r in rows if same_name(r[1], name)]
        if not same:
            return None
        return _with_aliases(self.db, min(same, key=lambda r: (r[1] != name, r[0])))

    def by_id(self, entity_id: int) -> EntityRow | None:
        row = self.db.execute(
            "SELECT id, name, kind FROM entities WHERE id = ?", (entity_id,)
        ).fetchone()
        return None if row is None else _with_aliases(self.db, row)

    def aliased(self, alias: str) -> list[Match]:
        """Entities with this alias (any case, any script's): (id, name, kind, events), most
        linked first. Read by the alias's key, decided here: the same on both engines."""
        rows = self.db.execute(
            "SELECT entity_id, alias FROM aliases WHERE alias = ?", (alias,)
        ).fetchall()
        if key := normalise(alias):
            rows += self.db.execute(
                "SELECT a.entity_id, a.alias FROM name_keys k"
                " JOIN aliases a ON a.entity_id = k.entity_id WHERE k.rule = 'alias' AND k.key = ?",
                (key,),
            ).fetchall()
        ids = sorted({r[0] for r in rows if same_name(r[1], alias)})
        if not ids:
            return []
        return _ranked(self.db, ",".join("?" * len(ids)), ids)

    def keyed(self, rules: Sequence[str], key: str) -> list[Match]:
        """Entities with a lookup key under one of the rules: (id, name, kind, events)."""
        marks = ",".join("?" * len(rules))
        return _ranked(
            self.db,
            f"SELECT entity_id FROM name_keys WHERE rule IN ({marks}) AND key = ?",
            (*rules, key),
        )

    def keys_starting(self, rule: str, prefix: str) -> list[str]:
        """The lookup keys of one rule that start with `prefix`, from the index."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT key FROM name_keys WHERE rule = ? AND key >= ? AND key < ?",
                (rule, prefix, prefix + "\U0010ffff"),
            )
        ]

    def worded(self, words: Sequence[str]) -> list[Match]:
        """Entities whose name holds every one of these (normalised) words."""
        unique = sorted(set(words))
        marks = ",".join("?" * len(unique))
        return _ranked(
            self.db,
            "SELECT entity_id FROM name_keys WHERE rule = 'word'"
            f" AND key IN ({marks}) GROUP BY entity_id HAVING count(*) = ?",
            (*unique, len(unique)),
        )

    def written_alike(self, names: Iterable[str]) -> list[str]:
        """The stored entity names whose normalised form is that of one of `names`."""
        found: set[str] = set()
        keys = sorted({normalise(n) for n in names} - {""})
        for i in range(0, len(keys), 500):
            batch = keys[i : i + 500]
            found.update(
                r[0]
                for r in self.db.execute(
                    "SELECT e.name FROM name_keys k JOIN entities e ON e.id = k.entity_id"
                    f" WHERE k.rule = 'name' AND k.key IN ({','.join('?' * len(batch))})",
                    batch,
                )
            )
        return sorted(found)

    def person_names(self, leaving: Sequence[str] = ()) -> list[str]:
        """Full names (two words or more) of the people in the store; with `leaving`, only
        those that a document other than these files still names (a reload links new
        documents to the people of the documents it keeps)."""
        if not leaving:
            return [
                r[0]
                for r in self.db.execute(
                    "SELECT name FROM entities WHERE kind = 'person' AND name LIKE '% %'"
                )
            ]
        return [
            r[0]
            for r in self.db.execute(
                "SELECT e.name FROM entities e WHERE e.kind = 'person' AND e.name LIKE '% %'"
                " AND EXISTS (SELECT 1 FROM event_entities ee"
                " JOIN events ev ON ev.id = ee.event_id JOIN documents d ON d.id = ev.document_id"
                " WHERE ee.entity_id = e.id"
                f" AND d.file NOT IN ({engine_of(self.db).json_texts('?')}))",
                (json.dumps(list(leaving)),),
            )
        ]

    def generation(self) -> tuple[int, int]:
        """Changes when the store's content may have changed: a commit by another connection
        (data_version) or any row written through this one (total_changes)."""
        return engine_of(self.db).generation(self.db)

    def names_starting(self, letter: str) -> list[str]:
        """Entity names and aliases that start with one letter (any case, any script's),
        from the indexes: the candidates for suggestions in a large store."""
        first = letter[:1]
        # SQLite's LIKE folds ASCII only: ask for both cases, and decide the case here.
        cases = {first.lower()} if first.isascii() else {first.lower(), first.upper()}
        patterns = sorted(like_prefix(c) for c in cases)
        found = []
        for pattern in patterns:
            found += [
                r[0]
                for r in self.db.execute(
                    "SELECT name FROM entities WHERE name LIKE ? ESCAPE '\\'"
                    " UNION ALL SELECT alias FROM aliases WHERE alias LIKE ? ESCAPE '\\'",
                    (pattern, pattern),
                )
            ]
        return distinct_names(n for n in found if same_name(n[:1], first))

    def count_estimate(self) -> int:
        """About how many entities there are, without counting them (ids only grow)."""
        return self.db.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()[0]

    def _complete(self, prefix: str, limit: int) -> list[str]:
        """`complete`, read from the database."""
        key = normalise(prefix)
        if prefix.strip() and not key:
            return []
        if not key:
            sql = (
                "SELECT e.name FROM entity_ranks r JOIN entities e ON e.id = r.entity_id"
                " ORDER BY r.events DESC, r.entity_id DESC LIMIT ?"
            )
            return [r[0] for r in self.db.execute(sql, (limit,))]
        if len(key) <= PREFIX_CHARS:
            return [r[0] for r in self.db.execute(_FROM_TABLE, (key, limit))]
        bounds = (key, key + _TOP)
        many = (
            self.db.execute(
                "SELECT count(*) FROM (SELECT 1 FROM name_keys WHERE rule IN"
                f" {_COMPLETED_RULES} AND key >= ? AND key < ? LIMIT ?) AS found",
                (*bounds, FEW_PREFIX_MATCHES + 1),
            ).fetchone()[0]
            > FEW_PREFIX_MATCHES
        )
        sql = engine_of(self.db).completion_sql(_COMPLETED_RULES, many)
        # The walk reads the table's list of the prefix's first characters.
        listed = (key[:PREFIX_CHARS],) if many else ()
        return [r[0] for r in self.db.execute(sql, (*listed, *bounds, limit))]
