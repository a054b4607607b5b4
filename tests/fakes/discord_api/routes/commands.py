"""Application command sync: bulk overwrite and list, global or for the guild."""

from __future__ import annotations

import re

from aiohttp import web

from tests.fakes.discord_api.answers import error, json_response
from tests.fakes.discord_api.guild import Guild
from tests.fakes.discord_api.records import RecordedRequest
from tests.fakes.discord_api.registry import CommandRegistry
from tests.fakes.discord_api.routing import RouteSpec
from tests.fakes.discord_api.validation import Validator


class CommandRoutes:
    """``PUT|GET /applications/{app}[/guilds/{guild}]/commands``."""

    def __init__(self, guild: Guild, registry: CommandRegistry, validator: Validator) -> None:
        self.guild = guild
        self.registry = registry
        self.validator = validator

    def table(self) -> list[RouteSpec]:
        app, guild = "{app}", "{guild}"
        return [
            ("PUT", f"/applications/{app}/commands", self.put_commands, True),
            ("GET", f"/applications/{app}/commands", self.get_commands, True),
            ("PUT", f"/applications/{app}/guilds/{guild}/commands", self.put_commands, True),
            ("GET", f"/applications/{app}/guilds/{guild}/commands", self.get_commands, True),
        ]

    def _scope(self, m: re.Match[str]) -> tuple[str | None, web.Response | None]:
        if m["app"] != self.guild.application_id:
            return None, error(403, "Missing Access", 50001)
        guild = m.groupdict().get("guild")
        if guild is not None and guild != self.guild.guild_id:
            return None, error(404, "Unknown Guild", 10004)
        return guild, None

    async def put_commands(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        scope, err = self._scope(m)
        if err is not None:
            return err
        if (err := self.validator.check_commands(rec.json)) is not None:
            return err
        return json_response(self.registry.overwrite(scope, rec.json))

    async def get_commands(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        scope, err = self._scope(m)
        if err is not None:
            return err
        return json_response(self.registry.stored(scope))
