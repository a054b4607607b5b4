"""A reload's writes, in the caller's transaction (`Store.apply_reload` opens it): the
documents replaced and removed, the state, the seats and the lexicon's aliases, names
linked over the whole store, and the lookup index kept in step."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from sqlite_utils import Database

from bot.extraction.extractor import Event
from bot.seeds import Document
from bot.store import entities, linking, writes


def _knows_nothing(name: str) -> bool:
    return False


def apply(
    db: Database,
    changed: Sequence[tuple[Document, list[Event]]],
    removed: Sequence[str],
    stamp: str,
    state: dict[str, str] | None,
    known_aliases: Mapping[str, str] | None,
    known: Callable[[str], bool] | None,
    seats: Mapping[str, str] | None,
) -> None:
    """Apply one reload (see `Store.apply_reload`) in the caller's transaction."""
    files = [*removed, *(document.file for document, _ in changed)]
    # The lookup index follows every entity the reload may touch: those of the documents
    # it replaces or removes, and those of the documents it adds; all of them when the
    # lexicon's aliases changed.
    touched = entities.entities_of_files(db, files)
    writes.apply_reload(db, changed, removed, stamp, state)
    if seats is not None:
        writes.replace_seats(db, seats)
    relexed = known_aliases is not None and writes.replace_known_aliases(db, known_aliases)
    touched |= entities.entities_of_files(db, [d.file for d, _ in changed])
    if changed or removed:
        touched |= linking.link_store(db, known or _knows_nothing)
    writes.settle_entities(db, touched)
    entities.index_entities(db, None if relexed else touched)
