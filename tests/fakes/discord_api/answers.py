"""HTTP answers in Discord's shape (JSON bodies, error codes, 204s)."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from tests.fakes.discord_api.protocol import JSON


def json_response(data: Any, status: int = 200) -> web.Response:
    # discord.py only parses a body as JSON when Content-Type is exactly "application/json";
    # aiohttp's json_response would append "; charset=utf-8".
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json"},
    )


def error(status: int, message: str, code: int = 0, errors: JSON | None = None) -> web.Response:
    body: JSON = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return json_response(body, status)


def not_found() -> web.Response:
    return error(404, "404: Not Found", 0)


def no_content() -> web.Response:
    return web.Response(status=204)


def truthy(value: str | None) -> bool:
    """A query flag such as ``?wait=true``."""
    return value is not None and value.lower() in {"1", "true", "yes"}
