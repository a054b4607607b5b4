"""How the bot answers an interaction: the callback, then follow-ups and @original edits."""

from __future__ import annotations

import copy
import re

from aiohttp import web

from tests.fakes.discord_api.answers import error, json_response, no_content, truthy
from tests.fakes.discord_api.guild import Guild
from tests.fakes.discord_api.messages import MessageStore
from tests.fakes.discord_api.protocol import (
    APPLICATION_COMMAND,
    CB_AUTOCOMPLETE,
    CB_DEFERRED_MESSAGE,
    CB_DEFERRED_UPDATE,
    CB_MESSAGE,
    CB_UPDATE_MESSAGE,
    EPHEMERAL,
    JSON,
    LOADING,
    VALID_CALLBACKS,
)
from tests.fakes.discord_api.records import InteractionState, RecordedRequest
from tests.fakes.discord_api.routing import RouteSpec
from tests.fakes.discord_api.validation import Validator

_INVALID_CALLBACK_TYPE: JSON = {
    "type": {
        "_errors": [
            {"code": "INTERACTION_CALLBACK_TYPE_INVALID", "message": "Invalid callback type"}
        ]
    }
}


class InteractionRoutes:
    """``/interactions/{iid}/{token}/callback`` and the ``/webhooks/{app}/{token}`` follow-ups.

    Neither needs the bot token: Discord authorises them by the interaction token in the path.
    """

    def __init__(
        self,
        guild: Guild,
        messages: MessageStore,
        interactions: dict[str, InteractionState],
        validator: Validator,
    ) -> None:
        self.guild = guild
        self.messages = messages
        self.interactions = interactions  # by token
        self.validator = validator

    def table(self) -> list[RouteSpec]:
        hook = "/webhooks/{app}/{token}"
        hook_msg = hook + "/messages/{wmid}"
        return [
            ("POST", "/interactions/{iid}/{token}/callback", self.callback, False),
            ("POST", hook, self.webhook_post, False),
            ("GET", hook_msg, self.webhook_get, False),
            ("PATCH", hook_msg, self.webhook_patch, False),
            ("DELETE", hook_msg, self.webhook_delete, False),
        ]

    async def callback(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        state = self.interactions.get(m["token"])
        if state is None or state.sent.id != m["iid"]:
            return error(404, "Unknown interaction", 10062)
        if state.response_type is not None:
            return error(400, "Interaction has already been acknowledged.", 40060)
        payload = rec.json if isinstance(rec.json, dict) else {}
        cb_type = payload.get("type")
        data = payload.get("data") or {}
        sent = state.sent
        if cb_type not in VALID_CALLBACKS.get(sent.type, frozenset()):
            return error(
                400,
                "Interaction callback type is invalid for this interaction",
                50035,
                copy.deepcopy(_INVALID_CALLBACK_TYPE),
            )

        info: JSON = {"id": sent.id, "type": sent.type}
        resource: JSON | None = None
        msg_type = 20 if sent.type == APPLICATION_COMMAND else 0
        if cb_type == CB_MESSAGE:
            if (err := self.validator.message_error(data, rec.files, "data.")) is not None:
                return err
            msg = self.messages.create(
                sent.channel_id, data, rec.files, msg_type=msg_type, interaction=state
            )
            state.original_id = msg["id"]
            resource = {"type": cb_type, "message": msg}
            info.update(
                response_message_id=msg["id"],
                response_message_loading=False,
                response_message_ephemeral=bool(msg["flags"] & EPHEMERAL),
            )
        elif cb_type == CB_DEFERRED_MESSAGE:
            flags = int(data.get("flags") or 0) & EPHEMERAL
            msg = self.messages.create(
                sent.channel_id,
                {"flags": flags},
                [],
                msg_type=msg_type,
                extra_flags=LOADING,
                interaction=state,
            )
            state.original_id = msg["id"]
            state.deferred_pending = True
            resource = {"type": cb_type, "message": msg}
            info.update(
                response_message_id=msg["id"],
                response_message_loading=True,
                response_message_ephemeral=bool(flags),
            )
        elif cb_type in (CB_DEFERRED_UPDATE, CB_UPDATE_MESSAGE):
            source = state.source_message_id
            if source is None or source not in self.messages.by_id:
                return error(404, "Unknown Message", 10008)
            if cb_type == CB_UPDATE_MESSAGE:
                checked = self.validator.check_message(data, rec.files, "data.")
                if (err := checked.response()) is not None:
                    return err
                msg = self.messages.edit(source, data, rec.files)
                resource = {"type": cb_type, "message": copy.deepcopy(msg)}
            state.original_id = source
            info.update(response_message_id=source)
        elif cb_type == CB_AUTOCOMPLETE and (err := self.validator.check_choices(data)) is not None:
            return err
        state.response_type = cb_type

        if not truthy(rec.query.get("with_response")):
            return no_content()
        body: JSON = {"interaction": info}
        if resource is not None:
            body["resource"] = resource
        return json_response(body)

    def _webhook_state(self, m: re.Match[str]) -> InteractionState | None:
        state = self.interactions.get(m["token"])
        if m["app"] != self.guild.application_id or state is None:
            return None
        return state

    def _webhook_target(self, state: InteractionState, mid: str) -> str | None:
        target = state.original_id if mid == "@original" else mid
        if target is None or target not in self.messages.by_id:
            return None
        if target != state.original_id and target not in state.followup_ids:
            return None
        return target

    async def webhook_post(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        state = self._webhook_state(m)
        if state is None or state.response_type is None:
            return error(404, "Unknown Webhook", 10015)
        body = rec.json if isinstance(rec.json, dict) else {}
        if (err := self.validator.message_error(body, rec.files)) is not None:
            return err
        if state.deferred_pending and state.original_id in self.messages.by_id:
            # Discord: the first follow-up after a type-5 defer edits the loading message
            # (keeping its ephemeral state) instead of creating a new one.
            state.deferred_pending = False
            msg = self.messages.edit(state.original_id, body, rec.files)
            msg["flags"] &= ~LOADING
            msg["edited_timestamp"] = None
        else:
            msg = self.messages.create(state.sent.channel_id, body, rec.files, interaction=state)
            state.followup_ids.append(msg["id"])
        if not truthy(rec.query.get("wait")):
            return no_content()
        return json_response(msg)

    async def webhook_get(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        state = self._webhook_state(m)
        if state is None:
            return error(404, "Unknown Webhook", 10015)
        target = self._webhook_target(state, m["mid"])
        if target is None:
            return error(404, "Unknown Message", 10008)
        return json_response(self.messages.by_id[target])

    async def webhook_patch(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        state = self._webhook_state(m)
        if state is None:
            return error(404, "Unknown Webhook", 10015)
        target = self._webhook_target(state, m["mid"])
        if target is None:
            return error(404, "Unknown Message", 10008)
        body = rec.json if isinstance(rec.json, dict) else {}
        if (err := self.validator.check_message(body, rec.files).response()) is not None:
            return err
        msg = self.messages.edit(target, body, rec.files)
        if target == state.original_id and state.deferred_pending:
            state.deferred_pending = False
            msg["flags"] &= ~LOADING
        return json_response(msg)

    async def webhook_delete(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        state = self._webhook_state(m)
        if state is None:
            return error(404, "Unknown Webhook", 10015)
        target = self._webhook_target(state, m["mid"])
        if target is None:
            return error(404, "Unknown Message", 10008)
        self.messages.delete(target)
        return no_content()
