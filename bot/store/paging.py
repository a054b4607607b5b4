"""Paging: the one place a query is ordered and cut to a page, of events or of sentences."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Event orders (ev: events). Newest first is by the end of the event's date interval.
NEWEST_FIRST = "ev.when_end DESC, ev.when_start DESC, ev.id DESC"
OLDEST_FIRST = "ev.when_start, ev.when_end, ev.id"
# Whether an event `o` comes before the event `ev` in each order (on the same keys).
BEFORE = {
    NEWEST_FIRST: "(o.when_end, o.when_start, o.id) > (ev.when_end, ev.when_start, ev.id)",
    OLDEST_FIRST: "(o.when_start, o.when_end, o.id) < (ev.when_start, ev.when_end, ev.id)",
}


def paged(
    sql: str, params: Sequence[Any], order: str, limit: int | None = None, offset: int = 0
) -> tuple[str, tuple[Any, ...]]:
    """`sql` ordered by `order` and cut to `limit` rows after `offset`, with its parameters.

    No limit is LIMIT -1, SQLite's "all the rest", so every query keeps one shape.
    """
    return (
        f"{sql} ORDER BY {order} LIMIT ? OFFSET ?",
        (*params, -1 if limit is None else limit, offset),
    )


def first_of_sentence(order: str, among: str = "") -> str:
    """SQL that holds for the event `ev` when no other event of its sentence (the same
    document, paragraph and text) comes before it in `order`: a list cut to pages of these
    shows each sentence once. `among` (` AND …` on `o`) narrows the others to those the
    list shows; it may be left out where every event before a shown one is shown too."""
    return (
        "NOT EXISTS (SELECT 1 FROM events o WHERE o.document_id = ev.document_id"
        " AND o.paragraph = ev.paragraph AND o.sentence = ev.sentence"
        f" AND {BEFORE[order]}{among})"
    )
