"""Linking over the whole store, after every reload, in the reload's transaction.

Each link keeps the name the reload extracted (`written`). This pass files every written
name under an entity from what the whole store holds, never from the order documents came
in, so that the store after any sequence of reloads equals a clean reload of the folder:

- a bare name ("Sharif", "Trump" tagged an organisation) joins the full-name person it is
  the surname of, or the one person it is a word of; a part of one longer name joins it
  (the rules: `bot.extraction.names.linking.people_targets`); a short form of one
  organisation's longer, more used name joins it (`organisation_targets`);
- when a surname fits several people, each document's mention joins the one whose
  documents share the most names with it (then the most linked, then by name);
- a family name written first ("Lee" of "Lee Jae-myung") joins that person only where
  its document shares names with his (`first_words`);
- the names the lexicon knows (places, countries, organisations) stay what they are.

What it joined is kept in `name_joins` (written name, document, entity): the next pass
moves back whatever no longer holds and moves what newly does, and nothing else. A link
its event already holds under the joined entity is set aside in `name_dropped` and put
back when the join goes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from bot.extraction.names.linking import first_words, organisation_targets, people_targets
from bot.store.days import DAYS, EVENT_DAYS
from bot.store.pairs import PAIRS
from bot.store.sentence_tallies import ENTITY_SENTENCES
from bot.store.writes import entity_id

Database = Any  # sqlite-utils' Database or engines.postgresql.connection.PgDatabase

# Kinds a bare name may have and still be a person's surname: the small model tags a
# surname ORG or GPE as often as PERSON ("Trump said", "Sharif met").
BARE_KINDS = ("person", "organisation", "place")
Join = tuple[str, int]  # written name, document id
# Every link as written, those set aside as the same mention twice included: the pass
# decides from what the documents wrote, not from what an earlier pass left.
WRITTEN_LINKS = (
    "(SELECT event_id, written, kind FROM event_entities"
    " UNION ALL SELECT event_id, written, kind FROM name_dropped)"
)


def _written(db: Database) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """The written names' links: of the people, of the one-word names that may be
    surnames, of the organisations (each name by the kind most of its links give)."""
    kinds: dict[str, Counter[str]] = {}
    for written, kind, links in db.execute(
        f"SELECT written, kind, count(*) FROM {WRITTEN_LINKS} links WHERE written IS NOT NULL"
        " GROUP BY written, kind"
    ):
        kinds.setdefault(written, Counter())[kind or "organisation"] += links
    people: Counter[str] = Counter()
    bare: Counter[str] = Counter()
    organisations: Counter[str] = Counter()
    for written, counts in kinds.items():
        kind = min(counts, key=lambda k: (-counts[k], k))
        if kind == "person":
            people[written] = sum(counts.values())
        if kind == "organisation":
            organisations[written] = sum(counts.values())
        if kind in BARE_KINDS and " " not in written:
            bare[written] = sum(counts.values())
    return people, bare, organisations


def _written_in(db: Database, column: str, values: Iterable[Any]) -> Iterator[tuple[str, int]]:
    """(written name, document) of every link whose `column` (`ee.written` or
    `ev.document_id`) is one of `values`."""
    chosen = sorted(set(values))
    for at in range(0, len(chosen), 500):
        chunk = chosen[at : at + 500]
        yield from db.execute(
            f"SELECT DISTINCT ee.written, ev.document_id FROM {WRITTEN_LINKS} ee"
            f" JOIN events ev ON ev.id = ee.event_id"
            f" WHERE {column} IN ({','.join('?' * len(chunk))})",
            chunk,
        )


def _documents_writing(db: Database, names: Iterable[str]) -> dict[str, set[int]]:
    """The documents whose links write each of these names."""
    found: dict[str, set[int]] = {}
    for written, document in _written_in(db, "ee.written", names):
        found.setdefault(written, set()).add(document)
    return found


def _names_of_documents(db: Database, documents: Iterable[int]) -> dict[int, set[str]]:
    """The names each of these documents' links write."""
    found: dict[int, set[str]] = {}
    for written, document in _written_in(db, "ev.document_id", documents):
        found.setdefault(document, set()).add(written)
    return found


def desired_joins(db: Database, known: Callable[[str], bool]) -> dict[Join, str]:
    """(written name, document) -> the name of the entity it must be filed under, for
    every written name that is not filed under itself."""
    people, bare, organisations = _written(db)
    targets = organisation_targets(organisations) | people_targets(people, bare, known)
    # A family name written first ("Lee" of "Lee Jae-myung") is a candidate too, but only
    # where its document shares names with that person's: alone it is a given name.
    first = first_words(people, bare, known)
    weak = {
        n: sorted(fs - set(targets.get(n, ())), key=lambda f: (-people[f], f))
        for n, fs in first.items()
    }
    weak = {n: fs for n, fs in weak.items() if fs}
    named = {*targets, *weak}
    if not named:
        return {}
    ambiguous = {n for n in named if len(targets.get(n, ())) + len(weak.get(n, ())) > 1}
    candidates_of = {n: [*targets.get(n, ()), *weak.get(n, ())] for n in named}
    shared = {c for n in ambiguous for c in candidates_of[n]}
    writing = _documents_writing(db, [*named, *(c for cs in candidates_of.values() for c in cs)])
    of_documents = _names_of_documents(
        db,
        {d for c in shared for d in writing.get(c, ())}
        | {d for n in ambiguous for d in writing.get(n, ())},
    )
    around = {  # a candidate -> the names its documents write
        c: set().union(*(of_documents.get(d, set()) for d in writing.get(c, ()))) for c in shared
    }
    joins: dict[Join, str] = {}
    for name in sorted(named):
        strong, doubtful = targets.get(name, []), weak.get(name, [])
        for document in writing.get(name, ()):
            if not doubtful and len(strong) == 1:
                joins[name, document] = strong[0]
                continue
            here = of_documents.get(document, set()) - {name}
            shares = {c: len(here & around.get(c, set())) for c in candidates_of[name]}
            # The person whose documents share the most names with this one; then the most
            # linked (the order of the candidates). A weak one needs a shared name.
            eligible = [*strong, *(c for c in doubtful if shares[c] > 0)]
            if eligible:
                order = candidates_of[name]
                joins[name, document] = max(eligible, key=lambda c: (shares[c], -order.index(c)))
    return joins


def _entity(db: Database, name: str) -> int:
    """The id of the entity named `name`, made with the kind its own links give it when
    there is none (it is settled with the others after the pass)."""
    kind = db.conn.execute(
        "SELECT kind FROM event_entities WHERE written = ? AND kind IS NOT NULL"
        " GROUP BY kind ORDER BY count(*) DESC, kind LIMIT 1",
        (name,),
    ).fetchone()
    return entity_id(db, name, kind[0] if kind else "person", {})


def _move(db: Database, written: str, document: int, target: int) -> set[int]:
    """File one document's links (and alias sources) written `written` under `target`;
    the entities they leave. A link whose event already links the target in that role
    ("Yoon Suk Yeol … Yoon said") is the same mention twice: it is set aside in
    `name_dropped`, and put back by the move that undoes the join."""
    conn = db.conn
    events = "SELECT id FROM events WHERE document_id = ?"
    left = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT ee.entity_id FROM event_entities ee JOIN events ev"
            " ON ev.id = ee.event_id WHERE ee.written = ? AND ev.document_id = ?"
            " AND ee.entity_id <> ?",
            (written, document, target),
        )
    }
    # What an earlier join set aside comes back first (under the new target).
    conn.execute(
        "INSERT INTO event_entities (event_id, entity_id, role, position, kind, when_end,"
        " when_start, written) SELECT d.event_id, ?, d.role, d.position, d.kind,"
        " d.when_end, d.when_start, d.written FROM name_dropped d"
        f" WHERE d.written = ? AND d.event_id IN ({events}) AND NOT EXISTS"
        " (SELECT 1 FROM event_entities o WHERE o.event_id = d.event_id"
        " AND o.role = d.role AND o.entity_id = ?)",
        (target, written, document, target),
    )
    conn.execute(
        f"DELETE FROM name_dropped WHERE written = ? AND event_id IN ({events})",
        (written, document),
    )
    conn.execute(
        "UPDATE event_entities SET entity_id = ? WHERE written = ? AND entity_id <> ?"
        f" AND event_id IN ({events})"
        " AND NOT EXISTS (SELECT 1 FROM event_entities o WHERE o.event_id ="
        " event_entities.event_id AND o.role = event_entities.role AND o.entity_id = ?)",
        (target, written, target, document, target),
    )
    conn.execute(
        "INSERT INTO name_dropped (event_id, role, written, position, kind, when_end,"
        " when_start) SELECT event_id, role, written, position, kind, when_end, when_start"
        f" FROM event_entities WHERE written = ? AND entity_id <> ? AND event_id IN ({events})",
        (written, target, document),
    )
    conn.execute(
        "DELETE FROM event_entities WHERE written = ? AND entity_id <> ?"
        f" AND event_id IN ({events})",
        (written, target, document),
    )
    conn.execute(
        "UPDATE alias_sources SET entity_id = ? WHERE written = ? AND document_id = ?"
        " AND entity_id <> ? AND NOT EXISTS (SELECT 1 FROM alias_sources o"
        " WHERE o.document_id = alias_sources.document_id AND o.entity_id = ?"
        " AND o.alias = alias_sources.alias)",
        (target, written, document, target, target),
    )
    return left


def link_store(db: Database, known: Callable[[str], bool]) -> set[int]:
    """Run the pass (in the caller's transaction); the ids of the entities it touched,
    whose kinds, aliases and lookup keys the caller settles."""
    conn = db.conn
    wanted = desired_joins(db, known)
    held = {
        (written, document): entity
        for written, document, entity in conn.execute(
            "SELECT written, document_id, entity_id FROM name_joins"
        )
    }
    names = {entity: name for entity, name in conn.execute("SELECT id, name FROM entities")}
    moves: dict[Join, str] = {}
    for join in held:
        if join not in wanted:
            moves[join] = join[0]  # back under its own name
    for join, target in wanted.items():
        current = names.get(held[join]) if join in held else None
        if current is None or current.lower() != target.lower():
            moves[join] = target
    if not moves:
        return set()
    documents = sorted({document for _, document in moves})
    tallies = (PAIRS, DAYS, EVENT_DAYS, ENTITY_SENTENCES)
    before = {tally: tally.of_documents(db, documents) for tally in tallies}
    touched: set[int] = set()
    for (written, document), target_name in sorted(moves.items()):
        target = _entity(db, target_name)
        touched.add(target)
        touched |= _move(db, written, document, target)
        conn.execute(
            "DELETE FROM name_joins WHERE written = ? AND document_id = ?", (written, document)
        )
        if (written, document) in wanted:
            conn.execute(
                "INSERT INTO name_joins (written, document_id, entity_id) VALUES (?, ?, ?)",
                (written, document, target),
            )
    for tally in tallies:
        tally.apply(db, tally.of_documents(db, documents), before[tally])
    conn.execute(
        "DELETE FROM entities WHERE NOT EXISTS"
        " (SELECT 1 FROM event_entities ee WHERE ee.entity_id = entities.id)"
    )
    alive = {r[0] for r in conn.execute("SELECT id FROM entities")}
    return touched & alive
