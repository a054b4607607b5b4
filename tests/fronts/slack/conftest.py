"""The Slack end-to-end tests' fake (Slack's Web API on loopback, reached directly) and
the harness on a copy of the seed store (`slack`)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.factories import PARIS_MORNING, Clock
from tests.fakes.slack_api import FakeSlack
from tests.fronts.harness import SlackHarness, harnessed


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # slack_sdk reads HTTPS_PROXY/HTTP_PROXY itself (NO_PROXY is not honoured): keep loopback.
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


@pytest.fixture
async def slack(fake, db, engine) -> AsyncIterator[SlackHarness]:
    """The Slack front on a copy of the seed store; the runtime's start-up work is left
    to the tests that want it."""
    running = SlackHarness(fake, db, engine, Clock(PARIS_MORNING), startup=False)
    async with harnessed(running):
        yield running
