"""What the fake records: the HTTP requests (and stray socket frames) the clients sent."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from multidict import CIMultiDict

JSON = dict[str, Any]

FORM = "application/x-www-form-urlencoded"
INVALID_JSON = object()  # RecordedRequest.body of a JSON body that does not parse


@dataclass
class RecordedRequest:
    """One HTTP request (or unexpected Socket Mode frame) the clients sent, with the answer."""

    kind: str  # "api", "response" (a response_url POST), "socket" or "other"
    method: str  # API method ("chat.postMessage"), the response id, or the path
    http_method: str
    path: str
    headers: CIMultiDict[str]
    query: dict[str, str]
    body: Any  # parsed body: JSON value, form fields as a dict, or None
    params: JSON  # query + body arguments merged (what the API method sees)
    raw_body: bytes = b""
    token: str | None = None
    token_source: str | None = None  # "header", "body", "query" or None
    status: int = 0
    response: Any = None
    known: bool = True

    @property
    def ok(self) -> bool:
        return isinstance(self.response, dict) and bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        return self.response.get("error") if isinstance(self.response, dict) else None

    def __repr__(self) -> str:
        tail = "ok" if self.ok else self.error
        return f"<RecordedRequest {self.kind} {self.method} -> {self.status} {tail}>"


@dataclass
class ResponseUrl:
    """A response_url the fake issued, and what was posted to it."""

    id: str
    url: str
    channel_id: str | None = None
    user_id: str | None = None
    message_ts: str | None = None  # the message an interaction came from
    payloads: list[JSON] = field(default_factory=list)  # accepted POST bodies, in order


class RequestLog:
    """Every recorded request, in order; each new one wakes the waiting tests."""

    def __init__(self, notify: Callable[[], Awaitable[None]]) -> None:
        self.requests: list[RecordedRequest] = []
        self.notify = notify

    async def record(self, rec: RecordedRequest, status: int, response: Any) -> None:
        rec.status, rec.response = status, response
        self.requests.append(rec)
        await self.notify()

    def calls(self, method: str | None = None) -> list[RecordedRequest]:
        """Recorded Web API requests (all of them, or of one method), including failed ones."""
        return [
            r for r in self.requests if r.kind == "api" and (method is None or r.method == method)
        ]


async def read_request(request: web.Request, kind: str, method: str) -> RecordedRequest:
    """Parse a request as Slack does: arguments from the query and a JSON, form or file body."""
    query = dict(request.query)
    raw = b""
    body: Any = None
    ctype = request.content_type
    if ctype.startswith("multipart/"):
        posted = await request.post()
        body = {
            k: (v if isinstance(v, str) else f"<file {getattr(v, 'filename', '?')}>")
            for k, v in posted.items()
        }
    else:
        raw = await request.read()
        if ctype == "application/json" or (raw[:1] == b"{" and ctype != FORM):
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = INVALID_JSON
        elif raw and kind != "upload":  # an upload's body is the file's bytes
            body = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    params: JSON = dict(query)
    if isinstance(body, dict):
        params.update(body)
    token, source = None, None
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        token, source = auth[7:].strip(), "header"
    elif isinstance(body, dict) and isinstance(body.get("token"), str):
        token, source = body["token"], "body"
    elif "token" in query:
        token, source = query["token"], "query"
    return RecordedRequest(
        kind=kind,
        method=method,
        http_method=request.method,
        path=request.path,
        headers=CIMultiDict(request.headers),
        query=query,
        body=body,
        params=params,
        raw_body=raw,
        token=token,
        token_source=source,
    )
