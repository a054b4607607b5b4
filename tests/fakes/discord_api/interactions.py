"""Interactions a test sends the bot: slash commands, autocomplete and button clicks."""

from __future__ import annotations

import copy
import secrets
from collections.abc import Iterable
from typing import Any

from tests.fakes.discord_api.gateway import Gateway
from tests.fakes.discord_api.guild import Guild
from tests.fakes.discord_api.messages import MessageStore
from tests.fakes.discord_api.protocol import (
    ALL_PERMISSIONS,
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    BOT_PERMISSIONS,
    JSON,
    MESSAGE_COMPONENT,
)
from tests.fakes.discord_api.records import InteractionState, SentInteraction
from tests.fakes.discord_api.registry import CommandRegistry


class InteractionSender:
    """Builds INTERACTION_CREATE payloads as Discord would and dispatches them."""

    def __init__(
        self,
        guild: Guild,
        messages: MessageStore,
        registry: CommandRegistry,
        interactions: dict[str, InteractionState],
        gateway: Gateway,
    ) -> None:
        self.guild = guild
        self.messages = messages
        self.registry = registry
        self.interactions = interactions  # by token
        self.gateway = gateway

    async def send(
        self,
        type: int = APPLICATION_COMMAND,
        *,
        name: str | None = None,
        options: list[JSON] | None = None,
        focused: str | None = None,
        command_type: int = 1,
        target_id: str | None = None,
        custom_id: str | None = None,
        component_type: int = 2,
        values: list[str] | None = None,
        message_id: str | int | None = None,
        user_id: str | None = None,
        permissions: str | int | None = None,
        roles: Iterable[str] = (),
        app_permissions: str | int | None = None,
        channel_id: str | None = None,
        guild_id: str | None = None,
        locale: str = "en-US",
        resolved: JSON | None = None,
        timeout: float = 10.0,
    ) -> SentInteraction:
        """Dispatch INTERACTION_CREATE and return its id and token.

        * type 2 (application command): ``name`` (must have been synced, guild or global),
          ``options`` as Discord sends them: ``[{"name", "type", "value"}]`` (3 string,
          4 integer, 5 boolean, 6 user, 7 channel, 8 role, 10 number; 1/2 sub-commands with
          nested ``options``). Users/channels/roles get ``data.resolved`` entries automatically.
        * type 4 (autocomplete): as type 2; ``focused`` names the option being typed (or set
          ``"focused": True`` on the option yourself).
        * type 3 (component): ``custom_id``, ``component_type`` (2 button, 3 select with
          ``values``) and ``message_id`` of a message the fake stored (the bot sent it).

        ``user_id`` defaults to the plain member; ``permissions`` (the member's computed
        permissions, a decimal string such as ``str(1 << 5)``) defaults to all permissions for
        the owner and "0" for anyone else. ``guild_id`` (the main guild by default, or one
        added with ``add_guild``) decides the shard the interaction arrives on.
        """
        guild_id = str(guild_id or self.guild.guild_id)
        if guild_id not in self.guild.guild_ids:
            raise KeyError(f"unknown guild {guild_id}")
        user_id = str(user_id or self.guild.member_id)
        channel_id = str(channel_id or self.guild.channel_id)
        if channel_id not in self.guild.channels:
            raise KeyError(f"unknown channel {channel_id}")
        if permissions is None:
            permissions = ALL_PERMISSIONS if user_id == self.guild.owner_id else 0
        permissions = str(permissions)
        if app_permissions is None:
            app_permissions = BOT_PERMISSIONS
        self.guild.user(user_id)

        message: JSON | None = None
        if type in (APPLICATION_COMMAND, AUTOCOMPLETE):
            if name is None:
                raise ValueError("application command interactions need a command name")
            data = self._command_data(
                name, options, focused, command_type, target_id, permissions, resolved
            )
        elif type == MESSAGE_COMPONENT:
            if custom_id is None or message_id is None:
                raise ValueError("component interactions need custom_id and message_id")
            data, message = self._component_data(
                custom_id, message_id, component_type, values, resolved
            )
            channel_id = message["channel_id"]
        else:
            raise ValueError(f"unsupported interaction type {type}")

        member = self.guild.member_with_user(user_id)
        member["permissions"] = permissions
        if roles:
            member["roles"] = [str(r) for r in roles]
        channel = {
            **copy.deepcopy(self.guild.channels[channel_id]),
            "permissions": permissions,
            "guild_id": guild_id,
        }
        interaction_id = self.guild.snowflake()
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(72)
        payload: JSON = {
            "id": interaction_id,
            "application_id": self.guild.application_id,
            "type": type,
            "data": data,
            "guild_id": guild_id,
            "guild": {"id": guild_id, "locale": "en-US", "features": []},
            "channel_id": channel_id,
            "channel": channel,
            "member": member,
            "token": token,
            "version": 1,
            "app_permissions": str(app_permissions),
            "locale": locale,
            "guild_locale": "en-US",
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": guild_id},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if message is not None:
            payload["message"] = message
        sent = SentInteraction(
            id=interaction_id,
            token=token,
            type=type,
            channel_id=channel_id,
            user_id=user_id,
            payload=payload,
        )
        self.interactions[token] = InteractionState(
            sent=sent, source_message_id=None if message is None else message["id"]
        )
        await self.gateway.dispatch("INTERACTION_CREATE", payload, timeout)
        return sent

    async def send_command(
        self, name: str, options: list[JSON] | None = None, **kwargs: Any
    ) -> SentInteraction:
        """Shorthand for ``send_interaction(2, name=..., options=...)``."""
        return await self.send(APPLICATION_COMMAND, name=name, options=options, **kwargs)

    async def send_autocomplete(
        self, name: str, options: list[JSON], focused: str | None = None, **kwargs: Any
    ) -> SentInteraction:
        """Shorthand for ``send_interaction(4, name=..., options=..., focused=...)``."""
        return await self.send(AUTOCOMPLETE, name=name, options=options, focused=focused, **kwargs)

    async def click(self, message_id: str | int, custom_id: str, **kwargs: Any) -> SentInteraction:
        """Shorthand for a button click (type 3, component_type 2) on a stored message."""
        return await self.send(
            MESSAGE_COMPONENT, custom_id=custom_id, message_id=message_id, **kwargs
        )

    def _command_data(
        self,
        name: str,
        options: list[JSON] | None,
        focused: str | None,
        command_type: int,
        target_id: str | None,
        permissions: str,
        resolved: JSON | None,
    ) -> JSON:
        scope, command = self.registry.find(name, command_type)
        opts = copy.deepcopy(options or [])
        for opt in opts:
            if "value" in opt and opt.get("type") in (6, 7, 8, 9):
                opt["value"] = str(opt["value"])
        if focused is not None:
            self._set_focused(opts, focused)
        data: JSON = {"id": command["id"], "name": name, "type": command_type}
        if scope is not None:
            data["guild_id"] = scope
        if opts:
            data["options"] = opts
        if target_id is not None:
            data["target_id"] = str(target_id)
        auto = self._resolve_options(opts, permissions)
        merged = {
            k: {**auto.get(k, {}), **(resolved or {}).get(k, {})} for k in auto | (resolved or {})
        }
        if merged:
            data["resolved"] = merged
        return data

    def _component_data(
        self,
        custom_id: str,
        message_id: str | int,
        component_type: int,
        values: list[str] | None,
        resolved: JSON | None,
    ) -> tuple[JSON, JSON]:
        """The interaction ``data`` of a click on a stored message, and that message."""
        if str(message_id) not in self.messages.by_id:
            raise KeyError(f"message {message_id} is not known to the fake")
        message = self.messages.message(message_id)
        data: JSON = {"custom_id": custom_id, "component_type": component_type}
        comp_id = self._component_id(message.get("components", []), custom_id)
        if comp_id is not None:
            data["id"] = comp_id
        if values is not None:
            data["values"] = list(values)
        if resolved:
            data["resolved"] = resolved
        return data, message

    @staticmethod
    def _set_focused(options: list[JSON], focused: str) -> None:
        for opt in options:
            if opt.get("type") in (1, 2):
                InteractionSender._set_focused(opt.get("options", []), focused)
            elif opt.get("name") == focused:
                opt["focused"] = True

    def _resolve_options(self, options: list[JSON], permissions: str) -> JSON:
        resolved: JSON = {}
        for opt in options:
            kind, value = opt.get("type"), opt.get("value")
            if kind in (1, 2):
                nested = self._resolve_options(opt.get("options", []), permissions)
                for key, entries in nested.items():
                    resolved.setdefault(key, {}).update(entries)
            elif kind == 7 and value in self.guild.channels:
                entry = copy.deepcopy(self.guild.channels[value])
                entry["permissions"] = permissions
                resolved.setdefault("channels", {})[value] = entry
            elif kind in (6, 9) and value in self.guild.users:
                resolved.setdefault("users", {})[value] = copy.deepcopy(self.guild.users[value])
                if value in self.guild.members:
                    member = copy.deepcopy(self.guild.members[value])
                    member["permissions"] = permissions
                    resolved.setdefault("members", {})[value] = member
            elif kind in (8, 9) and value in self.guild.roles:
                resolved.setdefault("roles", {})[value] = copy.deepcopy(self.guild.roles[value])
        return resolved

    @staticmethod
    def _component_id(components: list[JSON], custom_id: str) -> int | None:
        for comp in components:
            if comp.get("custom_id") == custom_id:
                return comp.get("id")
            found = InteractionSender._component_id(comp.get("components", []), custom_id)
            if found is not None:
                return found
        return None
