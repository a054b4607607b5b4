"""The Web API endpoint ``/api/<method>``: faults a test planned, token checks, dispatch."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.fakes.slack_api.records import (
    INVALID_JSON,
    JSON,
    RecordedRequest,
    RequestLog,
    read_request,
)
from tests.fakes.slack_api.validation import SlackError
from tests.fakes.slack_api.workspace import Workspace

# A method handler, and the token it needs: "bot", "app" or "none".
Method = tuple[Callable[[RecordedRequest], JSON], str]


class _Fault:
    def __init__(self, times: int, **info: Any) -> None:
        self.left = times
        self.info = info


class WebApi:
    """Answers Web API calls from a method table; unknown methods get ``unknown_method``."""

    def __init__(self, workspace: Workspace, log: RequestLog, methods: dict[str, Method]) -> None:
        self.workspace = workspace
        self.log = log
        self.methods = methods
        self._rate_limits: dict[str, list[_Fault]] = {}
        self._failures: dict[str, list[_Fault]] = {}

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer HTTP 429, ``Retry-After: retry_after``.

        The 429 body is ``{"ok": false, "error": "ratelimited"}``; nothing is stored.
        """
        self._rate_limits.setdefault(method, []).append(
            _Fault(times, retry_after=max(0, int(retry_after)))
        )

    def fail(self, method: str, error: str = "internal_error", times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer HTTP 200 ``{"ok": false, "error"}``."""
        self._failures.setdefault(method, []).append(_Fault(times, error=error))

    async def handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        rec = await read_request(request, "api", method)
        status, headers, body = self._dispatch(rec)
        await self.log.record(rec, status, body)
        return web.json_response(body, status=status, headers=headers)

    async def handle_other(self, request: web.Request) -> web.StreamResponse:
        rec = await read_request(request, "other", request.path)
        rec.known = False
        await self.log.record(rec, 404, {"ok": False, "error": "not_found"})
        return web.json_response({"ok": False, "error": "not_found"}, status=404)

    @staticmethod
    def _take(faults: dict[str, list[_Fault]], method: str) -> _Fault | None:
        queue = faults.get(method)
        while queue:
            fault = queue[0]
            if fault.left <= 0:
                queue.pop(0)
                continue
            fault.left -= 1
            return fault
        return None

    def _dispatch(self, rec: RecordedRequest) -> tuple[int, dict[str, str], JSON]:
        headers = {"x-oauth-scopes": self.workspace.scopes, "x-slack-req-id": uuid.uuid4().hex}
        limited = self._take(self._rate_limits, rec.method)
        if limited is not None:
            headers["Retry-After"] = str(limited.info["retry_after"])
            return 429, headers, {"ok": False, "error": "ratelimited"}
        failure = self._take(self._failures, rec.method)
        if failure is not None:
            return 200, headers, {"ok": False, "error": failure.info["error"]}
        entry = self.methods.get(rec.method)
        if entry is None:
            rec.known = False
            return 200, headers, {"ok": False, "error": "unknown_method"}
        handler, token_kind = entry
        if rec.body is INVALID_JSON:
            return 200, headers, {"ok": False, "error": "invalid_json"}
        try:
            self._check_token(rec, token_kind)
            result = handler(rec)
        except SlackError as e:
            return 200, headers, {"ok": False, "error": e.code, **e.extra}
        return 200, headers, {"ok": True, **result}

    def _check_token(self, rec: RecordedRequest, kind: str) -> None:
        if kind == "none":
            return
        if kind == "app" and rec.token_source not in (None, "header"):
            raise SlackError("not_authed")  # Slack wants the app token in the header only
        if not rec.token:
            raise SlackError("not_authed")
        if rec.token == self.workspace.bot_token:
            if kind == "app":
                raise SlackError("not_allowed_token_type")
            return
        if rec.token == self.workspace.app_token:
            if kind != "app":
                raise SlackError("not_allowed_token_type")
            return
        raise SlackError("invalid_auth")
