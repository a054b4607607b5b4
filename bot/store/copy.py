"""Copying a whole store to another, on either engine (`briefing migrate`).

Every table a store keeps is copied row for row, ids included, so the target answers
exactly as the source did: documents, events, entities, aliases, the event links, the
lookup index, the lexicon's aliases, state, the digest and alert ledgers, digest channels,
follows and feeds. The target must be empty (a new store, migrated to this version) and is
written in one transaction: a copy that fails leaves it empty. The full-text index
follows the events on each engine by itself (SQLite's triggers, PostgreSQL's generated
column). Each engine writes the rows its fastest way (`bulk_load`):
SQLite with executemany; PostgreSQL over COPY FREEZE, its secondary indexes and foreign
keys dropped for the load and built once after it, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.errors import StoreError
from bot.store.engines import engine_of

Database = Any  # sqlite-utils' Database or engines.postgresql.connection.PgDatabase

# Each table and its columns, parents before the tables that refer to them.
TABLES: dict[str, tuple[str, ...]] = {
    "documents": (
        "id", "file", "sha256", "title", "source", "url", "published", "words", "ingested_at",
    ),
    "entities": ("id", "name", "kind"),
    "aliases": ("alias", "entity_id"),
    "events": (
        "id", "document_id", "paragraph", "sentence", "action", "attribution", "when_start",
        "when_end", "granularity", "when_text", "ingested_at", "sources", "section", "dates",
        "sentence_lead",
    ),
    "event_entities": (
        "event_id", "entity_id", "role", "position", "kind", "when_end", "when_start",
        "written",
    ),
    "alias_sources": ("alias", "entity_id", "document_id", "written"),
    "name_joins": ("written", "document_id", "entity_id"),
    "name_dropped": (
        "event_id", "role", "written", "position", "kind", "when_end", "when_start",
    ),
    "name_keys": ("rule", "key", "entity_id"),
    "entity_ranks": ("entity_id", "events"),
    "completions": ("prefix", "events", "entity_id"),
    "entity_pairs": ("entity_id", "other_id", "events"),
    "entity_days": ("entity_id", "day", "events"),
    "event_days": ("day", "events"),
    "sentence_days": ("day", "sentences"),
    "entity_sentences": ("entity_id", "sentences"),
    "known_aliases": ("alias", "name"),
    "seats": ("key", "name"),
    "state": ("key", "value"),
    "digests": ("channel", "digest_date", "claimed_at", "posted_at", "message_id"),
    "digest_channels": (
        "channel", "guild", "time", "timezone", "skip_empty", "updated_at", "rhythm",
    ),
    "follows": ("channel", "name", "followed_at", "mention"),
    "channel_filters": ("channel", "target", "mode", "kind", "value", "added_at", "mention"),
    "channel_pace": (
        "channel", "alerts_per_hour", "quiet_start", "quiet_end", "timezone", "updated_at",
        "threads", "held_since",
    ),
    "feeds": (
        "id", "name", "url", "every_seconds", "full_text", "added_at", "added_by",
        "notify_channel", "status", "paused_reason", "etag", "last_modified", "next_fetch_at",
        "last_fetch_at", "last_status", "last_success_at", "last_error", "last_error_at",
        "failing_since", "failures", "noticed", "fetches", "items", "updated_items", "repeats",
        "wire_copies", "other_language", "unreadable", "not_found_since",
    ),
    "feed_items": (
        "feed_id", "key", "content", "file", "backlog", "signature", "first_seen_at",
        "updated_at",
    ),
    "alerts": (
        "channel", "file", "sentence", "entity", "batch", "claimed_at", "posted_at",
        "message_id", "story",
    ),
    "alert_stories": (
        "id", "channel", "part", "message_id", "thread_id", "created_at", "posted_at",
        "updated_at",
    ),
    "notice_outbox": (
        "id", "channel", "text", "created_at", "posted_at", "posted_by", "kind", "subject",
        "state",
    ),
    "alert_marks": ("channel", "seen", "updated_at"),
}  # fmt: skip
# Tables whose ids the target's engine must count on from after a copy.
WITH_IDS = ("documents", "entities", "events", "feeds", "alert_stories", "notice_outbox")
BATCH = 5000


def row_counts(db: Database) -> dict[str, int]:
    """How many rows each copied table holds."""
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def copy_rows(
    source: Database, target: Database, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Copy every row of the store `source` into the empty store `target`, read from one
    snapshot of the source, in the caller's transaction on the target; the rows copied
    per table."""
    held = {t: n for t, n in row_counts(target).items() if n}
    if held:
        listed = ", ".join(f"{n} {t}" for t, n in held.items())
        raise StoreError(
            f"The target store is not empty ({listed}): give a new database or file;"
            " nothing was copied."
        )
    copied: dict[str, int] = {}
    writes = engine_of(target)
    with engine_of(source).snapshot(source), writes.bulk_load(target, list(TABLES)) as into:
        for table, columns in TABLES.items():
            rows = source.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1")
            copied[table] = 0
            with into(table, columns) as write:
                while batch := rows.fetchmany(BATCH):
                    write(batch)
                    copied[table] += len(batch)
                    if progress is not None:
                        progress(table, copied[table])
    writes.after_copy(target, WITH_IDS)
    return copied
