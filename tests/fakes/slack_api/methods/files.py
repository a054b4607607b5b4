"""File upload v2: ``files.getUploadURLExternal``, the POST, ``files.completeUploadExternal``."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from aiohttp import web

from tests.fakes.slack_api.messages import MessageStore
from tests.fakes.slack_api.methods.args import json_arg, required
from tests.fakes.slack_api.records import JSON, RecordedRequest, RequestLog, read_request
from tests.fakes.slack_api.routing import Method
from tests.fakes.slack_api.validation import SlackError


class FileMethods:
    """Uploads by id: announced, then POSTed to ``/upload/<id>``, then shared to a channel."""

    def __init__(
        self, messages: MessageStore, log: RequestLog, base_url: Callable[[], str]
    ) -> None:
        self.messages = messages
        self.log = log
        self.base_url = base_url
        # file id -> {"filename", "length", "data", "title", "channel"}
        self.files: dict[str, JSON] = {}

    def methods(self) -> dict[str, Method]:
        return {
            "files.getUploadURLExternal": (self.files_get_upload_url, "bot"),
            "files.completeUploadExternal": (self.files_complete_upload, "bot"),
        }

    def files_get_upload_url(self, rec: RecordedRequest) -> JSON:
        filename = required(rec, "filename", "invalid_arguments")
        length = int(required(rec, "length", "invalid_arguments"))
        file_id = f"F{uuid.uuid4().hex[:10].upper()}"
        self.files[file_id] = {"filename": str(filename), "length": length, "data": None}
        return {"upload_url": f"{self.base_url()}/upload/{file_id}", "file_id": file_id}

    async def handle_upload(self, request: web.Request) -> web.StreamResponse:
        rec = await read_request(request, "upload", request.path)
        entry = self.files.get(request.match_info["file_id"])
        if entry is None:
            rec.known = False
            await self.log.record(rec, 404, {"ok": False})
            return web.Response(status=404, text="unknown upload")
        entry["data"] = rec.raw_body
        await self.log.record(rec, 200, {"ok": True})
        return web.Response(status=200, text="OK - " + str(len(rec.raw_body or b"")))

    def files_complete_upload(self, rec: RecordedRequest) -> JSON:
        files = json_arg(rec, "files", "invalid_arguments") or []
        channel = rec.params.get("channel_id")
        shared = []
        for item in files:
            entry = self.files.get(str(item.get("id")))
            if entry is None or entry["data"] is None:
                raise SlackError("file_not_found")
            if len(entry["data"]) != entry["length"]:
                raise SlackError("file_upload_size_mismatch")
            entry["title"] = item.get("title")
            entry["channel"] = channel
            shared.append({"id": item["id"], "name": entry["filename"], "title": item.get("title")})
        if channel:
            message = self.messages.bot_message(
                rec.params.get("initial_comment") or "", None, None, self.messages.next_ts()
            )
            message["files"] = shared
            self.messages.store(str(channel), message)
        return {"files": shared}
