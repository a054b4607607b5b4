"""The co-occurrence table: how many events each pair of entities shares, kept by the reload.

`entity_pairs (entity_id, other_id, events)` holds, for an entity and another that is an
actor in at least one of its events (in any role of its own), the number of such events.
It is exactly what the co-actor ranking of /who counts from `event_entities`, so the
ranking reads an index instead of every one of the entity's events and their actors. It
is a tally (bot.store.tallies): the reload keeps it as net changes; `PAIRS.recount`
builds it from scratch and `PAIRS.counted` is what it must always equal.
"""

from __future__ import annotations

from bot.store.tallies import Tally

# Each event's entities once (one may be both actor and place in one event), with every
# other actor of that event. (event, role, entity) is event_entities' primary key, so a
# plain count per pair is its number of distinct events.
PAIRS = Tally(
    table="entity_pairs",
    keys=("entity_id", "other_id"),
    count_sql=(
        "SELECT mine.entity_id, other.entity_id, count(*)"
        " FROM (SELECT DISTINCT ee.event_id, ee.entity_id FROM event_entities ee{documents})"
        " mine JOIN event_entities other ON other.event_id = mine.event_id"
        "  AND other.role = 'actor' AND other.entity_id != mine.entity_id"
        " GROUP BY mine.entity_id, other.entity_id"
    ),
    documents_sql=" JOIN events ev ON ev.id = ee.event_id WHERE ev.document_id IN ({marks})",
)
