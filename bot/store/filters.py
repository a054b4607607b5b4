"""What each channel wants of the digest and of its alerts: filters by entity, section,
keyword or phrase, and outlet, each included or excluded.

An event passes a channel's filters for a target ('digest' or 'alerts') when, for each
kind that has included rules, it matches one of them, and it matches none of the excluded
rules: "only entity Ukraine; only entity Russia; only section Armed conflicts and attacks"
is the conflict news about Ukraine or Russia, as a reader of the list takes it. The
matching is SQL on both engines, over the events asked about: an entity is one of the
event's links (by the entity's name, as follows keep it, so a reload that renumbers
entities keeps the rule); a section is the event's section; a keyword or phrase matches
the sentence as /search does (whole words, any case, through the full-text index); an
outlet is one the event credits, in any case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.store.engines import engine_of
from bot.store.rows import stamp

if TYPE_CHECKING:
    from bot.store import Store

TARGETS = ("digest", "alerts")


@dataclass(frozen=True)
class FilterRule:
    """One rule of a channel's filter."""

    target: str  # 'digest' or 'alerts'
    mode: str  # 'include' or 'exclude'
    kind: str  # 'entity', 'section', 'keyword' or 'outlet'
    value: str

    def label(self) -> str:
        """How a digest's footer and /filter list say it: "not section Sports"."""
        return f"{'only' if self.mode == 'include' else 'not'} {self.kind} {self.said()}"

    def said(self) -> str:
        """The rule's value as a label says it: a keyword in quotes."""
        return f"“{self.value}”" if self.kind == "keyword" else self.value


def described(rules: Sequence[FilterRule]) -> list[str]:
    """How a list of rules reads, the included values of one kind together, as they are
    matched: "only entity Russia or Ukraine", "only section Armed conflicts and attacks",
    "not section Sports"."""
    said = [
        f"only {kind} {' or '.join(r.said() for r in group)}"
        for kind, group in _included_by_kind(rules).items()
    ]
    return said + [r.label() for r in rules if r.mode != "include"]


def _included_by_kind(rules: Sequence[FilterRule]) -> dict[str, list[FilterRule]]:
    """The included rules by kind, in their order: one kind's values are one choice."""
    included: dict[str, list[FilterRule]] = {}
    for rule in rules:
        if rule.mode == "include":
            included.setdefault(rule.kind, []).append(rule)
    return included


class Filters:
    """store.filters: each channel's filter rules, and which events pass them."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self._store = store

    def add(self, channel: str, rule: FilterRule, now: dt.datetime) -> bool:
        """Add a rule; False when the channel has it already."""
        with self._store.writing():
            cursor = self.db.conn.execute(
                "INSERT OR IGNORE INTO channel_filters (channel, target, mode, kind, value,"
                " added_at) VALUES (?, ?, ?, ?, ?, ?)",
                (channel, rule.target, rule.mode, rule.kind, rule.value, stamp(now)),
            )
            return cursor.rowcount > 0

    def remove(self, channel: str, rule: FilterRule) -> bool:
        """Remove a rule; False when the channel had no such rule."""
        with self._store.writing():
            cursor = self.db.conn.execute(
                "DELETE FROM channel_filters WHERE channel = ? AND target = ? AND mode = ?"
                " AND kind = ? AND value = ?",
                (channel, rule.target, rule.mode, rule.kind, rule.value),
            )
            return cursor.rowcount > 0

    def set_mention(self, channel: str, rule: FilterRule, mention: str | None) -> FilterRule | None:
        """Attach a mention to one of the channel's alert rules that include (None removes
        it); the rule as stored, or None when the channel has no such rule."""
        with self._store.writing():
            found = self.db.execute(
                "SELECT target, mode, kind, value FROM channel_filters WHERE channel = ?"
                " AND target = 'alerts' AND mode = 'include' AND kind = ? AND value = ?",
                (channel, rule.kind, rule.value),
            ).fetchone()
            if found is None:
                return None
            stored = FilterRule(*found)
            self.db.conn.execute(
                "UPDATE channel_filters SET mention = ? WHERE channel = ? AND target = ?"
                " AND mode = ? AND kind = ? AND value = ?",
                (mention, channel, *found),
            )
            return stored

    def mentioning(self, channel: str) -> list[tuple[FilterRule, str]]:
        """The channel's alert rules with a mention attached, each with its mention."""
        return [
            (FilterRule(*row[:4]), row[4])
            for row in self.db.execute(
                "SELECT target, mode, kind, value, mention FROM channel_filters"
                " WHERE channel = ? AND target = 'alerts' AND mention IS NOT NULL"
                " ORDER BY kind, value",
                (channel,),
            )
        ]

    def of(self, channel: str, target: str | None = None) -> list[FilterRule]:
        """The channel's rules (for one target, or both), in a stable order."""
        sql = "SELECT target, mode, kind, value FROM channel_filters WHERE channel = ?"
        params: list[str] = [channel]
        if target is not None:
            sql += " AND target = ?"
            params.append(target)
        rows = self.db.execute(f"{sql} ORDER BY target, mode DESC, kind, value", params).fetchall()
        return [FilterRule(*row) for row in rows]

    def condition(self, channel: str, target: str) -> tuple[str, list[Any]]:
        """SQL true for an event (alias `ev`) that passes the channel's rules for
        `target`, and its parameters ("1 = 1" when it has none): for the store's other
        queries to filter in place (the alerts' claim)."""
        return self._passes(self.of(channel, target))

    def passing(
        self,
        channel: str,
        target: str,
        event_ids: Iterable[int],
        rules: Sequence[FilterRule] | None = None,
    ) -> set[int]:
        """Which of these events pass the channel's rules for `target` (all of them when
        it has none); `rules`, when the caller read them already."""
        ids = sorted(set(event_ids))
        rules = self.of(channel, target) if rules is None else rules
        if not ids or not rules:
            return set(ids)
        passed: set[int] = set()
        for i in range(0, len(ids), 500):
            batch = ids[i : i + 500]
            marks = ",".join("?" * len(batch))
            # A keyword's full-text match is looked for among the batch's ids only (the
            # index reads that range, not every sentence that matches: 8.8 against 273 ms
            # for a window of 2,000 events of ten million).
            where, params = self._passes(rules, (batch[0], batch[-1]))
            rows = self.db.execute(
                f"SELECT ev.id FROM events ev WHERE ev.id IN ({marks}) AND {where}",
                [*batch, *params],
            )
            passed.update(row[0] for row in rows)
        return passed

    def _passes(
        self, rules: Sequence[FilterRule], within: tuple[int, int] | None = None
    ) -> tuple[str, list[Any]]:
        """SQL true for an event (ev) that matches, for each kind with included rules, one
        of them, and none of the excluded rules, and its parameters; `within`, the range
        of ids the events are in, where the caller knows it."""
        exclude = [r for r in rules if r.mode == "exclude"]
        where, params = ["1 = 1"], []
        for group in _included_by_kind(rules).values():
            sql, found = self._any(group, within)
            where.append(sql)
            params += found
        if exclude:
            sql, found = self._any(exclude, within)
            where.append(f"NOT {sql}")
            params += found
        return f"({' AND '.join(where)})", params

    def _any(
        self, rules: Sequence[FilterRule], within: tuple[int, int] | None = None
    ) -> tuple[str, list[Any]]:
        """SQL true when an event (ev) matches any of the rules, and its parameters."""
        parts: list[str] = []
        params: list[Any] = []
        for rule in rules:
            if rule.kind == "entity":
                parts.append(
                    "EXISTS (SELECT 1 FROM event_entities fe JOIN entities fn"
                    " ON fn.id = fe.entity_id WHERE fe.event_id = ev.id AND fn.name = ?)"
                )
                params.append(rule.value)
            elif rule.kind == "section":
                parts.append("lower(coalesce(ev.section, '')) = lower(?)")
                params.append(rule.value)
            elif rule.kind == "keyword":
                _, ids_sql, query = engine_of(self.db).matching_events([rule.value], within)
                parts.append(f"ev.id IN ({ids_sql})")
                params += [*query, *(within or ())]
            else:  # an outlet: one of the JSON list's strings, any case
                parts.append("lower(ev.sources) LIKE ? ESCAPE '\\'")
                params.append(f'%"{_like(rule.value.lower())}"%')
        return f"({' OR '.join(parts)})", params


def _like(text: str) -> str:
    """Text matched literally by LIKE (its wildcards escaped)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
