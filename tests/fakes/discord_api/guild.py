"""The guild the fake serves: its bot, users, members, roles and channels, as Discord sends them."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterable

from tests.fakes.discord_api.protocol import (
    BOT_PERMISSIONS,
    DISCORD_EPOCH_MS,
    EVERYONE_PERMISSIONS,
    JSON,
)


class Guild:
    """One guild with a bot, its owner, a plain member and two text channels."""

    def __init__(
        self,
        *,
        application_id: str,
        bot_id: str,
        bot_name: str,
        guild_id: str,
        guild_name: str,
        channel_id: str,
        channel_name: str,
        second_channel_id: str,
        second_channel_name: str,
        owner_id: str,
        member_id: str,
    ) -> None:
        self.application_id = application_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.guild_id = guild_id
        self.guild_name = guild_name
        self.channel_id = channel_id
        self.second_channel_id = second_channel_id
        self.owner_id = owner_id
        self.member_id = member_id
        self.bot_role_id = str(int(guild_id) + 1)
        self.users: dict[str, JSON] = {}
        self.members: dict[str, JSON] = {}
        self.channels: dict[str, JSON] = {}
        # Threads started from a message: a thread has its starting message's id.
        self.threads: dict[str, JSON] = {}
        self.roles: dict[str, JSON] = {}
        # More guilds the bot is in (the same members and channels under another id), so
        # that a sharded bot has guilds on more than one shard.
        self.other_guild_ids: list[str] = []
        self._sf_last = 0

        self._add_user(bot_id, bot_name, bot=True)
        self._add_user(owner_id, "owner")
        self._add_user(member_id, "member")
        self._add_role(guild_id, "@everyone", EVERYONE_PERMISSIONS, position=0)
        self._add_role(self.bot_role_id, bot_name, BOT_PERMISSIONS, position=1, bot_id=bot_id)
        self._add_member(bot_id, roles=[self.bot_role_id])
        self._add_member(owner_id)
        self._add_member(member_id)
        self.add_text_channel(channel_id, channel_name, position=0)
        self.add_text_channel(second_channel_id, second_channel_name, position=1)

    def snowflake(self) -> str:
        """A fresh, time-based, strictly increasing snowflake (discord.py reads time from ids)."""
        value = ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (1 << 17)
        value = max(value, self._sf_last + 1)
        self._sf_last = value
        return str(value)

    def _add_user(self, user_id: str, name: str, *, bot: bool = False) -> JSON:
        user = {
            "id": user_id,
            "username": name,
            "discriminator": "0",
            "global_name": None if bot else name.title(),
            "avatar": None,
            "banner": None,
            "accent_color": None,
            "bot": bot,
            "system": False,
            "public_flags": 0,
            "flags": 0,
            "avatar_decoration_data": None,
            "collectibles": None,
            "primary_guild": None,
        }
        self.users[user_id] = user
        return user

    def _add_role(
        self, role_id: str, name: str, permissions: int, *, position: int, bot_id: str | None = None
    ) -> None:
        role: JSON = {
            "id": role_id,
            "name": name,
            "permissions": str(permissions),
            "position": position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "managed": bot_id is not None,
            "mentionable": False,
            "flags": 0,
        }
        if bot_id is not None:
            role["tags"] = {"bot_id": bot_id}
        self.roles[role_id] = role

    def _add_member(self, user_id: str, roles: Iterable[str] = ()) -> JSON:
        member = {
            "roles": list(roles),
            "nick": None,
            "avatar": None,
            "banner": None,
            "joined_at": "2025-01-01T00:00:00.000000+00:00",
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
            "avatar_decoration_data": None,
        }
        self.members[user_id] = member
        return member

    def add_user(self, user_id: str, name: str | None = None, *, roles: Iterable[str] = ()) -> JSON:
        """Add a guild member (before the bot connects, to have it in GUILD_CREATE)."""
        user = self._add_user(user_id, name or f"user{user_id[-4:]}")
        self._add_member(user_id, roles)
        return user

    def add_text_channel(self, channel_id: str, name: str, *, position: int | None = None) -> JSON:
        """Add a guild text channel (before the bot connects, to have it in GUILD_CREATE)."""
        channel = {
            "id": channel_id,
            "type": 0,
            "guild_id": self.guild_id,
            "name": name,
            "position": len(self.channels) if position is None else position,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
            "default_auto_archive_duration": 1440,
        }
        self.channels[channel_id] = channel
        return channel

    def user(self, user_id: str) -> JSON:
        """The user, first added as a guild member if the fake does not know them."""
        if user_id not in self.users:
            self.add_user(user_id)
        return self.users[user_id]

    def member_with_user(self, user_id: str) -> JSON:
        """A copy of the member object with its ``user`` inside, as events carry it."""
        self.user(user_id)
        return {**copy.deepcopy(self.members[user_id]), "user": copy.deepcopy(self.users[user_id])}

    @property
    def guild_ids(self) -> list[str]:
        return [self.guild_id, *self.other_guild_ids]

    def add_guild(self, guild_id: str) -> None:
        """Another guild the bot is in, with this guild's members and channels."""
        if guild_id in self.guild_ids:
            raise ValueError(f"guild {guild_id} exists")
        self.other_guild_ids.append(guild_id)

    def guild_payload(self, guild_id: str | None = None) -> JSON:
        """The GUILD_CREATE payload (every key guild.py / state.py reads) of the main guild
        or of one of `other_guild_ids` (whose @everyone role takes its id)."""
        guild_id = guild_id or self.guild_id
        roles = copy.deepcopy(list(self.roles.values()))
        for role in roles:
            if role["id"] == self.guild_id:
                role["id"] = guild_id
        return {
            "id": guild_id,
            "name": self.guild_name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": self.owner_id,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "widget_enabled": False,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "application_id": None,
            "system_channel_id": self.channel_id,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "max_presences": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "features": [],
            "incidents_data": None,
            "roles": roles,
            "emojis": [],
            "stickers": [],
            "joined_at": "2025-01-01T00:00:00.000000+00:00",
            "large": False,
            "unavailable": False,
            "lazy": True,
            "member_count": len(self.members),
            "members": [self.member_with_user(uid) for uid in self.members],
            "channels": [
                {k: v for k, v in ch.items() if k != "guild_id"} for ch in self.channels.values()
            ],
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    def application_payload(self) -> JSON:
        """``GET /oauth2/applications/@me`` (appinfo.AppInfo)."""
        return {
            "id": self.application_id,
            "name": self.bot_name,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": copy.deepcopy(self.users[self.owner_id]),
            "team": None,
            "verify_key": "0" * 64,
            "flags": 0,
            "bot": copy.deepcopy(self.users[self.bot_id]),
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "approximate_guild_count": 1,
            "tags": [],
            "integration_types_config": {"0": {}},
        }

    def bot_user_payload(self) -> JSON:
        """``GET /users/@me`` and READY ``user`` (ClientUser)."""
        return {
            **copy.deepcopy(self.users[self.bot_id]),
            "verified": True,
            "mfa_enabled": False,
            "locale": "en-US",
            "email": None,
        }
