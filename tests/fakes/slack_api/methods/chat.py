"""Posting as the bot: ``chat.postMessage``, ``.update``, ``.delete`` and ``.postEphemeral``."""

from __future__ import annotations

import copy

from tests.fakes.slack_api.encoding import truthy
from tests.fakes.slack_api.messages import MessageStore
from tests.fakes.slack_api.methods.args import content, json_arg, required
from tests.fakes.slack_api.records import JSON, RecordedRequest
from tests.fakes.slack_api.routing import Method
from tests.fakes.slack_api.validation import SlackError
from tests.fakes.slack_api.workspace import Workspace


class ChatMethods:
    """The bot's messages: post, edit and delete its own, and post ephemerals."""

    def __init__(self, workspace: Workspace, messages: MessageStore) -> None:
        self.workspace = workspace
        self.messages = messages

    def methods(self) -> dict[str, Method]:
        return {
            "chat.postMessage": (self.chat_post_message, "bot"),
            "chat.update": (self.chat_update, "bot"),
            "chat.delete": (self.chat_delete, "bot"),
            "chat.postEphemeral": (self.chat_post_ephemeral, "bot"),
        }

    def chat_post_message(self, rec: RecordedRequest) -> JSON:
        channel = required(rec, "channel", "channel_not_found")
        text, blocks, attachments = content(rec)
        message = self.messages.bot_message(text, blocks, attachments, self.messages.next_ts())
        thread_ts = rec.params.get("thread_ts")
        if thread_ts:
            message["thread_ts"] = str(thread_ts)
            if truthy(rec.params.get("reply_broadcast")):
                message["subtype"] = "thread_broadcast"
        metadata = json_arg(rec, "metadata", "invalid_metadata_format")
        if metadata:
            message["metadata"] = metadata
        self.messages.store(channel, message)
        return {"channel": channel, "ts": message["ts"], "message": copy.deepcopy(message)}

    def chat_update(self, rec: RecordedRequest) -> JSON:
        channel = required(rec, "channel", "channel_not_found")
        ts = required(rec, "ts", "message_not_found")
        message = self.messages.find(channel, ts)
        if message is None:
            raise SlackError("message_not_found")
        if message.get("bot_id") != self.workspace.bot_id:
            raise SlackError("cant_update_message")
        text, blocks, attachments = content(rec)
        if text is not None:
            message["text"] = text
        if blocks is not None:
            if blocks:
                message["blocks"] = copy.deepcopy(blocks)
            else:
                message.pop("blocks", None)
        if attachments is not None:
            message["attachments"] = copy.deepcopy(attachments)
        message["edited"] = {"user": self.workspace.bot_user_id, "ts": self.messages.next_ts()}
        return {
            "channel": channel,
            "ts": ts,
            "text": message.get("text", ""),
            "message": copy.deepcopy(message),
        }

    def chat_delete(self, rec: RecordedRequest) -> JSON:
        channel = required(rec, "channel", "channel_not_found")
        ts = required(rec, "ts", "message_not_found")
        message = self.messages.find(channel, ts)
        if message is None:
            raise SlackError("message_not_found")
        if message.get("bot_id") != self.workspace.bot_id:
            raise SlackError("cant_delete_message")
        self.messages.remove(channel, message)
        return {"channel": channel, "ts": ts}

    def chat_post_ephemeral(self, rec: RecordedRequest) -> JSON:
        channel = required(rec, "channel", "channel_not_found")
        user = required(rec, "user", "user_not_in_channel")
        text, blocks, attachments = content(rec)
        message = self.messages.bot_message(text, blocks, attachments, self.messages.next_ts())
        self.messages.post_ephemeral(channel, message, user)
        return {"message_ts": message["ts"]}
