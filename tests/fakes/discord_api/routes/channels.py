"""Channels and their messages: fetch, type, post, list, edit, delete."""

from __future__ import annotations

import re

from aiohttp import web

from tests.fakes.discord_api.answers import error, json_response, no_content, not_found
from tests.fakes.discord_api.guild import Guild
from tests.fakes.discord_api.messages import MessageStore
from tests.fakes.discord_api.protocol import EPHEMERAL
from tests.fakes.discord_api.records import JSON, RecordedRequest
from tests.fakes.discord_api.routing import RouteSpec
from tests.fakes.discord_api.validation import FormErrors, Validator


class ChannelRoutes:
    """``/channels/{cid}`` and ``/channels/{cid}/messages[/{mid}]``."""

    def __init__(self, guild: Guild, messages: MessageStore, validator: Validator) -> None:
        self.guild = guild
        self.messages = messages
        self.validator = validator

    def table(self) -> list[RouteSpec]:
        cid, mid = "{cid}", "{mid}"
        return [
            ("GET", f"/channels/{cid}", self.get_channel, True),
            ("POST", f"/channels/{cid}/typing", self.typing, True),
            ("POST", f"/channels/{cid}/messages", self.post_message, True),
            ("GET", f"/channels/{cid}/messages", self.list_messages, True),
            ("GET", f"/channels/{cid}/messages/{mid}", self.get_message, True),
            ("PATCH", f"/channels/{cid}/messages/{mid}", self.patch_message, True),
            ("DELETE", f"/channels/{cid}/messages/{mid}", self.delete_message, True),
            ("POST", f"/channels/{cid}/messages/{mid}/threads", self.start_thread, True),
        ]

    def _channel_or_404(self, m: re.Match[str]) -> tuple[str, web.Response | None]:
        cid = m["cid"]
        if cid not in self.guild.channels and cid not in self.guild.threads:
            return cid, error(404, "Unknown Channel", 10003)
        return cid, None

    def _channel_message(self, m: re.Match[str]) -> tuple[str, web.Response | None]:
        cid, err = self._channel_or_404(m)
        if err is not None:
            return "", err
        msg = self.messages.by_id.get(m["mid"])
        if msg is None or msg["channel_id"] != cid or msg["flags"] & EPHEMERAL:
            return "", error(404, "Unknown Message", 10008)
        return m["mid"], None

    async def get_channel(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        cid, err = self._channel_or_404(m)
        return err or json_response(self.guild.channels.get(cid) or self.guild.threads[cid])

    async def typing(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        _, err = self._channel_or_404(m)
        return err or no_content()

    async def post_message(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        cid, err = self._channel_or_404(m)
        if err is not None:
            return err
        body = rec.json if isinstance(rec.json, dict) else {}
        if (err := self.validator.message_error(body, rec.files)) is not None:
            return err
        return json_response(self.messages.create(cid, body, rec.files))

    async def list_messages(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        cid, err = self._channel_or_404(m)
        if err is not None:
            return err
        try:
            limit = int(rec.query.get("limit", "50"))
        except ValueError:
            limit = 50
        if not 1 <= limit <= 100:
            errors = FormErrors()
            errors.add(
                "limit",
                "NUMBER_TYPE_MAX" if limit > 100 else "NUMBER_TYPE_MIN",
                "int value should be between 1 and 100",
            )
            return errors.response() or not_found()
        messages = self.messages.channel_messages(cid)  # oldest first
        if "before" in rec.query:
            messages = [x for x in messages if int(x["id"]) < int(rec.query["before"])]
        if "after" in rec.query:
            messages = [x for x in messages if int(x["id"]) > int(rec.query["after"])]
            messages = messages[:limit]
        messages = list(reversed(messages))[:limit]  # newest first, like Discord
        return json_response(messages)

    async def get_message(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        mid, err = self._channel_message(m)
        return err or json_response(self.messages.by_id[mid])

    async def patch_message(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        mid, err = self._channel_message(m)
        if err is not None:
            return err
        if self.messages.by_id[mid]["author"]["id"] != self.guild.bot_id:
            return error(403, "Cannot edit a message authored by another user", 50005)
        body = rec.json if isinstance(rec.json, dict) else {}
        if (err := self.validator.check_message(body, rec.files).response()) is not None:
            return err
        return json_response(self.messages.edit(mid, body, rec.files))

    async def delete_message(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        mid, err = self._channel_message(m)
        if err is not None:
            return err
        self.messages.delete(mid)
        return no_content()

    async def start_thread(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        """A public thread from a message (its id is the message's); one per message."""
        mid, err = self._channel_message(m)
        if err is not None:
            return err
        if m["cid"] in self.guild.threads:
            return error(400, "Cannot start a thread inside a thread", 50024)
        body = rec.json if isinstance(rec.json, dict) else {}
        name = body.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            errors = FormErrors()
            errors.add("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
            return errors.response() or not_found()
        if mid in self.guild.threads:
            return error(400, "A thread has already been created for this message", 160004)
        thread: JSON = {
            "id": mid,
            "type": 11,
            "guild_id": self.guild.guild_id,
            "parent_id": m["cid"],
            "owner_id": self.guild.bot_id,
            "name": name,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 1,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": int(body.get("auto_archive_duration") or 1440),
                "archive_timestamp": "2025-01-01T00:00:00.000000+00:00",
                "locked": False,
            },
        }
        self.guild.threads[mid] = thread
        self.messages.by_id[mid]["thread"] = thread
        return json_response(thread, status=201)
