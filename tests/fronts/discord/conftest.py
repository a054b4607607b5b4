"""The Discord end-to-end tests' fake (discord's API and gateway on loopback), and the bot
on a writable copy of the seed store and seeds, so a test can add news (`discord_news`)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.factories import PARIS_MORNING, TOKEN, Clock
from tests.fakes.discord_api import FakeDiscord
from tests.fronts.harness import DiscordHarness, harnessed


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(token=TOKEN) as server:
        yield server


@pytest.fixture
async def discord_news(fake, seed_copy, engine) -> AsyncIterator[DiscordHarness]:
    db, seeds = seed_copy
    async with harnessed(
        DiscordHarness(fake, db, engine, Clock(PARIS_MORNING), seeds=seeds)
    ) as run:
        yield run


def admin_notices(fake: FakeDiscord) -> list[str]:
    """The admin notices (bot/runtime/notices.py) in the fake's first channel, oldest first."""
    return [
        m["content"]
        for m in fake.channel_messages(fake.channel_id)
        if m["content"].startswith(("Problem:", "Recovered:"))
    ]
