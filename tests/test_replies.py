"""Reply models (bot/replies.py): a feed's health line, and /feeds' JSON."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.replies import FeedsReply, FeedStatus, feed_status_line
from bot.store import FeedUpdate
from tests.conftest import NOW

BBC = FeedStatus("BBC World", "https://feeds.bbci.co.uk/news/world/rss.xml", "active", "15m")
WELL = dict(last_success_at="2025-07-01T10:02:00+00:00", items=42)


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        ({}, "BBC World — active, every 15m · not fetched yet · 0 items"),
        (WELL, "BBC World — active, every 15m · last success 2025-07-01 10:02 UTC · 42 items"),
        (
            {**WELL, "other_language": 3},
            "BBC World — active, every 15m · last success 2025-07-01 10:02 UTC"
            " · 42 items (3 skipped: not in English)",
        ),
        (
            {"items": 1, "other_language": 3, "wire_copies": 2, "repeats": 1, "unreadable": 1},
            "BBC World — active, every 15m · not fetched yet · 1 item (7 skipped: 3 not in"
            " English, 1 repeated, 2 copied from the wire, 1 unreadable)",
        ),
        (
            # An error since recovered from is still shown, but the feed is not failing.
            {**WELL, "last_error": "timed out after 30 s", "last_error_at": "2025-06-30T08:00"},
            "BBC World — active, every 15m · last success 2025-07-01 10:02 UTC · 42 items"
            " · last error 2025-06-30 08:00 UTC: timed out after 30 s",
        ),
        (
            {
                "last_error": "HTTP 500",
                "last_error_at": "2025-07-01T11:00:00+00:00",
                "failing_since": "2025-07-01T10:30:00+00:00",
            },
            "BBC World — active, every 15m · failing since 2025-07-01 10:30 UTC · no success"
            " yet · 0 items · last error 2025-07-01 11:00 UTC: HTTP 500",
        ),
        (
            {"status": "paused", "paused_reason": "gone (410)"},
            "BBC World — paused: gone (410), every 15m · not fetched yet · 0 items",
        ),
        ({"status": "paused"}, "BBC World — paused, every 15m · not fetched yet · 0 items"),
        (
            # Stored times are UTC; one in another zone is said in UTC all the same.
            {"last_success_at": "2025-07-01T12:02:00+02:00"},
            "BBC World — active, every 15m · last success 2025-07-01 10:02 UTC · 0 items",
        ),
    ],
)
def test_a_feeds_health_line(fields, line):
    status = FeedStatus(**{**BBC.__dict__, **fields})
    assert feed_status_line(status) == line


def test_a_feeds_status_comes_from_its_row(store):
    row = store.feeds.add("BBC World", BBC.url, 5400, False, NOW)
    later = NOW + dt.timedelta(minutes=5)
    store.feeds.record(
        row.id, FeedUpdate(later, later, ok=False, error="HTTP 503", other_language=2)
    )
    status = FeedStatus.of(store.feeds.get("BBC World"))
    assert (status.every, status.other_language, status.last_error) == ("1h30m", 2, "HTTP 503")
    assert status.failing_since == status.last_error_at is not None
    reply = FeedsReply("list", "1 feed subscribed:", [status]).to_json()
    assert reply["command"] == "feeds" and reply["action"] == "list"
    assert reply["feeds"][0]["name"] == "BBC World" and reply["feeds"][0]["every"] == "1h30m"
