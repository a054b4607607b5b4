"""The HTTP side of the fake: record every request, route it, check the bot token."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web
from multidict import CIMultiDict

from tests.fakes.discord_api.answers import error, not_found
from tests.fakes.discord_api.protocol import API_PREFIX
from tests.fakes.discord_api.records import RecordedRequest, UploadedFile

Handler = Callable[[web.Request, RecordedRequest, re.Match[str]], Awaitable[web.StreamResponse]]
# (HTTP method, path template such as "/channels/{cid}/messages", handler, needs the bot token)
RouteSpec = tuple[str, str, Handler, bool]


def route_pattern(template: str) -> re.Pattern[str]:
    """ "/channels/{cid}/messages" -> regex with named groups (snowflakes, tokens, @original)."""
    special = {"token": r"[^/]+", "wmid": r"@original|\d+"}

    def group(m: re.Match[str]) -> str:
        name = m[1]
        pattern = special.get(name, r"\d+")
        return f"(?P<{'mid' if name == 'wmid' else name}>{pattern})"

    return re.compile(re.sub(r"\{(\w+)\}", group, template))


class HttpApi:
    """Answers ``/api/v10/...`` from a route table and appends each request to ``requests``."""

    def __init__(
        self,
        routes: Iterable[RouteSpec],
        requests: list[RecordedRequest],
        token: str | None,
        notify: Callable[[], Awaitable[None]],
    ) -> None:
        self.routes = [(m, route_pattern(p), h, auth) for m, p, h, auth in routes]
        self.requests = requests
        self.token = token
        self.notify = notify

    async def handle(self, request: web.Request) -> web.StreamResponse:
        record = await self._record(request)
        try:
            response = await self._route(request, record)
        except Exception as exc:  # a bug in the fake: answer 503 so discord.py does not retry
            record.error = f"{type(exc).__name__}: {exc}"
            response = error(503, f"fake discord error: {record.error}")
        record.status = response.status
        if isinstance(response, web.Response) and response.body:
            body = response.body
            if isinstance(body, bytes | bytearray):
                with contextlib.suppress(ValueError):
                    record.response = json.loads(body)
        self.requests.append(record)
        await self.notify()
        return response

    async def _record(self, request: web.Request) -> RecordedRequest:
        path = request.path
        path = path[len(API_PREFIX) :] if path.startswith(API_PREFIX + "/") else path
        record = RecordedRequest(
            method=request.method,
            path=path,
            query=dict(request.query),
            json=None,
            headers=CIMultiDict(request.headers),
        )
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if not hasattr(part, "read"):
                    continue
                if part.name == "payload_json":
                    record.json = json.loads(await part.text())
                elif part.filename is not None:
                    data = bytes(await part.read())
                    record.files.append(
                        UploadedFile(
                            part.name or "", part.filename, part.headers.get("Content-Type"), data
                        )
                    )
                else:
                    record.form[part.name or ""] = await part.text()
        else:
            record.raw_body = await request.read()
            if record.raw_body:
                try:
                    record.json = json.loads(record.raw_body)
                except ValueError:
                    record.json = None
        return record

    async def _route(self, request: web.Request, record: RecordedRequest) -> web.StreamResponse:
        if request.path.startswith(API_PREFIX + "/"):
            for method, pattern, handler, needs_auth in self.routes:
                match = pattern.fullmatch(record.path)
                if match is None or method != record.method:
                    continue
                expected = f"Bot {self.token}"
                if (
                    needs_auth
                    and self.token is not None
                    and record.headers.get("Authorization") != expected
                ):
                    return error(401, "401: Unauthorized", 0)
                return await handler(request, record, match)
        record.known_route = False
        return not_found()
