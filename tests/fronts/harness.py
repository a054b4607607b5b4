"""One end-to-end harness for both chat fronts, with two transports: the settings every
test shares (a store, its seeds, the clock), the real front started on a runtime against a
fake server on loopback as `briefing run` starts it, stopped, and what every end-to-end
test asserts at its end (nothing the fake did not expect, no token in what was sent).

`DiscordHarness` runs the real discord.py client against `FakeDiscord`; `SlackHarness`
the real bolt app (HTTP mode, through aiohttp's test server) against `FakeSlack`. A test
starts the harness, talks to the fake, and the fixture (`harnessed`) stops it and checks.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from discord.http import Route

from bot.fronts.discord.front import BriefingBot
from bot.fronts.slack.front import SlackFront
from bot.runtime.runtime import Runtime
from bot.settings import Settings
from tests.conftest import SEEDS
from tests.factories import MANAGE_GUILD, TOKEN, Clock, discord_message, settings_of
from tests.fakes.discord_api import FakeDiscord, RecordedRequest
from tests.fakes.slack_api import FakeSlack, form_encode, sign

SLACK_SECRET = "fake-signing-secret-0123456789"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Harness:
    """A chat front on a runtime over `db` (and `seeds`), against a fake on loopback."""

    def __init__(
        self, fake: Any, db: Path, engine, clock: Clock, *, seeds: Path = SEEDS, **extra
    ) -> None:
        self.fake, self.db, self.engine, self.clock = fake, db, engine, clock
        self.seeds = seeds
        self.extra = extra  # more settings (shards, the digest's length)
        self.runtime: Runtime | None = None

    def front_settings(self) -> dict[str, Any]:
        """The settings that point this front at its fake."""
        raise NotImplementedError

    def settings(self, **extra: Any) -> Settings:
        return settings_of(
            briefing_db=self.db,
            briefing_seeds=self.seeds,
            **{**self.front_settings(), **self.extra, **extra},
        )

    def enter(self) -> None:
        """Before the first start (a transport's process-wide knob)."""

    def leave(self) -> None:
        """After the last stop."""

    async def stop(self) -> None:
        raise NotImplementedError

    def check(self) -> None:
        """What every end-to-end test asserts at its end."""
        assert self.fake.unexpected == []


@asynccontextmanager
async def harnessed(harness: Harness) -> AsyncIterator[Harness]:
    """The harness for a test: stopped after it, then checked."""
    harness.enter()
    try:
        yield harness
    finally:
        await harness.stop()
        harness.leave()
    harness.check()


# --- Discord -----------------------------------------------------------------------------------


class DiscordHarness(Harness):
    """Starts and stops BriefingBot the way `briefing run` does, on the test's loop."""

    fake: FakeDiscord

    def __init__(self, fake: FakeDiscord, db: Path, engine, clock: Clock, **extra) -> None:
        super().__init__(fake, db, engine, clock, **extra)
        self.bot: BriefingBot | None = None
        self.runner: asyncio.Task | None = None
        self._base = Route.BASE

    def front_settings(self) -> dict[str, Any]:
        return {
            "discord_token": TOKEN,
            "discord_guild_id": int(self.fake.guild_id),
            "digest_channel_id": int(self.fake.second_channel_id),
            "digest_time": "08:00",
            "digest_timezone": "Europe/Paris",
        }

    def enter(self) -> None:
        self._base, Route.BASE = Route.BASE, self.fake.api_base

    def leave(self) -> None:
        Route.BASE = self._base

    async def _connect(self) -> None:
        self.runtime = Runtime(self.settings(), self.clock, self.engine)
        shards = self.runtime.settings.discord.shard_options()
        self.bot = BriefingBot(self.runtime, guild_ready_timeout=0.05, **shards)
        self.runner = asyncio.create_task(self.bot.start(TOKEN))
        ready = asyncio.create_task(self.bot.wait_until_ready())
        done, _ = await asyncio.wait(
            {self.runner, ready}, timeout=15, return_when="FIRST_COMPLETED"
        )
        assert ready in done, self.runner.exception() if self.runner.done() else "not ready"

    async def admin(self, command: str, **options: str) -> dict:
        """An admin's slash command in the fake's channel, each option a string; the
        bot's answer (after its "thinking…")."""
        fake = self.fake
        sent = await fake.send_command(
            command,
            [{"name": k, "type": 3, "value": v} for k, v in options.items()] or None,
            user_id=fake.member_id,
            permissions=MANAGE_GUILD,
        )
        return discord_message(await fake.responses_for(sent, count=2))

    async def start_without_waiting(self) -> BriefingBot:
        """Connected and ready, with the start-up reload still running."""
        await self._connect()
        while self.bot.startup is None:
            await asyncio.sleep(0)
        return self.bot

    async def start(self) -> BriefingBot:
        await self._connect()
        await asyncio.wait_for(self.bot.startup, timeout=30)  # reload and due digests
        return self.bot

    async def stop(self) -> None:
        if self.bot is not None:
            await self.bot.close()
            await asyncio.wait_for(self.runner, timeout=10)
            await self.runtime.close()
        self.bot = None

    def check(self) -> None:
        super().check()
        assert self.fake.token_leaks(TOKEN) == []
        _assert_no_mentions(self.fake.requests)


def _assert_no_mentions(requests: list[RecordedRequest]) -> None:
    for request in requests:
        body = request.json if isinstance(request.json, dict) else {}
        data = body.get("data", body) if isinstance(body.get("data"), dict) else body
        if "content" in data or "embeds" in data:
            assert data.get("allowed_mentions", {}).get("parse") == [], request.path


# --- Slack ---------------------------------------------------------------------------------------


class SlackHarness(Harness):
    """A Slack front on a runtime, served through aiohttp's test server (HTTP mode), the
    runtime's start-up work (reload, due alerts and digests) awaited when `startup`."""

    fake: FakeSlack

    def __init__(
        self, fake: FakeSlack, db: Path, engine, clock: Clock, *, startup: bool = True, **extra
    ) -> None:
        super().__init__(fake, db, engine, clock, **extra)
        self.startup = startup
        self.front: SlackFront | None = None
        self.http: TestClient | None = None

    def front_settings(self) -> dict[str, Any]:
        return {
            "slack_bot_token": self.fake.bot_token,
            "slack_signing_secret": SLACK_SECRET,
            "slack_api_base": self.fake.api_base,
        }

    async def start(self, **extra: Any) -> SlackFront:
        self.runtime = Runtime(self.settings(**extra), self.clock, self.engine)
        self.front = SlackFront(self.runtime)
        await self.front.prepare()
        self.http = TestClient(TestServer(self.front.web_app()))
        await self.http.start_server()
        if self.startup:
            await self.runtime.start_once()
        return self.front

    async def stop(self) -> None:
        if self.http is not None:
            await self.http.close()
            await self.front.close()
            await self.runtime.close()
        self.http = None

    async def post(self, body: str, secret: str = SLACK_SECRET):
        return await self.http.post(
            "/slack/events", data=body, headers={**FORM, **sign(body, secret)}
        )

    async def command(
        self, name: str, text: str = "", user: str | None = None, channel: str | None = None
    ) -> list[dict]:
        """A slash command, signed and posted; what the front sent to its response URL."""
        where = {"channel_id": channel} if channel is not None else {}
        form = self.fake.slash_command_form(name, text, user_id=user, **where)
        response = await self.post(form_encode(form))
        assert response.status == 200
        return await self.fake.wait_for_response(form["response_url"])

    async def answer(self, name: str, text: str = "", **kwargs: Any) -> dict:
        """The one answer to a slash command."""
        (answer,) = await self.command(name, text, **kwargs)
        return answer

    def check(self) -> None:
        super().check()
        for call in self.fake.calls():
            assert self.fake.bot_token not in json.dumps(call.body) if call.body else True
