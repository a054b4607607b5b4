"""One logging set-up for every process: the standard library's loggers, written through
structlog's formatter as human lines on a terminal and JSON lines otherwise (LOG_FORMAT).

Every line carries `ts`, `level`, `logger`, `event` (the message) and the process's
`role` (bot, ingest, reload, ...). A command's lines carry its `command`, `front`,
`channel` and a `request` id too, bound for the task that answers it (`bind_request`).
Nothing here logs a message's text or a setting's value: the fronts log what was asked
by its command's name, never what was typed, and secrets stay in SecretStr.
"""

from __future__ import annotations

import logging
import secrets
import sys
from typing import Any, TextIO

import structlog

_role = "briefing"
REQUEST_FIELDS = ("command", "front", "channel", "request")


def _add_role(_logger: Any, _name: str, event: dict[str, Any]) -> dict[str, Any]:
    event.setdefault("role", _role)
    return event


def setup(level: str, role: str, fmt: str = "auto", stream: TextIO | None = None) -> None:
    """Route every logger of the process to `stream` (standard error) at `level`, as JSON
    lines or text (`fmt`: json, text, or auto: text on a terminal)."""
    global _role
    _role = role
    stream = stream or sys.stderr
    as_json = fmt == "json" or (fmt == "auto" and not stream.isatty())
    # A terminal's reader looks at the time first (ConsoleRenderer's "timestamp").
    stamp = structlog.processors.TimeStamper(
        fmt="iso", utc=True, key="ts" if as_json else "timestamp"
    )
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        _add_role,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        stamp,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if as_json
        else structlog.dev.ConsoleRenderer(colors=False, pad_event_to=0)
    )
    tail: list[Any] = [structlog.processors.format_exc_info] if as_json else []
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                *tail,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


def bind_request(command: str, front: str, channel: str) -> str:
    """Mark the current task's log lines as one command's; its request id."""
    request = secrets.token_hex(4)
    structlog.contextvars.bind_contextvars(
        command=command, front=front, channel=channel, request=request
    )
    return request


def unbind_request() -> None:
    structlog.contextvars.unbind_contextvars(*REQUEST_FIELDS)
