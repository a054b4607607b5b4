"""One logging set-up for every process: the standard library's loggers, written as human
lines on a terminal and JSON lines otherwise (LOG_FORMAT).

Every line carries `ts`, `level`, `logger`, `event` (the message) and the process's
`role` (bot, ingest, reload, ...), and what the call gave in `extra`. A command's lines
carry its `command`, `front`, `channel` and a `request` id too, bound to the task that
answers it (`bind_request`, a context variable: asyncio gives each task its own copy).
Nothing here logs a message's text or a setting's value: the fronts log what was asked
by its command's name, never what was typed, and secrets stay in SecretStr.

The standard library's formatter, not structlog: a command-line answer starts in about
half a second, and structlog's import (rich with it) cost a fifth of that.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import secrets
import sys
from typing import Any, TextIO

REQUEST_FIELDS = ("command", "front", "channel", "request")
_request: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "briefing_request", default=None
)
# What every LogRecord has; anything else on a record came from `extra`.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


class _Fields(logging.Filter):
    """Puts the role and the request's context on each record, for either format."""

    def __init__(self, role: str) -> None:
        super().__init__()
        self.role = role

    def filter(self, record: logging.LogRecord) -> bool:
        record.role = self.role
        for key, value in (_request.get() or {}).items():
            setattr(record, key, value)
        return True


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The line's fields: the fixed ones, then the context's and `extra`'s."""
    fields: dict[str, Any] = {
        "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
        "level": record.levelname.lower(),
        "logger": record.name,
        "event": record.getMessage(),
    }
    for key, value in record.__dict__.items():
        if key not in _STANDARD and not key.startswith("_"):
            fields[key] = value
    return fields


class JsonFormatter(logging.Formatter):
    """One JSON object a line; a traceback as its `exception` field."""

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        if record.exc_info:
            fields["exception"] = self.formatException(record.exc_info)
        return json.dumps(fields, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`ts level [logger] event key=value ...`, a traceback under it."""

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        head = f"{fields.pop('ts')} {fields.pop('level'):<7} [{fields.pop('logger')}]"
        event = fields.pop("event")
        rest = " ".join(f"{k}={v}" for k, v in fields.items())
        line = f"{head} {event}" + (f" {rest}" if rest else "")
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def setup(level: str, role: str, fmt: str = "auto", stream: TextIO | None = None) -> None:
    """Route every logger of the process to `stream` (standard error) at `level`, as JSON
    lines or text (`fmt`: json, text, or auto: text on a terminal)."""
    stream = stream or sys.stderr
    as_json = fmt == "json" or (fmt == "auto" and not stream.isatty())
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if as_json else TextFormatter())
    handler.addFilter(_Fields(role))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


def bind_request(command: str, front: str, channel: str) -> str:
    """Mark the current task's log lines as one command's; its request id."""
    request = secrets.token_hex(4)
    _request.set({"command": command, "front": front, "channel": channel, "request": request})
    return request


def unbind_request() -> None:
    _request.set(None)
