"""The workspace the fake serves: its team, the app and bot, their tokens, and the users."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from tests.fakes.slack_api.records import JSON

DEFAULT_SCOPES = "chat:write,commands,users:read,channels:history,groups:history,im:history"


class Workspace:
    """One team with an app (bot and app-level tokens), an admin and a plain member."""

    def __init__(
        self,
        *,
        bot_token: str,
        app_token: str,
        team_id: str,
        team_domain: str,
        enterprise_id: str | None,
        app_id: str,
        bot_id: str,
        bot_user_id: str,
        bot_name: str,
        admin_user_id: str,
        admin_name: str,
        member_user_id: str,
        member_name: str,
        users: Mapping[str, Mapping[str, Any]] | None,
        verification_token: str,
        scopes: str,
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.team_id = team_id
        self.team_domain = team_domain
        self.enterprise_id = enterprise_id
        self.app_id = app_id
        self.bot_id = bot_id
        self.bot_user_id = bot_user_id
        self.bot_name = bot_name
        self.admin_user_id = admin_user_id
        self.member_user_id = member_user_id
        self.verification_token = verification_token
        self.scopes = scopes

        self.users: dict[str, JSON] = {}
        self.add_user(bot_user_id, bot_name, is_bot=True)
        self.add_user(admin_user_id, admin_name, is_admin=True, is_owner=True)
        self.add_user(member_user_id, member_name)
        for user_id, fields in (users or {}).items():
            if user_id in self.users:
                self.users[user_id].update(copy.deepcopy(dict(fields)))
            else:
                extra = dict(fields)
                self.add_user(user_id, extra.pop("name", None), **extra)

    def add_user(
        self,
        user_id: str,
        name: str | None = None,
        *,
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
        **fields: Any,
    ) -> JSON:
        """Add (or replace) a user as ``users.info`` returns it; extra ``fields`` are merged."""
        name = name or user_id.lower()
        real_name = fields.pop("real_name", name.title())
        user: JSON = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "deleted": False,
            "real_name": real_name,
            "tz": "Europe/London",
            "tz_label": "Greenwich Mean Time",
            "tz_offset": 0,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": is_bot,
            "is_app_user": False,
            "updated": 1700000000,
            "profile": {
                "real_name": real_name,
                "display_name": name,
                "real_name_normalized": real_name,
                "display_name_normalized": name,
                "team": self.team_id,
            },
        }
        if is_bot:
            user["profile"]["bot_id"] = self.bot_id
            user["profile"]["api_app_id"] = self.app_id
        profile = fields.pop("profile", None)
        user.update(fields)
        if profile:
            user["profile"].update(profile)
        self.users[user_id] = user
        return user

    def user_name(self, user_id: str) -> str:
        user = self.users.get(user_id)
        return user["name"] if user else user_id.lower()
