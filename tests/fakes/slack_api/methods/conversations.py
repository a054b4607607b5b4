"""Reading history: ``conversations.history`` and ``conversations.replies``, paginated."""

from __future__ import annotations

import base64
import copy

from tests.fakes.slack_api.encoding import truthy, ts_key
from tests.fakes.slack_api.messages import MessageStore
from tests.fakes.slack_api.methods.args import required
from tests.fakes.slack_api.records import JSON, RecordedRequest
from tests.fakes.slack_api.routing import Method
from tests.fakes.slack_api.validation import SlackError

DEFAULT_HISTORY_LIMIT = 100
MAX_HISTORY_LIMIT = 999


class ConversationMethods:
    """A channel's top-level history and a thread's replies, with cursor pagination."""

    def __init__(self, messages: MessageStore) -> None:
        self.messages = messages

    def methods(self) -> dict[str, Method]:
        return {
            "conversations.history": (self.conversations_history, "bot"),
            "conversations.replies": (self.conversations_replies, "bot"),
        }

    def _page(self, rec: RecordedRequest, items: list[JSON]) -> JSON:
        raw_limit = rec.params.get("limit")
        try:
            limit = int(raw_limit) if raw_limit not in (None, "") else DEFAULT_HISTORY_LIMIT
        except (TypeError, ValueError):
            raise SlackError("invalid_limit") from None
        if limit <= 0:
            limit = DEFAULT_HISTORY_LIMIT
        limit = min(limit, MAX_HISTORY_LIMIT)
        offset = 0
        cursor = rec.params.get("cursor")
        if cursor:
            try:
                kind, _, num = base64.b64decode(str(cursor)).decode().partition(":")
                offset = int(num)
                if kind != "offset" or offset < 0:
                    raise ValueError(cursor)
            except ValueError:
                raise SlackError("invalid_cursor") from None
        page = items[offset : offset + limit]
        has_more = offset + limit < len(items)
        result: JSON = {"messages": copy.deepcopy(page), "has_more": has_more}
        next_cursor = ""
        if has_more:
            next_cursor = base64.b64encode(f"offset:{offset + limit}".encode()).decode()
        result["response_metadata"] = {"next_cursor": next_cursor}
        return result

    def _ts_window(self, rec: RecordedRequest) -> tuple[int | None, int | None, bool]:
        def parse(name: str) -> int | None:
            value = rec.params.get(name)
            if value in (None, ""):
                return None
            try:
                return ts_key(str(value))
            except ValueError:
                raise SlackError(f"invalid_ts_{name}") from None

        return parse("oldest"), parse("latest"), truthy(rec.params.get("inclusive"))

    def conversations_history(self, rec: RecordedRequest) -> JSON:
        channel = required(rec, "channel", "channel_not_found")
        oldest, latest, inclusive = self._ts_window(rec)

        def visible(m: JSON) -> bool:
            thread_ts = m.get("thread_ts")
            if thread_ts and thread_ts != m["ts"] and m.get("subtype") != "thread_broadcast":
                return False  # replies live in conversations.replies, like Slack
            key = ts_key(m["ts"])
            if oldest is not None and (key < oldest or (key == oldest and not inclusive)):
                return False
            return not (latest is not None and (key > latest or (key == latest and not inclusive)))

        newest_first = [m for m in reversed(self.messages.channels.get(channel, [])) if visible(m)]
        result = self._page(rec, newest_first)
        result["pin_count"] = 0
        return result

    def conversations_replies(self, rec: RecordedRequest) -> JSON:
        channel = required(rec, "channel", "channel_not_found")
        ts = required(rec, "ts", "thread_not_found")
        parent = self.messages.find(channel, ts)
        if parent is None:
            raise SlackError("thread_not_found")
        replies = [
            m
            for m in self.messages.channels.get(channel, [])
            if m is not parent and m.get("thread_ts") == ts
        ]
        return self._page(rec, [parent, *replies])
