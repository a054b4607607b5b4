"""Slack's HTTP mode: bolt's aiohttp app behind a guard for what anyone on the port can send.

Bolt verifies the signature itself, but a timestamp that is not a number (or too large to
be a time) raises inside it: a 500 and a traceback in the log for every such request. The
guard answers before bolt: an unsigned request or a bad timestamp is 401, and a signed
body bolt cannot read (not UTF-8, a `payload` that is not a JSON object) is 400. Neither
logs more than one DEBUG line; aiohttp's access log keeps its one line per request.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from aiohttp import web

log = logging.getLogger(__name__)
PATH = "/slack/events"
# Slack's own rule: a request more than five minutes old is a replay.
MAX_AGE_SECONDS = 5 * 60
# Digits of a Unix time in seconds, with room to spare; longer is not a time.
MAX_TIMESTAMP_DIGITS = 12
UNAUTHENTICATED = {"error": "invalid request"}
MALFORMED = {"error": "malformed request body"}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def timestamp_problem(value: str | None, now: float) -> str | None:
    """Why an X-Slack-Request-Timestamp is not acceptable, or None."""
    if not value:
        return "no timestamp"
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_TIMESTAMP_DIGITS):
        return "a timestamp that is not a Unix time"
    if abs(now - int(value)) > MAX_AGE_SECONDS:
        return "a timestamp more than five minutes away"
    return None


def body_problem(body: bytes, content_type: str) -> str | None:
    """Why a signed body is not a Slack request bolt can read, or None."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    try:
        if content_type == "application/json":
            return None if isinstance(json.loads(text), dict) else "JSON that is not an object"
        payload = parse_qs(text).get("payload")
        if payload and not isinstance(json.loads(payload[0]), dict):
            return "a payload that is not a JSON object"
    except ValueError:
        return "JSON that does not parse"
    return None


def signed(secret: bytes, timestamp: str, body: bytes, signature: str) -> bool:
    """Slack's v0 signature over the raw bytes (bolt's verifier decodes them first, and
    raises on a body that is not UTF-8)."""
    digest = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return hmac.compare_digest(f"v0={digest.hexdigest()}", signature)


def guard(signing_secret: str, clock: Callable[[], float] = time.time):
    """The aiohttp middleware that answers 401 and 400 before bolt sees the request."""
    secret = signing_secret.encode()

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path != PATH or request.method != "POST":
            return await handler(request)
        timestamp = request.headers.get("X-Slack-Request-Timestamp")
        problem = timestamp_problem(timestamp, clock())
        body = await request.read()  # cached: bolt reads the same bytes
        signature = request.headers.get("X-Slack-Signature", "")
        if problem is None and not signed(secret, str(timestamp), body, signature):
            problem = "a bad signature"
        if problem is not None:
            log.debug("Slack: refused a request with %s", problem)
            return web.json_response(UNAUTHENTICATED, status=401)
        problem = body_problem(body, request.content_type)
        if problem is not None:
            log.debug("Slack: refused a signed body: %s", problem)
            return web.json_response(MALFORMED, status=400)
        return await handler(request)

    return middleware


def guarded_web_app(bolt_web_app: web.Application, signing_secret: str | None) -> web.Application:
    """Bolt's aiohttp app, guarded when requests are signed (HTTP mode always is)."""
    if signing_secret:
        bolt_web_app.middlewares.append(guard(signing_secret))
    return bolt_web_app
