"""The Slack end-to-end tests' fake (Slack's Web API on loopback, reached directly), the
harness on a copy of the seed store (`slack`), and on a writable copy of its seeds too,
so a test can add news (`slack_news`)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.factories import PARIS_MORNING, Clock
from tests.fakes.slack_api import FakeSlack
from tests.fronts.harness import SlackHarness, harnessed

CHANNEL = "C0FAKE0001"  # where the fake's slash commands come from
NEWS = " date 2025-02-18\n\n{sentence}\n"


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


class NewsSlack(SlackHarness):
    """The harness on a writable copy of the seeds, so a test can add news."""

    def add_news(self, file: str, sentence: str) -> None:
        (self.seeds / file).write_text(NEWS.format(sentence=sentence), "utf-8")

    def alerts(self) -> list[dict]:
        return [m for m in self.fake.messages(CHANNEL) if "Briefing alert" in m["text"]]


@pytest.fixture
async def slack_news(fake, seed_copy, engine) -> AsyncIterator[NewsSlack]:
    db, seeds = seed_copy
    async with harnessed(NewsSlack(fake, db, engine, Clock(PARIS_MORNING), seeds=seeds)) as running:
        yield running
