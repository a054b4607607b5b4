"""Counts over the store: the corpus totals, an entity's co-actors and places (/who,
/where), and its events per week (/timeline's chart)."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from bot.store.days import CHUNK
from bot.store.engines import engine_of
from bot.store.paging import paged


def co_actors_counted(
    db: Database, entity_id: int, limit: int | None = None
) -> list[tuple[str, int]]:
    """`co_actors` counted from the entity's events and their actors (cost ~ its events):
    what the co-occurrence table must agree with, and the benchmark's baseline."""
    # Each of the entity's events once (it may be both actor and place in one), then its
    # other actors: (event, role, entity) is the primary key, so a plain count is the
    # number of distinct events. Names are joined after grouping, once per co-actor.
    sql, params = paged(
        "SELECT e.name, c.n FROM ("
        " SELECT other.entity_id AS id, count(*) AS n"
        " FROM (SELECT DISTINCT event_id FROM event_entities WHERE entity_id = ?) mine"
        " JOIN event_entities other ON other.event_id = mine.event_id"
        "  AND other.role = 'actor'"
        " WHERE other.entity_id != ? GROUP BY other.entity_id) c"
        " JOIN entities e ON e.id = c.id",
        (entity_id, entity_id),
        "c.n DESC, e.name",
        limit,
    )
    return [(r[0], r[1]) for r in db.execute(sql, params)]


def entity_activity_counted(
    db: Database, names: list[str], start: dt.date, end: dt.date
) -> dict[str, int]:
    """`Aggregates.activity` counted over the links and every event of each entity, as
    before the `entity_days` tally: the reference the tests compare it with, and the
    benchmark's "before"."""
    out: dict[str, int] = {}
    unique = sorted(set(names))
    for at in range(0, len(unique), 500):
        chunk = unique[at : at + 500]
        marks = ",".join("?" * len(chunk))
        for name, n in db.execute(
            "SELECT e.name, count(DISTINCT ee.event_id) FROM entities e"
            " JOIN event_entities ee ON ee.entity_id = e.id"
            " JOIN events ev ON ev.id = ee.event_id"
            f" WHERE e.name IN ({marks}) AND ev.when_end >= ? AND ev.when_end < ?"
            " GROUP BY e.name",
            (*chunk, start.isoformat(), end.isoformat()),
        ):
            out[name] = n
    return out


class Aggregates:
    """store.aggregates: counts over the store."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def counts(self) -> dict[str, int]:
        row = self.db.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),"
            " (SELECT count(*) FROM entities)"
        ).fetchone()
        return {"documents": row[0], "events": row[1], "entities": row[2]}

    def co_actors(self, entity_id: int, limit: int | None = None) -> list[tuple[str, int]]:
        """Actors in the entity's events (the entity excluded), by number of events; the
        first `limit` of them when given.

        Read from the co-occurrence table (bot.store.pairs): with a limit, the count of the
        `limit`-th pair is found on the (entity, events) index, then only the pairs counting
        at least as much are read and sorted by name within a count, so the cost follows the
        page, not the entity's events.
        """
        floor = 0
        if limit is not None:
            row = self.db.execute(
                "SELECT events FROM entity_pairs WHERE entity_id = ?"
                " ORDER BY events DESC LIMIT 1 OFFSET ?",
                (entity_id, max(limit - 1, 0)),
            ).fetchone()
            floor = row[0] if row else 0
        sql, params = paged(
            "SELECT e.name, p.events FROM entity_pairs p JOIN entities e ON e.id = p.other_id"
            " WHERE p.entity_id = ? AND p.events >= ?",
            (entity_id, floor),
            "p.events DESC, e.name",
            limit,
        )
        return [(r[0], r[1]) for r in self.db.execute(sql, params)]

    def places_of(self, entity_id: int, limit: int = 25) -> list[tuple[str, int]]:
        """Places in the events an entity takes part in, by number of events."""
        sql, params = paged(
            "SELECT e.name, count(DISTINCT other.event_id) AS n"
            " FROM event_entities mine"
            " JOIN event_entities other ON other.event_id = mine.event_id"
            "  AND other.role = 'place' AND other.entity_id != mine.entity_id"
            " JOIN entities e ON e.id = other.entity_id"
            " WHERE mine.entity_id = ? AND mine.role = 'actor'"
            " GROUP BY e.id",
            (entity_id,),
            "n DESC, e.name",
            limit,
        )
        return [(r[0], r[1]) for r in self.db.execute(sql, params)]

    def timeline_counts(
        self,
        entity_id: int,
        start: dt.date | None = None,
        end: dt.date | None = None,
        top: int = 5,
        max_span_days: int = 31,
    ) -> list[tuple[str, str | None, int | None, int]]:
        """An entity's events per ISO week (Monday), split by its top co-actors, in one query.

        Rows are (week start, co-actor or None for the others, the co-actor's rank from 1
        or None, events). Each event is counted once, under the best-ranked of the `top`
        co-actors it has (ranked by shared events in the period, then name), or under None
        when it has none of them; so a week's rows add up to its events. Events are placed
        in the week their date interval starts in; those dated only to a span longer than
        `max_span_days` (a quarter, a year, "the 15th century") cannot be placed in a week
        and are left out.
        """
        bounds = ((start or dt.date.min).isoformat(), (end or dt.date.max).isoformat())
        engine = engine_of(self.db)
        week = engine.week_start("ev.when_start")
        span = engine.days_between("ev.when_start", "ev.when_end")
        return [
            (r[0], r[1], r[2], r[3])
            for r in self.db.execute(
                "WITH mine AS ("
                f" SELECT ev.id, {week} AS week"
                " FROM events ev"
                " WHERE ev.id IN (SELECT event_id FROM event_entities WHERE entity_id = :e)"
                " AND ev.when_start >= :start AND ev.when_start <= :end"
                f" AND {span} <= :span),"
                " co AS ("
                " SELECT DISTINCT mine.id AS event_id, other.entity_id AS actor FROM mine"
                " JOIN event_entities other ON other.event_id = mine.id"
                "  AND other.role = 'actor' AND other.entity_id != :e),"
                " ranked AS ("
                " SELECT co.actor, row_number() OVER (ORDER BY count(*) DESC, e.name) AS rank"
                " FROM co JOIN entities e ON e.id = co.actor GROUP BY co.actor, e.name),"
                " pick AS ("
                " SELECT mine.week, (SELECT min(ranked.rank) FROM co"
                "  JOIN ranked ON ranked.actor = co.actor"
                "  WHERE co.event_id = mine.id AND ranked.rank <= :top) AS rank FROM mine)"
                " SELECT pick.week, e.name, pick.rank, count(*) FROM pick"
                " LEFT JOIN ranked ON ranked.rank = pick.rank"
                " LEFT JOIN entities e ON e.id = ranked.actor"
                " GROUP BY pick.week, pick.rank, e.name"
                " ORDER BY pick.week, pick.rank IS NULL, pick.rank",
                {
                    "e": entity_id,
                    "start": bounds[0],
                    "end": bounds[1],
                    "top": top,
                    "span": max_span_days,
                },
            )
        ]

    def activity(self, names: list[str], start: dt.date, end: dt.date) -> dict[str, int]:
        """Events of each named entity dated (by their end) from `start` up to `end`,
        exclusive: the digest's prominence and trending baseline."""
        out: dict[str, int] = {}
        unique = sorted(set(names))
        for at in range(0, len(unique), CHUNK):
            chunk = unique[at : at + CHUNK]
            marks = ",".join("?" * len(chunk))
            for name, n in self.db.execute(
                "SELECT e.name, sum(d.events) FROM entities e"
                " JOIN entity_days d ON d.entity_id = e.id"
                f" WHERE e.name IN ({marks}) AND d.day >= ? AND d.day < ?"
                " GROUP BY e.name",
                (*chunk, start.isoformat(), end.isoformat()),
            ):
                out[name] = int(n)
        return out
