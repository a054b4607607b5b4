"""Admin notices on Discord end to end: a digest that cannot be posted (its channel was
deleted) is told to the admin channel once, however often it is tried again, and its
recovery once when a digest goes out."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from tests.factories import PARIS_MORNING, Clock
from tests.factories import discord_text as _text
from tests.fronts.conftest import copy_day
from tests.fronts.discord.conftest import admin_notices
from tests.fronts.harness import DiscordHarness, harnessed

AT_0830 = PARIS_MORNING + dt.timedelta(hours=1, minutes=30)


@pytest.fixture
async def running(fake, ranked_day, tmp_path, engine) -> AsyncIterator[DiscordHarness]:
    db, seeds = copy_day(ranked_day, tmp_path / "day")
    run = DiscordHarness(
        fake,
        db,
        engine,
        Clock(PARIS_MORNING),
        seeds=seeds,
        admin_channel=f"discord:{fake.channel_id}",
    )
    async with harnessed(run):
        yield run


async def test_a_digest_that_cannot_be_posted_is_told_once_then_its_recovery(running, fake):
    news = fake.second_channel_id  # the digest channel of the settings
    gone = fake.guild.channels.pop(news)  # someone deleted the channel
    await running.start()  # 07:00 in Paris: not due
    await running.stop()
    running.clock.now = AT_0830
    await running.start()  # 08:30: the digest is due, and fails
    channel = f"discord:{news}"
    assert await running.runtime.digests.deliver_channel(channel) == "failed"  # tried again
    (problem,) = admin_notices(fake)
    assert problem.startswith(f"Problem: the digest for {channel} could not be posted (")
    assert problem == (
        f"Problem: the digest for {channel} could not be posted (NotFound: 404 Not Found"
        " (error code: 10003): Unknown Channel); it is tried again every few minutes."
        " Check the bot's permissions there."
    )
    fake.guild.channels[news] = gone  # the channel is back
    assert await running.runtime.digests.deliver_channel(channel) == "posted"
    assert admin_notices(fake) == [
        problem,
        f"Recovered: the digest for {channel} was posted (after 0 s)",
    ]
    assert [_text(m) for m in fake.channel_messages(news) if "digest" in _text(m)]
