"""One place that turns what a person typed into an entity, for every command taking a name.

The rules, in order; the first that matches anything decides:

1. the exact name (any case);
2. an alias (any case);
3. the normalised name or alias (`normalise`: case, a leading "the", dots, punctuation,
   diacritics, quotes, spaces: "the U.S." finds "US", "Orban" finds "Orbán");
4. a person's surname ("Zelenskyy" finds "Volodymyr Zelenskyy"), then a surname spelt
   nearly alike, as the reload merges spellings ("Zelenskiy");
5. an acronym: the initials of a multi-word name ("WHO");
6. the words of a name: every word typed is a whole word of it ("Xi", "Bashar Assad");
7. the same rules once more without a title typed before the name ("Pope Leo" reads as
   "Leo"; the titles are data in `bot/data/names.json`).

A rule that matches one entity answers with it. One that matches several answers with the
most linked and lists the others beside it ("also matches", with their events): two
people sharing a family name, a city and its province. A command that acts on the entity
rather than showing it (`/follow`, `pick=False`) answers with the most linked only when it
has at least `DOMINANT` times the events of the next (a name that nearly always means one
thing); otherwise the name is ambiguous and the reply lists the candidates to pick from,
most linked first. Answers from rules 2 to 6 say how the name was read
(`asked_as`). A name no rule matches gets the close spellings to try instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import JaroWinkler

from bot.errors import BadInput
from bot.extraction.names.corpus import MIN_SURNAME, SURNAME_SIMILARITY
from bot.extraction.names.surface import normalise, without_title
from bot.replies import Candidate, EntityPage
from bot.store import EntityRow, Store, StoredSentence
from bot.store.entities import Entities, name_order, same_name

if TYPE_CHECKING:
    from commands import Env

# Above this many entities, suggestions come from names sharing the query's first letter
# (read from an index) rather than from every name: 0.6 s at a million events otherwise.
FULL_SCAN_ENTITIES = 20_000
# The most linked match answers alone when it has this many times the next one's events.
DOMINANT = 5
# An ambiguous name lists at most this many candidates (a chat front offers each).
MAX_CANDIDATES = 10

Match = tuple[int, str, str, int]  # id, name, kind, events
# Words that name nothing on their own (articles, prepositions, conjunctions): a query of
# only these would otherwise reach any name that holds one ("Church of the Nativity").
# Not "us", "who", "it", "at": each is also a name or an acronym (the US, WHO, Austria).
FILLER_WORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "by", "with", "from"}
    | {"into", "over", "under", "de", "del", "la", "le"}
)
ONLY_FILLERS = (
    "That is only common words (the, a, of …): type a name, like Tartus, Vladimir Putin"
    " or the United Nations."
)


@dataclass
class Resolution:
    """What a typed name reached: an entity, or candidates, or close spellings."""

    query: str
    entity: EntityRow | None = None
    asked_as: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    def page(self, command: str) -> EntityPage:
        """The page of a name that reached no single entity (ambiguous or unknown)."""
        return EntityPage(
            command,
            self.query,
            None,
            suggestions=self.suggestions,
            candidates=self.candidates,
        )


def entity_page(
    command: str,
    store: Store,
    query: str,
    env: Env,
    sentences: Callable[..., tuple[list[StoredSentence], int]],
    ranked: Callable[[int], list[tuple[str, int]]],
    seat: bool = False,
) -> EntityPage:
    """The page of a command about one entity (/who, /where): the entity the query
    resolves to, the page of `sentences(id, limit=, offset=)` the channel's page asks for
    and the names `ranked(id)` ranks beside it; candidates or close spellings when the
    query reaches no single entity."""
    found = resolve(store, query, seat=seat)
    entity = found.entity
    if entity is None:
        return found.page(command)
    rows, total = sentences(entity.id, limit=env.page_size, offset=env.offset)
    return EntityPage(
        command,
        query,
        entity,
        ranked=ranked(entity.id),
        sentences=rows,
        total=total,
        asked_as=found.asked_as,
        candidates=found.candidates,
    )


def _matches(entities: Entities, query: str, words: bool = True) -> Iterator[list[Match]]:
    """The matches of each rule after the exact name, lazily enough to stop at the first;
    without `words`, not by the words of names (rule 6)."""
    key = normalise(query)
    rules = [
        lambda: entities.aliased(query),
        lambda: entities.keyed(("name", "alias"), key),
        lambda: entities.keyed(("surname",), key),
        lambda: _close_surnames(entities, key),
        lambda: entities.keyed(("acronym",), key) if " " not in key else [],
        lambda: entities.worded(key.split()) if words else [],
    ]
    for rule in rules:
        if key and (found := rule()):
            yield found


def _only_fillers(query: str) -> bool:
    """Whether every word typed is a filler word ("the the the", "of the", "a")."""
    words = [w for w in re.split(r"[^\w]+", query.casefold()) if w]
    return bool(words) and all(w in FILLER_WORDS for w in words)


def _answer(entities: Entities, query: str, found: list[Match], pick: bool = True) -> Resolution:
    """What one rule's matches answer: the most linked (with `pick`, or when it dominates)
    and the others beside it, or the candidates to pick from."""
    rest = [Candidate(name, kind, events) for _, name, kind, events in found[1:]]
    if pick or len(found) == 1 or found[0][3] >= DOMINANT * max(found[1][3], 1):
        entity = entities.by_id(found[0][0])
        return Resolution(query, entity, query, rest[: MAX_CANDIDATES - 1])
    everyone = [Candidate(name, kind, events) for _, name, kind, events in found]
    return Resolution(query, candidates=everyone[:MAX_CANDIDATES])


def _close_surnames(entities: Entities, key: str) -> list[Match]:
    """People whose surname is a close spelling of a one-word query ('zelenskiy')."""
    if " " in key or len(key) < MIN_SURNAME:
        return []
    close = [
        k
        for k in entities.keys_starting("surname", key[:3])
        if JaroWinkler.similarity(k, key) >= SURNAME_SIMILARITY
    ]
    found = {m[0]: m for k in close for m in entities.keyed(("surname",), k)}
    return sorted(found.values(), key=lambda m: (-m[3], m[1]))


def resolve(
    store: Store, typed: str, suggest_unknown: bool = True, pick: bool = True, seat: bool = False
) -> Resolution:
    """Read a typed name by the rules above; without `pick`, a name that fits several
    entities none of which dominates reaches none of them (the reply offers them all).
    With `seat` (/who: who acts), a capital or seat of government ("Beijing", "the
    Kremlin") reads as the country it acts for, the place listed beside it."""
    query = " ".join(typed.split())
    entities = store.entities
    if seat and (acting := _seat(entities, query)) is not None:
        return acting
    if (entity := entities.named(query)) is not None:
        return Resolution(query, entity)
    # A title typed before the name ("Pope Leo", "President Macron") is tried without
    # it only when the whole query reads as nothing.
    for asked in dict.fromkeys([query, without_title(query)]):
        if _only_fillers(asked):
            # The rules before the words may still read it ("The The", an alias "A").
            found = next(_matches(entities, asked, words=False), None)
            if found is None:
                raise BadInput(ONLY_FILLERS)
            return _answer(entities, query, found, pick)
        for found in _matches(entities, asked):
            return _answer(entities, query, found, pick)
    spellings = suggest(query, candidates(entities, query)) if suggest_unknown else []
    return Resolution(query, suggestions=spellings)


def _seat(entities: Entities, query: str) -> Resolution | None:
    """A capital or seat typed in /who: its country's entity, and the place itself (or
    whatever else the name reaches) beside it; None when it is no seat or its country
    is not in the store."""
    country = entities.seat_of(query)
    if country is None or same_name(country, query):
        return None
    entity = entities.named(country)
    if entity is None:
        return None
    found = entities.keyed(("name", "alias"), normalise(query))
    others = [
        Candidate(name, kind, events) for _, name, kind, events in found if name != entity.name
    ]
    return Resolution(query, entity, query, others[: MAX_CANDIDATES - 1])


def candidates(entities: Entities, query: str) -> list[str]:
    """The names a suggestion may come from."""
    if entities.count_estimate() <= FULL_SCAN_ENTITIES or not query.strip():
        return entities.names()
    return entities.names_starting(query.strip()[0])


def suggest(query: str, names: list[str], limit: int = 5) -> list[str]:
    """Close spellings of an unknown name, best first."""
    matches = process.extract(
        query,
        names,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit * 3,
        score_cutoff=75,
    )
    # Ties in the order of names, not of the store's rows (which the engines differ on).
    matches.sort(key=lambda m: (-m[1], name_order(m[0])))
    seen: list[str] = []
    for name, _score, _ in matches:
        if name.lower() not in (s.lower() for s in seen):
            seen.append(name)
    return seen[:limit]
