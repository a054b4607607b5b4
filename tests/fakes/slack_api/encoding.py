"""Slack's wire helpers: request signing, form bodies, ``ts`` ordering and flag arguments."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode


def sign(body: bytes | str, signing_secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Headers Slack adds to an HTTP-mode request: v0 HMAC-SHA256 of ``v0:{ts}:{body}``.

    ``body`` must be exactly the bytes that are POSTed (bolt verifies the raw body).
    """
    ts = int(time.time()) if timestamp is None else int(timestamp)
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    digest = hmac.new(
        signing_secret.encode("utf-8"), f"v0:{ts}:{text}".encode(), hashlib.sha256
    ).hexdigest()
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": f"v0={digest}"}


def form_encode(fields: Mapping[str, Any]) -> str:
    """``application/x-www-form-urlencoded`` body for ``fields`` (dict/list values as JSON)."""
    flat = {
        k: json.dumps(v) if isinstance(v, dict | list) else str(v)
        for k, v in fields.items()
        if v is not None
    }
    return urlencode(flat)


def ts_key(ts: str) -> int:
    """A Slack ``ts`` ("1712345678.000123") as integer microseconds, for ordering."""
    seconds, _, micros = str(ts).partition(".")
    return int(seconds) * 1_000_000 + int((micros or "0").ljust(6, "0")[:6])


def truthy(value: Any) -> bool:
    """A Slack flag argument: ``true``/``1``/``yes`` as a string, or any truthy value."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)
