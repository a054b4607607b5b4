"""The payloads Slack sends an app: slash command forms, block actions, event callbacks."""

from __future__ import annotations

import copy
import itertools
import time
import uuid

from tests.fakes.slack_api.encoding import ts_key
from tests.fakes.slack_api.messages import MessageStore
from tests.fakes.slack_api.records import JSON
from tests.fakes.slack_api.response_urls import ResponseUrls
from tests.fakes.slack_api.workspace import Workspace


class PayloadBuilder:
    """Builds payloads as Slack would, with response_urls that point back at the fake."""

    def __init__(
        self, workspace: Workspace, messages: MessageStore, response_urls: ResponseUrls
    ) -> None:
        self.workspace = workspace
        self.messages = messages
        self.response_urls = response_urls
        self._trigger_ids = itertools.count(1)

    def _trigger_id(self) -> str:
        n = next(self._trigger_ids)
        return f"{n}.{ts_key(self.messages.next_ts()) // 1_000_000}.{uuid.uuid4().hex[:32]}"

    def slash_command_form(
        self,
        command: str,
        text: str = "",
        user_id: str | None = None,
        channel_id: str = "C0FAKE0001",
        response_url: str | None = None,
        *,
        channel_name: str = "general",
    ) -> dict[str, str]:
        """The form fields Slack POSTs for a slash command (also the Socket Mode payload).

        Without ``response_url`` a fresh one on the fake is issued for this channel and user.
        """
        user_id = user_id or self.workspace.member_user_id
        if response_url is None:
            response_url = self.response_urls.issue(channel_id=channel_id, user_id=user_id)
        fields = {
            "token": self.workspace.verification_token,
            "team_id": self.workspace.team_id,
            "team_domain": self.workspace.team_domain,
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": self.workspace.user_name(user_id),
            "command": command if command.startswith("/") else f"/{command}",
            "text": text,
            "api_app_id": self.workspace.app_id,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": self._trigger_id(),
        }
        if self.workspace.enterprise_id is not None:
            fields["enterprise_id"] = self.workspace.enterprise_id
        return fields

    def block_action_payload(
        self,
        action_id: str,
        value: str | None = None,
        user_id: str | None = None,
        channel_id: str = "C0FAKE0001",
        message_ts: str | None = None,
        response_url: str | None = None,
        block_id: str = "actions",
        *,
        action_type: str = "button",
        channel_name: str = "general",
        is_ephemeral: bool = False,
    ) -> JSON:
        """The ``block_actions`` payload Slack sends when a button is clicked on a message.

        The message is the stored one at (``channel_id``, ``message_ts``) when it exists.
        Without ``response_url`` a fresh one bound to that message is issued. For HTTP mode
        POST it as the form field ``payload`` (JSON); in Socket Mode send it as an
        ``interactive`` envelope.
        """
        user_id = user_id or self.workspace.member_user_id
        message_ts = message_ts or self.messages.next_ts()
        if response_url is None:
            response_url = self.response_urls.issue(
                channel_id=channel_id, user_id=user_id, message_ts=message_ts
            )
        stored = self.messages.find(channel_id, message_ts)
        message = (
            copy.deepcopy(stored)
            if stored is not None
            else {
                "type": "message",
                "user": self.workspace.bot_user_id,
                "bot_id": self.workspace.bot_id,
                "app_id": self.workspace.app_id,
                "text": "",
                "ts": message_ts,
                "team": self.workspace.team_id,
            }
        )
        action: JSON = {
            "action_id": action_id,
            "block_id": block_id,
            "type": action_type,
            "action_ts": self.messages.next_ts(),
        }
        if action_type == "button":
            action["text"] = {"type": "plain_text", "text": action_id, "emoji": True}
        if value is not None:
            action["value"] = value
        payload: JSON = {
            "type": "block_actions",
            "user": {
                "id": user_id,
                "username": self.workspace.user_name(user_id),
                "name": self.workspace.user_name(user_id),
                "team_id": self.workspace.team_id,
            },
            "api_app_id": self.workspace.app_id,
            "token": self.workspace.verification_token,
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel_id,
                "is_ephemeral": is_ephemeral,
            },
            "trigger_id": self._trigger_id(),
            "team": {"id": self.workspace.team_id, "domain": self.workspace.team_domain},
            "enterprise": (
                {"id": self.workspace.enterprise_id, "name": "fake-enterprise"}
                if self.workspace.enterprise_id
                else None
            ),
            "is_enterprise_install": False,
            "channel": {"id": channel_id, "name": channel_name},
            "message": message,
            "state": {"values": {}},
            "response_url": response_url,
            "actions": [action],
        }
        return payload

    def event_payload(self, event: JSON, *, event_id: str | None = None) -> JSON:
        """An Events API ``event_callback`` body wrapping ``event`` (for ``events_api``)."""
        return {
            "token": self.workspace.verification_token,
            "team_id": self.workspace.team_id,
            "enterprise_id": self.workspace.enterprise_id,
            "api_app_id": self.workspace.app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": self.workspace.enterprise_id,
                    "team_id": self.workspace.team_id,
                    "user_id": self.workspace.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-{uuid.uuid4().hex}",
        }
