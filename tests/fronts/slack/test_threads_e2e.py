"""Alerts by story on Slack end to end: a story is one alert in the channel; its later
developments are replies in the alert's thread (with every outlet so far) where the
channel asked for threads, and edit the alert (chat.update) where it did not."""

from __future__ import annotations

import json

from tests.fronts.slack.conftest import CHANNEL

ENVOYS = (
    "Russia sent an envoy to Damascus on Tuesday. (Reuters)",
    "Russia sent a second envoy to Damascus on Tuesday. (AP)",
    "Russia sent a third envoy to Damascus on Tuesday. (BBC News)",
)


async def _news(slack, n: int) -> None:
    slack.add_news(f"00{n}_envoy.txt", ENVOYS[n])
    await slack.answer("/reload", user=slack.fake.admin_user_id)


def _top(slack) -> list[dict]:
    """The channel's alerts, less replies in threads."""
    return [m for m in slack.alerts() if m.get("thread_ts") in (None, m["ts"])]


async def test_a_storys_developments_are_replies_in_its_thread(slack_news):
    slack = slack_news
    admin = slack.fake.admin_user_id
    await slack.start()
    await slack.answer("/follow", "Russia", user=admin)
    said = await slack.answer("/pace", "threads on", user=admin)
    assert "later developments go in the alert's thread" in said["text"]
    for n in range(3):
        await _news(slack, n)
    (alert,) = _top(slack)
    replies = [
        m for m in slack.alerts() if m.get("thread_ts") == alert["ts"] and m["ts"] != alert["ts"]
    ]
    assert len(replies) == 2
    first = json.dumps(replies[0]["blocks"])
    assert "Update: 1 new item" in first and "second envoy" in first
    assert "Every outlet so far (2): Reuters, AP" in first
    assert "(3): Reuters, AP, BBC News" in json.dumps(replies[1]["blocks"])
    assert not [r for r in slack.fake.requests if r.method == "chat.update"]


async def test_without_threads_a_development_edits_the_alert(slack_news):
    slack = slack_news
    admin = slack.fake.admin_user_id
    await slack.start()
    await slack.answer("/follow", "Russia", user=admin)
    await _news(slack, 0)
    await _news(slack, 1)
    (alert,) = _top(slack)
    (update,) = [r for r in slack.fake.requests if r.method == "chat.update"]
    assert update.params["ts"] == alert["ts"] and update.params["channel"] == CHANNEL
    shown = json.dumps(slack.fake.message(CHANNEL, alert["ts"])["blocks"])
    assert "2 items, 1 since first posted" in shown and "second envoy" in shown
