"""Paging: the one place a query is ordered and cut to a page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Event orders (ev: events). Newest first is by the end of the event's date interval.
NEWEST_FIRST = "ev.when_end DESC, ev.when_start DESC, ev.id DESC"
OLDEST_FIRST = "ev.when_start, ev.when_end, ev.id"


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
