"""The tallies the lists of sentences read their totals from (kept by every reload as net
changes, bot.store.tallies): sentences per day and sentences per entity."""

from __future__ import annotations

from bot.store.tallies import Tally

# Sentences per day: each sentence on the day its newest event's dates end (its
# `sentence_lead`), so the sum from a day on counts the sentences that hold an event
# ending that day or later.
SENTENCE_DAYS = Tally(
    table="sentence_days",
    keys=("day",),
    count_sql=(
        "SELECT substr(ev.when_end, 1, 10), count(*) FROM events ev"
        " WHERE ev.sentence_lead = 1{documents} GROUP BY substr(ev.when_end, 1, 10)"
    ),
    documents_sql=" AND ev.document_id IN ({marks})",
    counts="sentences",
)

# Each entity's sentences: those holding an event linked to it, in any role.
ENTITY_SENTENCES = Tally(
    table="entity_sentences",
    keys=("entity_id",),
    count_sql=(
        "SELECT entity_id, count(*) FROM (SELECT DISTINCT ee.entity_id, ev.document_id,"
        " ev.paragraph, ev.sentence FROM event_entities ee JOIN events ev"
        " ON ev.id = ee.event_id{documents}) AS s GROUP BY entity_id"
    ),
    documents_sql=" WHERE ev.document_id IN ({marks})",
    counts="sentences",
)
