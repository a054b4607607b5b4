"""Alerts by story on Discord end to end: a story is one alert in the channel; its later
developments open the alert's thread and go there (with every outlet so far) where the
channel asked for threads, and edit the alert where it did not. No update pings anyone."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.factories import MANAGE_GUILD, PARIS_MORNING, Clock
from tests.factories import discord_message as _message
from tests.factories import discord_text as _text
from tests.fakes.discord_api import FakeDiscord
from tests.fronts.harness import DiscordHarness, harnessed

NEWS = " date 2025-02-18\n\n{sentence}\n"
ENVOYS = (
    "Russia sent an envoy to Damascus on Tuesday. (Reuters)",
    "Russia sent a second envoy to Damascus on Tuesday. (AP)",
    "Russia sent a third envoy to Damascus on Tuesday. (BBC News)",
)


@pytest.fixture
async def running(fake, seed_copy, engine) -> AsyncIterator[DiscordHarness]:
    db, seeds = seed_copy
    run = DiscordHarness(fake, db, engine, Clock(PARIS_MORNING), seeds=seeds)
    async with harnessed(run):
        yield run


async def _command(fake: FakeDiscord, command: str, **options: str) -> dict:
    sent = await fake.send_command(
        command,
        [{"name": k, "type": 3, "value": v} for k, v in options.items()] or None,
        user_id=fake.member_id,
        permissions=MANAGE_GUILD,
    )
    return _message(await fake.responses_for(sent, count=2))


def _alerts(fake: FakeDiscord, channel: str) -> list[dict]:
    return [m for m in fake.channel_messages(channel) if "Briefing alert" in _text(m)]


async def _news(running: DiscordHarness, fake: FakeDiscord, n: int) -> None:
    (running.seeds / f"00{n}_envoy.txt").write_text(NEWS.format(sentence=ENVOYS[n]), "utf-8")
    await _command(fake, "reload")


async def test_a_storys_developments_go_to_its_thread(running, fake):
    await running.start()
    await _command(fake, "follow", name="Russia")
    said = await _command(fake, "pace", setting="threads", value="on")
    assert "later developments go in the alert's thread" in _text(said)
    await _news(running, fake, 0)
    (alert,) = _alerts(fake, fake.channel_id)
    await _news(running, fake, 1)
    await _news(running, fake, 2)
    assert len(_alerts(fake, fake.channel_id)) == 1  # one alert for one story
    opened = [r for r in fake.requests if r.path.endswith(f"/messages/{alert['id']}/threads")]
    assert len(opened) == 1 and "envoy to Damascus" in opened[0].json["name"]
    first, second = _alerts(fake, alert["id"])  # the thread has the alert's id
    assert "Update: 1 new item" in _text(first) and "second envoy" in _text(first)
    assert "Every outlet so far (2): Reuters, AP" in _text(first)
    assert "third envoy" in _text(second) and "(3): Reuters, AP, BBC News" in _text(second)
    thread = f"/channels/{alert['id']}/messages"
    replies = [r.json for r in fake.requests if r.method == "POST" and r.path.endswith(thread)]
    assert [r["allowed_mentions"] for r in replies] == [{"parse": [], "roles": []}] * 2
    # Someone deletes the thread: the next development edits the alert instead.
    del fake.guild.threads[alert["id"]]
    (running.seeds / "009_envoy.txt").write_text(
        NEWS.format(sentence="Russia sent a fourth envoy to Damascus on Tuesday."), "utf-8"
    )
    await _command(fake, "reload")
    (edited,) = _alerts(fake, fake.channel_id)
    assert "4 items, 3 since first posted" in _text(edited) and "fourth envoy" in _text(edited)


async def test_without_threads_a_development_edits_the_alert(running, fake):
    await running.start()
    await _command(fake, "follow", name="Russia")
    await _news(running, fake, 0)
    await _news(running, fake, 1)
    (alert,) = _alerts(fake, fake.channel_id)
    assert "2 items, 1 since first posted" in _text(alert) and "second envoy" in _text(alert)
    edits = [r for r in fake.requests if r.method == "PATCH" and alert["id"] in r.path]
    assert len(edits) == 1 and edits[0].json["allowed_mentions"] == {"parse": []}
    assert fake.guild.threads == {}
