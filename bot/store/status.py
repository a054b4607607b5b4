"""What `briefing status` says of a store, read without writing: its size, the last time a
reload changed it, the last reload and its outcome (whichever process ran it), the last
reload request, the requests waiting, who holds each role
(the digest scheduler, the feed fetcher), each digest channel's last digest, and the
feeds' health when there are feeds, and the notices waiting in the outbox for a chat
process to post them."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from bot.store.state import LAST_RELOAD_KEY

if TYPE_CHECKING:
    from bot.store import Store

# The roles processes hold (bot/runtime/election.py, bot/runtime/feeds.py).
ROLES = ("digest-scheduler", "feed-fetcher")


def status(store: Store, now: float | None = None) -> dict[str, Any]:
    """The store's status as JSON-ready data."""
    now = time.time() if now is None else now
    db = store.db
    documents, changed = db.execute("SELECT count(*), max(ingested_at) FROM documents").fetchone()
    events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    last = db.execute(
        "SELECT id, status, asked_by, asked_at, finished_at, result FROM requests"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()
    request = None
    if last is not None:
        request = dict(
            zip(("id", "status", "asked_by", "asked_at", "finished_at"), last[:5], strict=True)
        )
        request["result"] = last[5] if last[1] == "failed" else None
    channels = [r[0] for r in db.execute("SELECT channel FROM digest_channels ORDER BY channel")]
    digests = []
    for channel in channels:
        rows = store.digests.ledger(channel)
        latest = max(rows, key=lambda r: r.digest_date, default=None)
        digests.append(
            {
                "channel": channel,
                "last_digest": latest.digest_date if latest else None,
                "posted_at": latest.posted_at if latest else None,
            }
        )
    return {
        "store": store.engine,
        "documents": documents,
        "events": events,
        "last_change_at": changed,
        "last_reload": json.loads(store.state.get(LAST_RELOAD_KEY) or "null"),
        "last_reload_request": request,
        "pending_reload_requests": store.requests.pending(),
        "pending_extractions": store.extractions.pending(),
        "notices_waiting": [
            {"channel": n.channel, "text": n.text, "left_at": n.created_at}
            for n in store.outbox.waiting()
        ],
        "roles": {role: store.leases.holder(role, now) for role in ROLES},
        "digests": digests,
        "feeds": [
            {
                "name": feed.name,
                "status": feed.status,
                "last_success_at": feed.last_success_at,
                "failing_since": feed.failing_since,
                "last_error": feed.last_error,
                "paused_reason": feed.paused_reason,
            }
            for feed in store.feeds.all()
        ],
    }


def status_lines(report: dict[str, Any]) -> list[str]:
    """The status as a reader reads it."""
    lines = [
        f"Store: {report['store']}, {report['documents']:,} documents, {report['events']:,}"
        f" events; last changed by a reload at {report['last_change_at'] or 'never'}.",
    ]
    reload = report["last_reload"]
    if reload is not None and "failed" in reload:
        lines.append(f"Last reload: {reload['at']}, failed: {reload['failed']}")
    elif reload is not None:
        said = (
            f"Last reload: {reload['at']}, {reload['added']} added, {reload['updated']}"
            f" updated, {reload['removed']} removed, {reload['unchanged']} unchanged,"
            f" {reload['skipped']} skipped"
        )
        first = "; ".join(f"{s['file']}: {s['reason']}" for s in reload["first_skipped"])
        lines.append(said + (f" (the first: {first})." if first else "."))
    request = report["last_reload_request"]
    if request is not None:
        said = f"Last reload request: #{request['id']} {request['status']}"
        said += f", asked {request['asked_at']}"
        if request["finished_at"]:
            said += f", finished {request['finished_at']}"
        if request["result"]:
            said += f": {request['result']}"
        lines.append(said + ".")
    lines.append(
        f"Waiting: {report['pending_reload_requests']} reload requests,"
        f" {report['pending_extractions']} documents to extract."
    )
    notices = report["notices_waiting"]
    if notices:
        oldest = notices[0]
        lines.append(
            f"Notices waiting for a chat process: {len(notices)}, the oldest left"
            f" {oldest['left_at']} for {oldest['channel']}: {oldest['text']}"
        )
    for role, holder in report["roles"].items():
        lines.append(f"{role}: {'held by ' + holder if holder else 'nobody holds it'}.")
    if not report["digests"]:
        lines.append("Digests: no channel has one (/digest-setup).")
    for digest in report["digests"]:
        when = digest["last_digest"] or "none yet"
        posted = f", posted {digest['posted_at']}" if digest["posted_at"] else ""
        if digest["last_digest"] and not digest["posted_at"]:
            posted = ", claimed and not posted"
        lines.append(f"Digest for {digest['channel']}: last {when}{posted}.")
    for feed in report["feeds"]:
        if feed["status"] == "paused":
            health = f"paused: {feed['paused_reason']}"
        elif feed["failing_since"]:
            health = f"failing since {feed['failing_since']}: {feed['last_error']}"
        else:
            health = f"well, last fetched {feed['last_success_at'] or 'never'}"
        lines.append(f"Feed {feed['name']}: {health}.")
    return lines
