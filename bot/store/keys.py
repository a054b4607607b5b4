"""The lookup keys of an entity: every way a typed name may reach it (its name, an alias,
a word of its name, its initials, a person's surname), normalised as the lookup
normalises what is typed, and the index built of them: `name_keys`, `entity_ranks` and,
from those, autocomplete's table (bot.store.completions). Whatever rebuilds an entity's
keys (a reload, a migration) calls `index_entities`."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from bot.extraction.names.surface import normalise, region_suffixes, surname_keys
from bot.store.completions import COMPLETED_RULES, PREFIX_CHARS, refresh_completions


def initials(name: str) -> set[str]:
    """Acronyms a multi-word name may go by: the initials of every word ('Department of
    Government Efficiency' -> 'doge') and of its capitalised words only ('drc')."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    if len(words) < 2:
        return set()
    found = {"".join(w[0] for w in words), "".join(w[0] for w in words if w[0].isupper())}
    return {normalise(a) for a in found if len(a) >= 2}


def name_keys(name: str, kind: str, aliases: Iterable[str]) -> set[tuple[str, str]]:
    """(rule, key) for every way the lookup may reach an entity."""
    keys = {("name", normalise(name))} | {("alias", normalise(a)) for a in aliases}
    words = normalise(name).split()
    if len(words) > 1:
        # A region named after its city ("Donetsk Oblast") is not what "Donetsk" means:
        # its words lead to it only with the suffix typed too.
        if words[-1] not in region_suffixes():
            keys |= {("word", w) for w in words}
        keys |= {("acronym", a) for a in initials(name)}
        if kind == "person":
            keys |= {("surname", normalise(k)) for k in surname_keys(name)}
            # A spelling of the same person ("Volodymyr Zelensky" beside "Volodymyr
            # Zelenskyy": same given name, two words or more) gives its surname too.
            for alias in aliases:
                spelt = normalise(alias).split()
                if len(spelt) > 1 and spelt[0] == words[0]:
                    keys |= {("surname", normalise(k)) for k in surname_keys(alias)}
    return {(rule, key) for rule, key in keys if key}


def index_entities(
    db: Database, ids: Iterable[int] | None = None, *, completions: bool = True
) -> None:
    """Rebuild the lookup keys, event counts and (with `completions`, unless the store has
    no table for them yet) completion rows of some entities (all when None); those
    deleted since simply lose theirs. Runs in the caller's transaction."""
    conn = db.conn
    chosen = None if ids is None else sorted(set(ids))
    batches = (
        [None] if chosen is None else [chosen[i : i + 500] for i in range(0, len(chosen), 500)]
    )
    for batch in batches:
        where, params = (
            ("", ())
            if batch is None
            else (f" WHERE {{}} IN ({','.join('?' * len(batch))})", tuple(batch))
        )
        conn.execute("DELETE FROM name_keys" + where.format("entity_id"), params)
        conn.execute("DELETE FROM entity_ranks" + where.format("entity_id"), params)
        aliases: dict[int, list[str]] = {}
        for alias, entity_id in conn.execute(
            "SELECT alias, entity_id FROM aliases" + where.format("entity_id"), params
        ):
            aliases.setdefault(entity_id, []).append(alias)
        for alias, entity_id in conn.execute(
            "SELECT k.alias, e.id FROM entities e JOIN known_aliases k ON k.name = e.name"
            + where.format("e.id"),
            params,
        ):
            aliases.setdefault(entity_id, []).append(alias)
        rows = conn.execute("SELECT id, name, kind FROM entities" + where.format("id"), params)
        conn.executemany(
            "INSERT OR IGNORE INTO name_keys (rule, key, entity_id) VALUES (?, ?, ?)",
            (
                (rule, key, entity_id)
                for entity_id, name, kind in rows.fetchall()
                for rule, key in name_keys(name, kind, aliases.get(entity_id, ()))
            ),
        )
        conn.execute(
            "INSERT INTO entity_ranks (entity_id, events)"
            " SELECT entity_id, count(DISTINCT event_id)"
            " FROM event_entities" + where.format("entity_id") + " GROUP BY entity_id",
            params,
        )
    if completions:  # autocomplete's table, derived from the keys and counts just written
        refresh_completions(db, chosen)


def completion_rows(db: Database) -> set[tuple[str, int, int]]:
    """The rows autocomplete's table (bot.store.completions) should hold, computed here
    from the entities' names, aliases and events, independently of the lookup keys and
    ranks it is refreshed from."""
    aliases: dict[int, list[str]] = {}
    for alias, entity_id in db.execute("SELECT alias, entity_id FROM aliases"):
        aliases.setdefault(entity_id, []).append(alias)
    for alias, entity_id in db.execute(
        "SELECT k.alias, e.id FROM entities e JOIN known_aliases k ON k.name = e.name"
    ):
        aliases.setdefault(entity_id, []).append(alias)
    events = dict(
        db.execute(
            "SELECT entity_id, count(DISTINCT event_id) FROM event_entities GROUP BY entity_id"
        ).fetchall()
    )
    rows = set()
    for entity_id, name, kind in db.execute("SELECT id, name, kind FROM entities").fetchall():
        if entity_id not in events:
            continue
        for rule, key in name_keys(name, kind, aliases.get(entity_id, ())):
            if rule in COMPLETED_RULES:
                rows |= {
                    (key[:n], events[entity_id], entity_id)
                    for n in range(1, min(len(key), PREFIX_CHARS) + 1)
                    if key[n - 1] != " "
                }
    return rows
