"""The Discord end-to-end tests' fake: discord's API and gateway on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.factories import TOKEN
from tests.fakes.discord_api import FakeDiscord


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(token=TOKEN) as server:
        yield server
