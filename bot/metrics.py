"""The process's Prometheus metrics (prometheus-client), served with its health checks on
the opt-in HEALTH_PORT (bot/runtime/health.py). docs/operations.md describes each one and
the panels that read them.

Counters and histograms are counted where the work happens (the fronts' pipeline, the
reload, the digest and alert senders, the feed fetcher, the store workers); the queue
depths are read from the store when a scraper asks. Labels are bounded: commands and
fronts are the registry's, outcomes a short fixed list, channels the ones configured.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

# Seconds: a command is answered in milliseconds, a digest may take seconds.
_COMMAND_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_RELOAD_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0)

COMMANDS = Counter(
    "briefing_commands",
    "Commands answered, by command, front and outcome (ok, bad_input, not_allowed,"
    " unavailable, error).",
    ["command", "front", "outcome"],
)
COMMAND_SECONDS = Histogram(
    "briefing_command_seconds",
    "Time from a command's arrival to its reply sent, by command and front.",
    ["command", "front"],
    buckets=_COMMAND_BUCKETS,
)
RELOADS = Counter("briefing_reloads", "Reloads of the seeds, by outcome (ok, failed).", ["outcome"])
RELOAD_SECONDS = Histogram(
    "briefing_reload_seconds", "Time a reload took, extraction included.", buckets=_RELOAD_BUCKETS
)
RELOAD_DOCUMENTS = Counter(
    "briefing_reload_documents",
    "Documents reloads handled, by change (added, updated, removed, unchanged, skipped).",
    ["change"],
)
QUEUE_DEPTH = Gauge(
    "briefing_queue_depth",
    "Work waiting in the store, by queue (reload_requests, extraction_jobs), read at scrape.",
    ["queue"],
)
DIGESTS = Counter(
    "briefing_digests",
    "Digests by channel and outcome (posted, skipped, failed).",
    ["channel", "outcome"],
)
ALERTS = Counter(
    "briefing_alerts",
    "Alert deliveries by channel and outcome (posted, held, failed).",
    ["channel", "outcome"],
)
RATE_LIMIT_WAITS = Counter(
    "briefing_rate_limit_waits", "Times a chat platform made the bot wait, by front.", ["front"]
)
RATE_LIMIT_SECONDS = Counter(
    "briefing_rate_limit_wait_seconds",
    "Seconds a chat platform made the bot wait, by front.",
    ["front"],
)
STORE_ERRORS = Counter(
    "briefing_store_errors",
    "Store operations that failed, by kind (unavailable, locked, read_only, other).",
    ["kind"],
)
FEED_FETCHES = Counter(
    "briefing_feed_fetches",
    "Feed fetches by result (ok, not_modified, failed, gone: paused as gone).",
    ["status"],
)
NOTICES = Counter(
    "briefing_admin_notices", "Notices posted to the admin channel, by kind.", ["kind"]
)
