"""One place that turns what a person typed into an entity, for every command taking a name.

An unknown name gets the page of close spellings to try instead.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process, utils

from bot.replies import EntityPage
from bot.store import Store

# Above this many entities, suggestions come from names sharing the query's first letter
# (read from an index) rather than from every name: 0.6 s at a million events otherwise.
FULL_SCAN_ENTITIES = 20_000


def candidates(store: Store, query: str) -> list[str]:
    """The names a suggestion may come from."""
    if store.entity_count_estimate() <= FULL_SCAN_ENTITIES or not query.strip():
        return store.names()
    return store.names_starting(query.strip()[0])


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
    seen: list[str] = []
    for name, _score, _ in matches:
        if name.lower() not in (s.lower() for s in seen):
            seen.append(name)
    return seen[:limit]


def not_found(command: str, store: Store, query: str) -> EntityPage:
    """The page of an unknown name: close spellings to try instead."""
    return EntityPage(command, query, None, suggestions=suggest(query, candidates(store, query)))
