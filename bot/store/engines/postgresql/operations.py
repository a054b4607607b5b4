"""PostgreSQL's spelling of the SQL the engines say differently: full-text search, date
arithmetic, autocomplete's plans, a JSON list's texts (the dialect half of the engine,
as Django's backends keep theirs in `operations`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# The text search configuration of the sentences' index (bot.store.engines.postgresql.schema).
SEARCH_CONFIG = "briefing"


def matching_events(
    terms: Sequence[str], within: tuple[int, int] | None = None
) -> tuple[str, str, tuple[Any, ...]]:
    """(count SQL, SQL of the matching event ids, their parameters) for sentences that
    hold every term: each term a phrase of its stemmed words, as FTS5 reads a quoted
    term, so nothing typed is query syntax. With `within`, only ids in that range (the
    caller adds its two bounds, after)."""
    query = " && ".join(f"phraseto_tsquery('{SEARCH_CONFIG}', ?)" for _ in terms)
    return (
        f"SELECT count(*) FROM events WHERE sentence_search @@ ({query})",
        f"SELECT id FROM events WHERE sentence_search @@ ({query})"
        + (" AND id BETWEEN ? AND ?" if within else ""),
        tuple(terms),
    )


def week_start(day: str) -> str:
    """SQL of the ISO week's Monday ('YYYY-MM-DD') of an ISO date column."""
    return f"to_char(date_trunc('week', left({day}, 10)::date), 'YYYY-MM-DD')"


def days_between(start: str, end: str) -> str:
    """SQL of the days from one ISO date column to another."""
    return f"(left({end}, 10)::date - left({start}, 10)::date)"


def completion_sql(rules: str, many: bool) -> str:
    """SQLite's two plans (see ..sqlite.operations), kept whatever the estimates: the
    planner, misjudging how many keys share a prefix, would hash-join the matches with
    every rank (a scan of all entities). With many matches, OFFSET 0 keeps the EXISTS a
    test per row of autocomplete's list walked down its index; with few, each match's
    rank is read by its key."""
    if many:
        return (
            "SELECT e.name FROM completions c JOIN entities e ON e.id = c.entity_id"
            " WHERE c.prefix = ? AND EXISTS (SELECT 1 FROM name_keys nk"
            f" WHERE nk.entity_id = c.entity_id AND nk.rule IN {rules}"
            " AND nk.key >= ? AND nk.key < ? OFFSET 0)"
            " ORDER BY c.events DESC, c.entity_id DESC LIMIT ?"
        )
    return (
        "SELECT e.name FROM (SELECT entity_id, events FROM (SELECT m.entity_id,"
        " (SELECT r.events FROM entity_ranks r WHERE r.entity_id = m.entity_id) AS events"
        f" FROM (SELECT DISTINCT entity_id FROM name_keys WHERE rule IN {rules}"
        " AND key >= ? AND key < ?) m) ranked WHERE events IS NOT NULL"
        " ORDER BY events DESC, entity_id DESC LIMIT ?) top"
        " JOIN entities e ON e.id = top.entity_id ORDER BY top.events DESC, top.entity_id DESC"
    )


def json_texts(param: str) -> str:
    """SQL of the texts in a JSON list parameter, one row each."""
    return f"SELECT json_array_elements_text({param}::json)"
