"""/follow on Slack end to end (the real bolt app against the fake Slack), and its alert
after a reload: posted exactly once, also when the bot dies between claim and mark."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.fronts.slack.front import SlackFront
from bot.runtime.runtime import Runtime
from bot.runtime.settings import Settings
from bot.store import Store
from bot.store.follows import Follows
from tests.conftest import SEEDS
from tests.factories import Clock
from tests.fakes.slack_api import FakeSlack, form_encode, sign

SECRET = "fake-signing-secret-0123456789"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PARIS_MORNING = dt.datetime(2025, 2, 19, 6, 0, tzinfo=dt.UTC)
CHANNEL = "C0FAKE0001"  # where the fake's slash commands come from
NEWS = " date 2025-02-18\n\n{sentence}\n"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)


class Slack:
    """A Slack front over a runtime on a copy of the seeds, through aiohttp's test server."""

    def __init__(self, fake: FakeSlack, tmp_path, seed_db, engine) -> None:
        self.fake, self.engine, self.clock = fake, engine, Clock(PARIS_MORNING)
        self.db, self.seeds = tmp_path / "briefing.db", tmp_path / "seeds"
        shutil.copy(seed_db, self.db)
        shutil.copytree(SEEDS, self.seeds)
        self.http: TestClient | None = None

    async def start(self) -> None:
        settings = Settings(
            _env_file=None,
            briefing_db=self.db,
            briefing_seeds=self.seeds,
            slack_bot_token=self.fake.bot_token,
            slack_signing_secret=SECRET,
            slack_api_base=self.fake.api_base,
        )
        self.runtime = Runtime(settings, self.clock, self.engine)
        self.front = SlackFront(self.runtime)
        await self.front.prepare()
        self.http = TestClient(TestServer(self.front.app.web_app()))
        await self.http.start_server()
        await self.runtime.start_once()

    async def stop(self) -> None:
        if self.http is not None:
            await self.http.close()
            await self.front.close()
            await self.runtime.close()
        self.http = None

    async def command(self, name: str, text: str = "", user: str | None = None) -> dict:
        form = self.fake.slash_command_form(name, text, user_id=user)
        body = form_encode(form)
        response = await self.http.post(
            "/slack/events", data=body, headers={**FORM, **sign(body, SECRET)}
        )
        assert response.status == 200
        (answer,) = await self.fake.wait_for_response(form["response_url"])
        return answer

    def add_news(self, file: str, sentence: str) -> None:
        (self.seeds / file).write_text(NEWS.format(sentence=sentence), "utf-8")

    def alerts(self) -> list[dict]:
        return [m for m in self.fake.messages(CHANNEL) if "Briefing alert" in m["text"]]


@pytest.fixture
async def slack(tmp_path, seed_db, engine) -> AsyncIterator[Slack]:
    async with FakeSlack() as fake:
        running = Slack(fake, tmp_path, seed_db, engine)
        try:
            yield running
        finally:
            await running.stop()
        assert fake.unexpected == []


def _text(payload: dict) -> str:
    return json.dumps(payload.get("blocks", [])) + payload.get("text", "")


async def test_follow_is_for_workspace_admins_and_following_for_everyone(slack):
    await slack.start()
    refused = await slack.command("/follow", "Russia")
    assert refused["response_type"] == "ephemeral"
    assert "workspace admins only" in refused["text"]
    followed = await slack.command("/follow", "Zelensky", user=slack.fake.admin_user_id)
    assert "No entity named" in _text(followed)  # not in the seed: close spellings instead
    followed = await slack.command("/follow", "russia", user=slack.fake.admin_user_id)
    assert followed["response_type"] == "ephemeral"
    assert "now follows Russia (country)" in _text(followed)
    listed = await slack.command("/following")
    assert "Russia (country" in _text(listed)


async def test_the_alert_of_a_reload_is_posted_once_across_a_crash_and_restart(slack, monkeypatch):
    admin = slack.fake.admin_user_id
    await slack.start()
    await slack.command("/follow", "Russia", user=admin)
    slack.add_news("001_envoy.txt", "Russia sent an envoy to Damascus on Tuesday.")
    await slack.command("/reload", user=admin)
    (alert,) = slack.alerts()
    assert "Russia sent an envoy to Damascus" in _text(alert)
    await slack.command("/reload", user=admin)
    assert len(slack.alerts()) == 1

    # Killed between the claim and the mark: after posting, and (next) before posting.
    def crash(*args, **kwargs):
        raise SystemError("killed between post and mark")

    slack.add_news("002_talks.txt", "Russia opened talks with Syria on Tuesday.")
    monkeypatch.setattr(Follows, "mark_alerts_posted", crash)
    await slack.command("/reload", user=admin)
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
