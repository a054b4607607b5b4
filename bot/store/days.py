"""Events per day: each entity's (`entity_days`) and the store's (`event_days`), kept by
the reload.

The digest weighs each story's entities by their events over the weeks before the window
(prominence, trending: bot.digest.rank). Counted from the links, that reads every event of
a frequent entity, however few fall in those weeks; read from here it is one index range
of at most the window's days per entity. An event counts on the day its dates end
(`when_end`), the day an entity's activity (`Aggregates.activity`) has always dated it
by, so the sum over a range of days is the number of distinct events of that range. A
tally (bot.store.tallies): the reload keeps it as net changes and `DAYS.counted` is what
it must always equal.

`event_days (day, events)` is the same count for every event: the total of `/since`, which
counted every index entry of the events after its date (all of them for an old date),
is a sum over at most the store's days.
"""

from __future__ import annotations

from typing import Any

from bot.store.tallies import Tally

Database = Any  # sqlite-utils' Database or engines.postgresql.connection.PgDatabase

CHUNK = 500

DAYS = Tally(
    table="entity_days",
    keys=("entity_id", "day"),
    count_sql=(
        "SELECT ee.entity_id, substr(ev.when_end, 1, 10), count(DISTINCT ee.event_id)"
        " FROM event_entities ee JOIN events ev ON ev.id = ee.event_id{documents}"
        " GROUP BY ee.entity_id, substr(ev.when_end, 1, 10)"
    ),
    documents_sql=" WHERE ev.document_id IN ({marks})",
)


EVENT_DAYS = Tally(
    table="event_days",
    keys=("day",),
    count_sql=(
        "SELECT substr(ev.when_end, 1, 10), count(*) FROM events ev{documents}"
        " GROUP BY substr(ev.when_end, 1, 10)"
    ),
    documents_sql=" WHERE ev.document_id IN ({marks})",
)


def count_since(db: Database, iso: str) -> int:
    """How many events have dates ending on or after `iso` (a day: 'YYYY-MM-DD').

    An event ending on that day is counted on it, as `when_end >= iso` counts it (its
    first ten characters are the day), and none before it is."""
    row = db.execute(
        "SELECT coalesce(sum(events), 0) FROM event_days WHERE day >= ?", (iso[:10],)
    ).fetchone()
    return int(row[0])
