"""/filter on Discord end to end (the real discord.py client against the fake): admins
only; a digest rule typed in any channel is kept for the server's digest channel, whose
digest (previewed by /digest) then says it in the footer."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.store import FilterRule, Store
from tests.factories import EPHEMERAL, MANAGE_GUILD, PARIS_MORNING, Clock
from tests.factories import discord_message as _message
from tests.factories import discord_text as _text
from tests.fakes.discord_api import FakeDiscord
from tests.fronts.harness import DiscordHarness, harnessed


@pytest.fixture
async def running(fake, db, engine) -> AsyncIterator[DiscordHarness]:
    run = DiscordHarness(fake, db, engine, Clock(PARIS_MORNING), feeds_fetch=False)
    async with harnessed(run):
        yield run


async def _command(fake: FakeDiscord, name: str, options: dict, permissions: str) -> dict:
    sent = await fake.send_command(
        name,
        [{"name": k, "type": 3, "value": v} for k, v in options.items()],
        user_id=fake.member_id,
        permissions=permissions,
    )
    responses = await fake.responses_for(sent, count=1 if permissions == "0" else 2)
    return _message(responses) if permissions != "0" else responses[0].json["data"]


async def test_filter_is_for_server_admins_and_the_digest_says_it(running, fake):
    await running.start()
    rule = {"action": "add", "rule": "digest exclude keyword Tartus"}
    refused = await _command(fake, "filter", rule, permissions="0")
    assert refused["flags"] & EPHEMERAL and "server admins only" in refused["content"]
    added = await _command(fake, "filter", rule, permissions=MANAGE_GUILD)
    digest_channel = fake.second_channel_id  # the harness's DIGEST_CHANNEL_ID
    said = f"Added: not keyword “Tartus” (the digest of <#{digest_channel}>)."
    assert said in _text(added)
    with Store(running.db) as store:
        kept = store.filters.of(f"discord:{digest_channel}")
        assert store.filters.of(f"discord:{fake.channel_id}") == []
    assert kept == [FilterRule("digest", "exclude", "keyword", "Tartus")]
    digest = await _command(fake, "digest", {}, permissions=MANAGE_GUILD)
    shown = _text(digest)
    assert "filtered: not keyword “Tartus”" in shown and "Tartus" not in shown.replace(
        "“Tartus”", ""
    )
