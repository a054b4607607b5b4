"""The application commands the bot synced, global and per guild."""

from __future__ import annotations

import copy

from tests.fakes.discord_api.guild import Guild
from tests.fakes.discord_api.protocol import JSON


class CommandRegistry:
    """Commands by scope (a guild id, or None for global), with ids stable across syncs."""

    def __init__(self, guild: Guild) -> None:
        self.guild = guild
        self.by_scope: dict[str | None, list[JSON]] = {}
        self._ids: dict[tuple[str | None, str, int], str] = {}

    def overwrite(self, scope: str | None, payload: list[JSON]) -> list[JSON]:
        """Replace the commands of ``scope`` (a bulk PUT) and return them as Discord stores them."""
        stored = []
        for raw in payload:
            cmd = copy.deepcopy(raw)
            ctype = cmd.setdefault("type", 1)
            key = (scope, cmd["name"], ctype)
            cmd["id"] = self._ids.setdefault(key, self.guild.snowflake())
            cmd["application_id"] = self.guild.application_id
            cmd["version"] = self.guild.snowflake()
            cmd.setdefault("description", "")
            cmd.setdefault("default_member_permissions", None)
            cmd.setdefault("nsfw", False)
            if scope is not None:
                cmd["guild_id"] = scope
            else:
                cmd.setdefault("integration_types", [0])
                cmd.setdefault("contexts", None)
            stored.append(cmd)
        self.by_scope[scope] = stored
        return stored

    def stored(self, scope: str | None) -> list[JSON]:
        return self.by_scope.get(scope, [])

    def find(self, name: str, command_type: int) -> tuple[str | None, JSON]:
        """The synced command a user would invoke: the guild's first, then the global one."""
        for scope in (self.guild.guild_id, None):
            for cmd in self.by_scope.get(scope, []):
                if cmd["name"] == name and cmd.get("type", 1) == command_type:
                    return scope, cmd
        synced = {scope: [c["name"] for c in cmds] for scope, cmds in self.by_scope.items()}
        raise LookupError(f"command {name!r} was never synced; synced commands: {synced}")
