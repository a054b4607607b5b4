"""The messages the fake holds: created, edited and deleted as Discord does it."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Callable

from tests.fakes.discord_api.guild import Guild
from tests.fakes.discord_api.protocol import EPHEMERAL, JSON, LOADING, SETTABLE_MESSAGE_FLAGS
from tests.fakes.discord_api.records import InteractionState, UploadedFile


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


class MessageStore:
    """Every message by id, and each channel's non-ephemeral ones in order."""

    def __init__(self, guild: Guild, base_url: Callable[[], str]) -> None:
        self.guild = guild
        self.base_url = base_url  # attachment URLs point at the running fake
        self.by_id: dict[str, JSON] = {}
        self._channel_log: dict[str, list[str]] = {}

    def message(self, message_id: str | int) -> JSON:
        """A copy of a stored message."""
        return copy.deepcopy(self.by_id[str(message_id)])

    def channel_messages(self, channel_id: str | int) -> list[JSON]:
        """Non-ephemeral messages in a channel, oldest first."""
        ids = self._channel_log.get(str(channel_id), [])
        return [copy.deepcopy(self.by_id[mid]) for mid in ids if mid in self.by_id]

    def post_user_message(self, content: str, channel_id: str, user_id: str) -> JSON:
        """Store a message by a (human) user and return a copy; nothing is dispatched."""
        self.guild.user(user_id)
        return copy.deepcopy(self.create(channel_id, {"content": content}, [], author_id=user_id))

    def _assign_component_ids(self, components: list[JSON], counter: itertools.count[int]) -> None:
        for comp in components:
            if "id" not in comp:
                comp["id"] = next(counter)
            self._assign_component_ids(comp.get("components") or [], counter)
            accessory = comp.get("accessory")
            if isinstance(accessory, dict) and "id" not in accessory:
                accessory["id"] = next(counter)

    def _attachments(self, body: JSON, files: list[UploadedFile], keep: list[JSON]) -> list[JSON]:
        described = {str(a.get("id")): a for a in body.get("attachments") or []}
        result = [a for a in keep if str(a["id"]) in described] if "attachments" in body else keep
        for index, upload in enumerate(files):
            meta = described.get(str(index), {})
            att_id = self.guild.snowflake()
            filename = meta.get("filename") or upload.filename or f"file{index}"
            url = f"{self.base_url()}/attachments/{att_id}/{filename}"
            result.append(
                {
                    "id": att_id,
                    "filename": filename,
                    "description": meta.get("description"),
                    "content_type": upload.content_type,
                    "size": len(upload.data),
                    "url": url,
                    "proxy_url": url,
                    "flags": 0,
                }
            )
        return result

    def create(
        self,
        channel_id: str,
        body: JSON,
        files: list[UploadedFile],
        *,
        author_id: str | None = None,
        msg_type: int = 0,
        extra_flags: int = 0,
        interaction: InteractionState | None = None,
        listed: bool = True,
    ) -> JSON:
        """Store a new message (by the bot unless ``author_id``) and return the stored dict."""
        flags = (int(body.get("flags") or 0) & SETTABLE_MESSAGE_FLAGS) | extra_flags
        components = copy.deepcopy(body.get("components") or [])
        self._assign_component_ids(components, itertools.count(1))
        msg: JSON = {
            "id": self.guild.snowflake(),
            "type": msg_type,
            "channel_id": channel_id,
            "guild_id": self.guild.guild_id,
            "author": copy.deepcopy(self.guild.users[author_id or self.guild.bot_id]),
            "content": body.get("content") or "",
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self._attachments(body, files, []),
            "embeds": copy.deepcopy(body.get("embeds") or []),
            "components": components,
            "pinned": False,
            "flags": flags,
        }
        if body.get("nonce") is not None:
            msg["nonce"] = body["nonce"]
        if body.get("message_reference"):
            msg["message_reference"] = copy.deepcopy(body["message_reference"])
            msg["type"] = 19
        if interaction is not None:
            sent = interaction.sent
            msg["webhook_id"] = self.guild.application_id
            msg["application_id"] = self.guild.application_id
            msg["interaction_metadata"] = {
                "id": sent.id,
                "type": sent.type,
                "user": copy.deepcopy(self.guild.users[sent.user_id]),
                "authorizing_integration_owners": {"0": self.guild.guild_id},
            }
        self.by_id[msg["id"]] = msg
        channel = self.guild.channels.get(channel_id)
        if listed and not flags & EPHEMERAL:
            self._channel_log.setdefault(channel_id, []).append(msg["id"])
            if channel is not None:
                channel["last_message_id"] = msg["id"]
        return msg

    def edit(self, message_id: str, body: JSON, files: list[UploadedFile]) -> JSON:
        """Apply a PATCH body (and new uploads) to a stored message and return it."""
        msg = self.by_id[message_id]
        if "content" in body:
            msg["content"] = body["content"] or ""
        if "embeds" in body:
            msg["embeds"] = copy.deepcopy(body["embeds"] or [])
        if "components" in body:
            components = copy.deepcopy(body["components"] or [])
            self._assign_component_ids(components, itertools.count(1))
            msg["components"] = components
        if "flags" in body and body["flags"] is not None:
            keep = msg["flags"] & (EPHEMERAL | LOADING)
            msg["flags"] = keep | (int(body["flags"]) & SETTABLE_MESSAGE_FLAGS & ~EPHEMERAL)
        if "attachments" in body or files:
            msg["attachments"] = self._attachments(body, files, msg["attachments"])
        msg["edited_timestamp"] = now_iso()
        return msg

    def delete(self, message_id: str) -> None:
        msg = self.by_id.pop(message_id)
        log = self._channel_log.get(msg["channel_id"], [])
        if message_id in log:
            log.remove(message_id)
