"""The end-to-end harness's own checks fail a test whose fake saw what it should not."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.factories import PARIS_MORNING, Clock
from tests.fronts.harness import DiscordHarness, SlackHarness


def _slack(**fake) -> SlackHarness:
    seen = {"unexpected": [], "bot_token": "xoxb-secret", "calls": lambda: [], **fake}
    return SlackHarness(SimpleNamespace(**seen), Path("b.db"), None, Clock(PARIS_MORNING))


def _discord(**fake) -> DiscordHarness:
    seen = {"unexpected": [], "token_leaks": lambda token: [], "requests": [], **fake}
    return DiscordHarness(SimpleNamespace(**seen), Path("b.db"), None, Clock(PARIS_MORNING))


def test_a_clean_run_passes():
    _slack().check()
    _discord().check()


@pytest.mark.parametrize(
    "harness",
    [
        lambda: _slack(unexpected=["POST /api/nope"]),
        lambda: _slack(calls=lambda: [SimpleNamespace(body={"token": "xoxb-secret"})]),
        lambda: _discord(unexpected=["GET /nope"]),
        lambda: _discord(token_leaks=lambda token: ["POST /channels/1/messages"]),
    ],
    ids=["slack-unexpected", "slack-token", "discord-unexpected", "discord-token"],
)
def test_what_the_fake_should_not_have_seen_fails_the_test(harness):
    with pytest.raises(AssertionError):
        harness().check()
