"""SQLite's spelling of the SQL the engines say differently: full-text search, date
arithmetic, autocomplete's plans, a JSON list's texts (the dialect half of the engine,
as Django's backends keep theirs in `operations`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def matching_events(
    terms: Sequence[str], within: tuple[int, int] | None = None
) -> tuple[str, str, tuple[Any, ...]]:
    """(count SQL, SQL of the matching event ids, their parameters) for sentences that
    hold every term. Each term is quoted for FTS5, so nothing typed is query syntax.
    With `within`, only ids in that range (the caller adds its two bounds, after)."""
    query = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
    return (
        "SELECT count(*) FROM events_fts WHERE events_fts MATCH ?",
        "SELECT rowid FROM events_fts WHERE events_fts MATCH ?"
        + (" AND rowid BETWEEN ? AND ?" if within else ""),
        (query,),
    )


def week_start(day: str) -> str:
    """SQL of the ISO week's Monday ('YYYY-MM-DD') of an ISO date column."""
    return f"date({day}, '-' || ((CAST(strftime('%w', {day}) AS INTEGER) + 6) % 7) || ' days')"


def days_between(start: str, end: str) -> str:
    """SQL of the days from one ISO date column to another."""
    return f"(julianday({end}) - julianday({start}))"


def completion_sql(rules: str, many: bool) -> str:
    """SQL of the names with a key of `rules` in [?, ?), most linked first, LIMIT ?: with
    `many` matches, walk down autocomplete's list of the prefix's first characters (a
    first parameter before those) and keep the entities with such a key (stops at the
    limit); with few, rank the matches."""
    if many:
        return (
            "SELECT e.name FROM completions c JOIN entities e ON e.id = c.entity_id"
            " WHERE c.prefix = ? AND EXISTS (SELECT 1 FROM name_keys nk"
            f" WHERE nk.entity_id = c.entity_id AND nk.rule IN {rules}"
            " AND nk.key >= ? AND nk.key < ?)"
            " ORDER BY c.events DESC, c.entity_id DESC LIMIT ?"
        )
    return (
        "SELECT e.name FROM entity_ranks r JOIN entities e ON e.id = r.entity_id"
        " WHERE r.entity_id IN (SELECT entity_id FROM name_keys WHERE rule IN"
        f" {rules} AND key >= ? AND key < ?)"
        " ORDER BY r.events DESC, r.entity_id DESC LIMIT ?"
    )


def json_texts(param: str) -> str:
    """SQL of the texts in a JSON list parameter, one row each."""
    return f"SELECT value FROM json_each({param})"
