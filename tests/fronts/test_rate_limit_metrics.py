"""Rate-limit waits in the metrics: Slack's 429 answered by the loopback Slack server and
waited out by the bot's retry handler, and discord.py's own word that it waits."""

from __future__ import annotations

import logging

import pytest
from prometheus_client import REGISTRY
from slack_sdk.web.async_client import AsyncWebClient

from bot.fronts.discord.front import RateLimitCounter  # noqa: F401 (installs the counter)
from bot.fronts.slack.front import CountedRateLimits
from tests.fakes.slack_api import FakeSlack


def _waits(front: str) -> tuple[float, float]:
    labels = {"front": front}
    return (
        REGISTRY.get_sample_value("briefing_rate_limit_waits_total", labels) or 0.0,
        REGISTRY.get_sample_value("briefing_rate_limit_wait_seconds_total", labels) or 0.0,
    )


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)


async def test_a_slack_429_is_waited_out_and_counted():
    async with FakeSlack() as fake:
        client = AsyncWebClient(
            token=fake.bot_token,
            base_url=fake.api_base,
            retry_handlers=[CountedRateLimits(max_retry_count=2)],
        )
        before = _waits("slack")
        fake.rate_limit("chat.postMessage", times=1, retry_after=0)
        await client.chat_postMessage(channel="C0FAKE0001", text="once")
        waits, seconds = _waits("slack")
        assert waits == before[0] + 1 and seconds > before[1]


def test_discord_py_saying_it_waits_is_counted():
    before = _waits("discord")
    logging.getLogger("discord.http").warning(
        "We are being rate limited. %s %s responded with 429. Retrying in %.2f seconds.",
        "POST",
        "https://discord.com/api/v10/channels/1/messages",
        2.5,
    )
    assert _waits("discord") == (before[0] + 1, before[1] + 2.5)
