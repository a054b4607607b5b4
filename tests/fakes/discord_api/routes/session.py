"""What the client asks before it connects: who the bot is, its application, the gateway."""

from __future__ import annotations

import re
from collections.abc import Callable

from aiohttp import web

from tests.fakes.discord_api.answers import json_response
from tests.fakes.discord_api.guild import Guild
from tests.fakes.discord_api.records import RecordedRequest
from tests.fakes.discord_api.routing import RouteSpec


class SessionRoutes:
    """``/users/@me``, ``/gateway[/bot]`` and the application info."""

    def __init__(self, guild: Guild, gateway_url: Callable[[], str]) -> None:
        self.guild = guild
        self.gateway_url = gateway_url

    def table(self) -> list[RouteSpec]:
        return [
            ("GET", "/users/@me", self.me, True),
            ("GET", "/gateway/bot", self.gateway_bot, True),
            ("GET", "/gateway", self.gateway, True),
            ("GET", "/oauth2/applications/@me", self.application, True),
            ("GET", "/applications/@me", self.application, True),
        ]

    async def me(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        return json_response(self.guild.bot_user_payload())

    async def gateway_bot(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        return json_response(
            {
                "url": self.gateway_url(),
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14400000,
                    "max_concurrency": 1,
                },
            }
        )

    async def gateway(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        return json_response({"url": self.gateway_url()})

    async def application(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        return json_response(self.guild.application_payload())
