"""Reading Web API arguments the way Slack does, raising its error codes."""

from __future__ import annotations

import json
from typing import Any

from tests.fakes.slack_api.records import RecordedRequest
from tests.fakes.slack_api.validation import SlackError, message_content_error


def json_arg(rec: RecordedRequest, name: str, bad: str) -> Any:
    value = rec.params.get(name)
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise SlackError(bad) from None
    return value


def content(rec: RecordedRequest) -> tuple[Any, Any, Any]:
    """A message's ``text``, ``blocks`` and ``attachments``, checked as Slack checks them."""
    blocks = json_arg(rec, "blocks", "invalid_blocks_format")
    attachments = json_arg(rec, "attachments", "invalid_attachments")
    text = rec.params.get("text")
    error = message_content_error(text, blocks, attachments, rec.params.get("markdown_text"))
    if error is not None:
        raise error
    return text, blocks, attachments


def required(rec: RecordedRequest, name: str, error: str) -> str:
    value = rec.params.get(name)
    if value is None or value == "":
        raise SlackError(error)
    return str(value)
