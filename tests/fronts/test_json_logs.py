"""Log lines in JSON mode from a session on every front (a reload, commands on the
console, Discord and Slack, a digest): each line parses as JSON with its required fields,
a command's lines with its command, front, channel and request id, and none carries a
token or what a user typed."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator

import pytest

from bot import logs
from tests.factories import MANAGE_GUILD
from tests.fakes.discord_api import FakeDiscord
from tests.fronts.console.conftest import console  # noqa: F401 (the console fixture)
from tests.fronts.harness import TOKEN, DiscordHarness, SlackHarness, harnessed

REQUIRED = ("ts", "level", "logger", "event", "role")
TYPED = "Tartus"  # what users type, in a name: never in the logs


@pytest.fixture
async def discord_fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """Every logger of the process into a buffer as JSON lines at INFO; the test
    framework's own handlers back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    out = io.StringIO()
    logs.setup("INFO", "bot", "json", out)
    try:
        yield out
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)


def _lines(out: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_console_session_logs_json_lines_with_their_fields(json_logs, console):  # noqa: F811
    console("/reload", f"/who {TYPED}", "/digest", "/since nonsense")
    lines = _lines(json_logs)
    assert lines and all(all(k in line for k in REQUIRED) for line in lines)
    assert {line["role"] for line in lines} == {"bot"}
    answered = [line for line in lines if line["event"] == "answered"]
    assert [(a["command"], a["front"], a["outcome"]) for a in answered] == [
        ("reload", "console", "ok"),
        ("who", "console", "ok"),
        ("digest", "console", "ok"),
        ("since", "console", "bad_input"),
    ]
    assert all(a["channel"] == "console" and len(a["request"]) == 8 for a in answered)
    assert len({a["request"] for a in answered}) == 4
    assert any(line["event"] == "reload done" for line in lines)
    assert TYPED not in json_logs.getvalue() and "nonsense" not in json_logs.getvalue()


async def test_discord_and_slack_commands_log_their_context(
    json_logs,
    discord_fake,
    db,
    engine,
    monkeypatch,
):
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)  # slack_sdk reads them itself
    from tests.factories import PARIS_MORNING, Clock
    from tests.fakes.slack_api import FakeSlack

    async with harnessed(DiscordHarness(discord_fake, db, engine, Clock(PARIS_MORNING))) as run:
        await run.start()
        sent = await discord_fake.send_command(
            "who",
            [{"name": "name", "type": 3, "value": TYPED}],
            user_id=discord_fake.member_id,
            permissions=MANAGE_GUILD,
        )
        await discord_fake.responses_for(sent, count=2)
    async with FakeSlack() as slack_fake:
        slack = SlackHarness(slack_fake, db, engine, Clock(PARIS_MORNING), startup=False)
        async with harnessed(slack):
            await slack.start()
            await slack.answer("/who", TYPED)
    lines = _lines(json_logs)
    assert lines and all(all(k in line for k in REQUIRED) for line in lines)
    answered = {line["front"]: line for line in lines if line["event"] == "answered"}
    assert answered["discord"]["command"] == "who"
    assert answered["discord"]["channel"] == f"discord:{discord_fake.channel_id}"
    assert answered["slack"]["command"] == "who" and answered["slack"]["channel"].startswith(
        "slack:"
    )
    text = json_logs.getvalue()
    assert TYPED not in text and "xoxb-" not in text and TOKEN not in text
