"""response_url endpoints: the URLs the fake hands out in payloads, and what the bot POSTs there."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

from aiohttp import web

from tests.fakes.slack_api.encoding import truthy
from tests.fakes.slack_api.messages import MessageStore
from tests.fakes.slack_api.records import (
    JSON,
    RecordedRequest,
    RequestLog,
    ResponseUrl,
    read_request,
)
from tests.fakes.slack_api.validation import message_content_error
from tests.fakes.slack_api.workspace import Workspace


class ResponseUrls:
    """``POST /response/<id>``: accepted payloads are kept, and have Slack's effects."""

    def __init__(
        self,
        workspace: Workspace,
        messages: MessageStore,
        log: RequestLog,
        base_url: Callable[[], str],
    ) -> None:
        self.workspace = workspace
        self.messages = messages
        self.log = log
        self.base_url = base_url
        self.by_id: dict[str, ResponseUrl] = {}

    def issue(
        self,
        channel_id: str | None = None,
        user_id: str | None = None,
        message_ts: str | None = None,
    ) -> str:
        """A fresh response_url on the fake.

        With ``channel_id`` the posted responses have Slack's effects: ``in_channel`` posts a
        message, ``replace_original`` / ``delete_original`` edit or delete the message at
        ``message_ts``, anything else becomes an ephemeral message for ``user_id``.
        """
        rid = uuid.uuid4().hex
        url = f"{self.base_url()}/response/{rid}"
        self.by_id[rid] = ResponseUrl(rid, url, channel_id, user_id, message_ts)
        return url

    @staticmethod
    def response_id(url: str) -> str:
        """The id part of a response_url issued by :meth:`issue`."""
        return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]

    def responses(self, response_id: str) -> list[JSON]:
        """Payloads accepted at a response_url (by id), in order."""
        entry = self.by_id.get(response_id)
        return copy.deepcopy(entry.payloads) if entry is not None else []

    def responses_at(self, url: str) -> list[JSON]:
        """Payloads accepted at a response_url (by URL), in order."""
        return self.responses(self.response_id(url))

    async def handle(self, request: web.Request) -> web.StreamResponse:
        rid = request.match_info["rid"]
        rec = await read_request(request, "response", rid)
        entry = self.by_id.get(rid)
        status, answer = self._apply(rec, entry)
        await self.log.record(rec, status, answer)
        return web.json_response(answer, status=status)

    def _apply(self, rec: RecordedRequest, entry: ResponseUrl | None) -> tuple[int, JSON]:
        if entry is None:
            rec.known = False
            return 404, {"ok": False, "error": "expired_url"}
        if rec.http_method != "POST":
            return 405, {"ok": False, "error": "invalid_method"}
        payload = rec.body
        if not isinstance(payload, dict):
            return 400, {"ok": False, "error": "invalid_payload"}
        delete = truthy(payload.get("delete_original"))
        if not delete:
            error = message_content_error(
                payload.get("text"), payload.get("blocks"), payload.get("attachments")
            )
            if error is not None:
                return 400, {"ok": False, "error": error.code, **error.extra}
        entry.payloads.append(copy.deepcopy(payload))
        self._apply_effect(entry, payload, delete)
        return 200, {"ok": True}

    def _apply_effect(self, entry: ResponseUrl, payload: JSON, delete: bool) -> None:
        channel = entry.channel_id
        if channel is None:
            return
        original = self.messages.find(channel, entry.message_ts)
        if delete:
            if original is not None:
                self.messages.remove(channel, original)
            return
        text, blocks = payload.get("text"), payload.get("blocks")
        if truthy(payload.get("replace_original")) and original is not None:
            original["text"] = text if isinstance(text, str) else ""
            if blocks:
                original["blocks"] = copy.deepcopy(blocks)
            else:
                original.pop("blocks", None)
            original["edited"] = {"user": self.workspace.bot_user_id, "ts": self.messages.next_ts()}
            return
        message = self.messages.bot_message(
            text, blocks, payload.get("attachments"), self.messages.next_ts()
        )
        if payload.get("thread_ts"):
            message["thread_ts"] = str(payload["thread_ts"])
        if payload.get("response_type") == "in_channel":
            self.messages.store(channel, message)
        else:
            self.messages.post_ephemeral(channel, message, entry.user_id)
