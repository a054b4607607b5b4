"""/follow on Slack end to end (the real bolt app against the fake Slack), and its alert
after a reload: posted exactly once, also when the bot dies between claim and mark."""

from __future__ import annotations

import json

import pytest

from bot.fronts.slack.front import SlackFront
from bot.store import Store
from bot.store.follows import Follows
from tests.fronts.slack.conftest import CHANNEL, NewsSlack


@pytest.fixture
def slack(slack_news: NewsSlack) -> NewsSlack:
    return slack_news


def _text(payload: dict) -> str:
    return json.dumps(payload.get("blocks", [])) + payload.get("text", "")


async def test_follow_is_for_workspace_admins_and_following_for_everyone(slack):
    await slack.start()
    refused = await slack.answer("/follow", "Russia")
    assert refused["response_type"] == "ephemeral"
    assert "workspace admins only" in refused["text"]
    followed = await slack.answer("/follow", "Zelensky", user=slack.fake.admin_user_id)
    assert "No entity named" in _text(followed)  # not in the seed: close spellings instead
    followed = await slack.answer("/follow", "russia", user=slack.fake.admin_user_id)
    assert followed["response_type"] == "ephemeral"
    assert "now follows Russia (country)" in _text(followed)
    listed = await slack.answer("/following")
    assert "Russia (country" in _text(listed)


async def test_the_alert_of_a_reload_is_posted_once_across_a_crash_and_restart(slack, monkeypatch):
    admin = slack.fake.admin_user_id
    await slack.start()
    await slack.answer("/follow", "Russia", user=admin)
    slack.add_news("001_envoy.txt", "Russia sent an envoy to Damascus on Tuesday.")
    await slack.answer("/reload", user=admin)
    (alert,) = slack.alerts()
    assert "Russia sent an envoy to Damascus" in _text(alert)
    await slack.answer("/reload", user=admin)
    assert len(slack.alerts()) == 1

    # Killed between the claim and the mark: after posting, and (next) before posting.
    def crash(*args, **kwargs):
        raise SystemError("killed between post and mark")

    slack.add_news("002_talks.txt", "Russia signed a grain deal with Egypt on Tuesday.")
    monkeypatch.setattr(Follows, "mark_alerts_posted", crash)
    await slack.answer("/reload", user=admin)
    await slack.stop()
    monkeypatch.undo()
    assert len(slack.alerts()) == 2
    await slack.start()
    assert len(slack.alerts()) == 2  # found in the channel's history, not posted again
    slack.add_news("003_ships.txt", "Russia moved two ships out of Tartus on Tuesday.")
    monkeypatch.setattr(SlackFront, "prepare", _no_alert_poster(SlackFront.prepare))
    await slack.stop()
    await slack.start()  # a start whose front gave no poster: the new item waits, unclaimed
    monkeypatch.undo()
    with Store(slack.db) as store:
        claimed = {f for f, _, _, posted in store.follows.alert_ledger(f"slack:{CHANNEL}")}
    assert "003_ships.txt" not in claimed  # without a poster nothing is claimed
    await slack.stop()
    await slack.start()
    alerts = slack.alerts()
    assert len(alerts) == 3 and "two ships" in _text(alerts[2])
    with Store(slack.db) as store:
        assert store.follows.unposted_batches(f"slack:{CHANNEL}") == []
        ledger = store.follows.alert_ledger(f"slack:{CHANNEL}")
    assert [file for file, *_ in ledger] == ["001_envoy.txt", "002_talks.txt", "003_ships.txt"]
    assert sorted(m["ts"] for m in alerts) == sorted(_message_ids(slack.db, CHANNEL))


def _no_alert_poster(prepare):
    async def without(self):
        await prepare(self)
        self.runtime.alerts.posters.clear()

    return without


def _message_ids(db, channel: str) -> list[str]:
    with Store(db) as store:
        return [
            r[0]
            for r in store.db.execute(
                "SELECT DISTINCT message_id FROM alerts WHERE channel = ? AND batch != ''",
                (f"slack:{channel}",),
            )
        ]
