"""What the fake records: HTTP requests the client made, and interactions it was sent."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from multidict import CIMultiDict

from tests.fakes.discord_api.protocol import JSON


@dataclass
class UploadedFile:
    """One file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class RecordedRequest:
    """One HTTP request the client made, with the fake's answer."""

    method: str
    path: str  # relative to /api/v10, e.g. "/channels/123/messages"
    query: dict[str, str]
    json: Any  # JSON body, or the parsed ``payload_json`` of a multipart body; None if absent
    headers: CIMultiDict[str]
    files: list[UploadedFile] = field(default_factory=list)
    form: dict[str, str] = field(default_factory=dict)  # other multipart text fields
    raw_body: bytes = b""
    status: int = 0
    response: Any = None
    known_route: bool = True
    error: str | None = None  # set when the fake itself failed handling the request

    def __repr__(self) -> str:
        return f"<RecordedRequest {self.method} {self.path} -> {self.status}>"

    def leaks(self, secret: str) -> bool:
        """True if ``secret`` is anywhere in the request except the Authorization header."""
        other_headers = [v for k, v in self.headers.items() if k.lower() != "authorization"]
        haystack = [
            self.path,
            *self.query.values(),
            json.dumps(self.json),
            *other_headers,
            *self.form.values(),
        ]
        return any(secret in h for h in haystack) or secret.encode() in self.raw_body


@dataclass
class SentInteraction:
    """An interaction the fake dispatched over the gateway."""

    id: str
    token: str
    type: int
    channel_id: str
    user_id: str
    payload: JSON


@dataclass
class InteractionState:
    """How the bot has answered one interaction so far."""

    sent: SentInteraction
    response_type: int | None = None
    original_id: str | None = None  # message id of @original
    source_message_id: str | None = None  # message a component was on
    deferred_pending: bool = False  # a type-5 loading message not yet replaced
    followup_ids: list[str] = field(default_factory=list)
