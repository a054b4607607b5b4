"""The messages the fake holds: each channel's history (thread replies included) and ephemerals."""

from __future__ import annotations

import copy
import time
from typing import Any

from tests.fakes.slack_api.encoding import ts_key
from tests.fakes.slack_api.records import JSON
from tests.fakes.slack_api.workspace import Workspace


class MessageStore:
    """Channel histories ordered by ``ts``, ephemeral messages, and a rising ``ts`` clock."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.channels: dict[str, list[JSON]] = {}  # oldest first
        self.ephemerals: dict[str, list[JSON]] = {}
        self._last_ts = 0

    def history(self, channel: str) -> list[JSON]:
        """Messages in a channel, oldest first (thread replies included), as copies."""
        return copy.deepcopy(self.channels.get(channel, []))

    def message(self, channel: str, ts: str) -> JSON | None:
        found = self.find(channel, ts)
        return copy.deepcopy(found) if found is not None else None

    def ephemeral_history(self, channel: str) -> list[JSON]:
        """Ephemeral messages (chat.postEphemeral, ephemeral responses), oldest first."""
        return copy.deepcopy(self.ephemerals.get(channel, []))

    def post_ephemeral(self, channel: str, message: JSON, user_id: str | None) -> None:
        message["ephemeral_user"] = user_id
        self.ephemerals.setdefault(channel, []).append(message)

    def remove(self, channel: str, message: JSON) -> None:
        self.channels[channel].remove(message)

    def add_message(
        self,
        channel: str,
        text: str = "",
        *,
        user: str | None = None,
        blocks: list[JSON] | None = None,
        thread_ts: str | None = None,
        ts: str | None = None,
        **fields: Any,
    ) -> JSON:
        """Put a message in a channel's history as if someone posted it (default: the member)."""
        message: JSON = {
            "type": "message",
            "user": user or self.workspace.member_user_id,
            "text": text,
            "ts": ts or self.next_ts(),
            "team": self.workspace.team_id,
        }
        if blocks is not None:
            message["blocks"] = copy.deepcopy(blocks)
        if thread_ts is not None:
            message["thread_ts"] = thread_ts
        message.update(fields)
        self.store(channel, message)
        return copy.deepcopy(message)

    def next_ts(self) -> str:
        now = int(time.time() * 1_000_000)
        self._last_ts = max(now, self._last_ts + 1)
        return f"{self._last_ts // 1_000_000}.{self._last_ts % 1_000_000:06d}"

    def store(self, channel: str, message: JSON) -> None:
        messages = self.channels.setdefault(channel, [])
        messages.append(message)
        messages.sort(key=lambda m: ts_key(m["ts"]))
        thread_ts = message.get("thread_ts")
        if thread_ts and thread_ts != message["ts"]:
            parent = self.find(channel, thread_ts)
            if parent is not None:
                parent["thread_ts"] = thread_ts
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                parent["latest_reply"] = message["ts"]
                users = parent.setdefault("reply_users", [])
                author = message.get("user")
                if author and author not in users:
                    users.append(author)

    def find(self, channel: str, ts: str | None) -> JSON | None:
        if ts is None:
            return None
        return next((m for m in self.channels.get(channel, []) if m["ts"] == ts), None)

    def bot_message(self, text: Any, blocks: Any, attachments: Any, ts: str) -> JSON:
        message: JSON = {
            "user": self.workspace.bot_user_id,
            "type": "message",
            "ts": ts,
            "bot_id": self.workspace.bot_id,
            "app_id": self.workspace.app_id,
            "text": text if isinstance(text, str) else "",
            "team": self.workspace.team_id,
            "bot_profile": {
                "id": self.workspace.bot_id,
                "app_id": self.workspace.app_id,
                "name": self.workspace.bot_name,
                "deleted": False,
                "team_id": self.workspace.team_id,
            },
        }
        if blocks:
            message["blocks"] = copy.deepcopy(blocks)
        if attachments:
            message["attachments"] = copy.deepcopy(attachments)
        return message
