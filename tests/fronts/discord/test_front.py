"""Pieces of the Discord front, with fakes built on discord.py's own classes (spec=)."""

from __future__ import annotations

import logging
from pathlib import Path
from unittest.mock import AsyncMock, MagicMock

import discord

from bot.errors import BadDate
from bot.fronts.common import APOLOGY
from bot.fronts.discord.front import BriefingBot, app_command
from bot.runtime.runtime import Runtime
from commands import registry
from tests.factories import settings_of


def _bot(tmp_path: Path) -> BriefingBot:
    settings = settings_of(briefing_db=tmp_path / "b.db", discord_token="x")
    return BriefingBot(Runtime(settings, clock=lambda: None))


def _dispose(bot: BriefingBot) -> None:
    """Close what a never-started bot opened (discord.py can only close a started client)."""
    bot.runtime.queries.close()
    bot.runtime.writer.close()


def _interaction(admin: bool = False) -> MagicMock:
    interaction = MagicMock(spec=discord.Interaction)
    interaction.response = MagicMock(spec=discord.InteractionResponse)
    interaction.response.is_done.return_value = False
    interaction.response.send_message = AsyncMock()
    interaction.permissions = discord.Permissions(manage_guild=admin)
    interaction.guild_id = 1
    interaction.channel_id = 2
    return interaction


async def test_known_errors_are_shown_privately(tmp_path):
    bot = _bot(tmp_path)
    interaction = _interaction()
    await bot.report_error(interaction, BadDate("Use a date like 2025-01-01."))
    interaction.response.send_message.assert_awaited_once_with(
        ephemeral=True, content="Use a date like 2025-01-01."
    )
    _dispose(bot)


async def test_unexpected_errors_get_an_apology_and_the_log_gets_the_traceback(tmp_path, caplog):
    bot = _bot(tmp_path)
    interaction = _interaction()
    try:
        raise RuntimeError("no such table: secret_detail")
    except RuntimeError as exc:
        error = exc
    with caplog.at_level(logging.ERROR):
        await bot.report_error(interaction, error)
    interaction.response.send_message.assert_awaited_once_with(ephemeral=True, content=APOLOGY)
    assert "secret_detail" in caplog.text and "Traceback" in caplog.text
    _dispose(bot)


async def test_admin_check_uses_the_members_permissions(tmp_path):
    bot = _bot(tmp_path)
    assert bot.env_for(_interaction(admin=True)).is_admin
    assert not bot.env_for(_interaction(admin=False)).is_admin
    dm = _interaction(admin=True)
    dm.guild_id = None
    assert not bot.env_for(dm).is_admin  # no server, no admin
    _dispose(bot)


def test_every_declaration_becomes_an_application_command(tmp_path):
    bot = _bot(tmp_path)
    for command in registry().values():
        cmd = app_command(command, bot)
        assert cmd.name == command.name and cmd.description == command.description
        assert [p.name for p in cmd.parameters] == [p.name for p in command.params]
        assert [p.required for p in cmd.parameters] == [p.required for p in command.params]
        assert (cmd.default_permissions is not None) == command.admin
    _dispose(bot)
