"""Sharded bots: a process opens only its own gateway shards (DISCORD_SHARD_IDS of
DISCORD_SHARD_COUNT), and only one process syncs the application commands."""

from __future__ import annotations

import pytest
import yarl
from discord.gateway import DiscordWebSocket
from pydantic import ValidationError

from bot.settings import Settings
from tests.factories import PARIS_MORNING, Clock, settings_of
from tests.fronts.harness import DiscordHarness, harnessed


def _settings(**values) -> Settings:
    return settings_of(**values)


@pytest.mark.parametrize(
    ("ids", "count", "options"),
    [
        ("", None, {}),  # Discord's recommended number, all in this process
        ("", 2, {"shard_ids": [0, 1], "shard_count": 2}),
        ("1", 2, {"shard_ids": [1], "shard_count": 2}),
        (" 3, 1,3 ", 4, {"shard_ids": [1, 3], "shard_count": 4}),
    ],
)
def test_the_client_is_built_with_this_processes_shards(ids, count, options):
    settings = _settings(discord_shard_ids=ids, discord_shard_count=count)
    assert settings.discord.shard_options() == options


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"discord_shard_ids": "0,1"}, "needs DISCORD_SHARD_COUNT"),
        ({"discord_shard_ids": "0,2", "discord_shard_count": 2}, "from 0 to 1"),
        ({"discord_shard_ids": "zero", "discord_shard_count": 2}, "separated by commas"),
        ({"discord_shard_ids": "-1", "discord_shard_count": 2}, "separated by commas"),
        ({"discord_shard_count": 0}, "greater than or equal to 1"),
    ],
)
def test_bad_shard_settings_say_what_is_accepted(values, message):
    with pytest.raises(ValidationError, match=message):
        _settings(**values)


@pytest.mark.parametrize(
    ("values", "syncs"),
    [
        ({}, True),
        ({"discord_shard_ids": "0,1", "discord_shard_count": 4}, True),
        ({"discord_shard_ids": "2,3", "discord_shard_count": 4}, False),
        ({"discord_shard_ids": "2", "discord_shard_count": 4, "discord_sync_commands": True}, True),
        ({"discord_sync_commands": False}, False),
    ],
)
def test_one_process_syncs_the_commands(values, syncs):
    assert _settings(**values).discord.syncs_commands is syncs


@pytest.mark.parametrize(("shard", "synced"), [(0, True), (1, False)])
async def test_a_process_identifies_as_its_shard_and_only_shard_0_syncs(
    fake, db, engine, monkeypatch, shard, synced
):
    # Given its shard count, discord.py skips GET /gateway/bot and dials Discord's own
    # gateway address: point that at the fake.
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
    run = DiscordHarness(
        fake, db, engine, Clock(PARIS_MORNING), discord_shard_ids=str(shard), discord_shard_count=2
    )
    async with harnessed(run):
        await run.start()
        assert [i["shard"] for i in fake.identifies] == [[shard, 2]]
        assert bool(fake.commands(fake.guild_id)) is synced
