"""Socket Mode: the WebSocket the SDK opens, the envelopes the fake sends, the acks it gets."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import uuid
from dataclasses import dataclass, field

from aiohttp import WSMsgType, web
from multidict import CIMultiDict

from tests.fakes.loopback import Waiter
from tests.fakes.slack_api.records import JSON, RecordedRequest, RequestLog
from tests.fakes.slack_api.workspace import Workspace


@dataclass
class _Socket:
    id: int
    ws: web.WebSocketResponse
    query: dict[str, str]
    ready: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class SocketMode:
    """``/socket-mode``: sends ``hello``, then envelopes; answers PINGs; records acks."""

    def __init__(self, workspace: Workspace, log: RequestLog, waiter: Waiter) -> None:
        self.workspace = workspace
        self.log = log
        self.waiter = waiter
        self.acks: dict[str, JSON] = {}  # envelope_id -> the ack frame
        self.envelopes: dict[str, JSON] = {}  # envelope_id -> the envelope sent
        self.frames: list[JSON] = []  # every text frame a client sent, parsed
        self.pings = 0  # PING frames answered
        self.connections = 0  # WebSocket connections ever accepted
        self.sockets: list[_Socket] = []
        self._ids = itertools.count(1)

    @property
    def connected(self) -> bool:
        """True while a Socket Mode client is connected (and was sent ``hello``)."""
        return any(s.ready and not s.ws.closed for s in self.sockets)

    async def close_all(self) -> None:
        """Close every connection with code 1001 (going away)."""
        for sock in list(self.sockets):
            with contextlib.suppress(Exception):
                await sock.ws.close(code=1001, message=b"fake stopping")
        self.sockets.clear()

    async def send_envelope(
        self,
        type: str,
        payload: JSON,
        *,
        accepts_response_payload: bool | None = None,
        envelope_id: str | None = None,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
        timeout: float = 10.0,
    ) -> str:
        """Send an envelope to the connected Socket Mode client; return its envelope_id.

        ``type`` is "slash_commands", "interactive" or "events_api". Waits (up to ``timeout``)
        for a connection. ``accepts_response_payload`` defaults as Slack sets it: true for
        slash commands, view submissions and block suggestions.
        """
        sock = await self.waiter.wait(self.active, timeout, "a Socket Mode connection")
        envelope_id = envelope_id or str(uuid.uuid4())
        if accepts_response_payload is None:
            accepts_response_payload = type == "slash_commands" or (
                type == "interactive"
                and payload.get("type") in ("view_submission", "block_suggestion")
            )
        envelope: JSON = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": type,
            "accepts_response_payload": accepts_response_payload,
        }
        if type == "events_api":
            envelope["retry_attempt"] = retry_attempt or 0
            envelope["retry_reason"] = retry_reason or ""
        elif retry_attempt is not None:
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason or ""
        self.envelopes[envelope_id] = envelope
        async with sock.lock:
            await sock.ws.send_str(json.dumps(envelope))
        return envelope_id

    async def send_disconnect(
        self, reason: str = "refresh_requested", timeout: float = 10.0
    ) -> None:
        """Send Slack's ``{"type": "disconnect"}`` (the SDK reconnects via a new URL)."""
        sock = await self.waiter.wait(self.active, timeout, "a Socket Mode connection")
        frame = {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}}
        async with sock.lock:
            await sock.ws.send_str(json.dumps(frame))

    def active(self) -> _Socket | None:
        """The newest live connection that was sent ``hello``, or None."""
        live = [s for s in self.sockets if s.ready and not s.ws.closed]
        return live[-1] if live else None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=False, max_msg_size=0)
        await ws.prepare(request)
        sock = _Socket(next(self._ids), ws, dict(request.query))
        self.sockets.append(sock)
        self.connections += 1
        try:
            hello = {
                "type": "hello",
                "num_connections": sum(1 for s in self.sockets if not s.ws.closed),
                "debug_info": {
                    "host": "applink-fake",
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": self.workspace.app_id},
            }
            async with sock.lock:
                await ws.send_str(json.dumps(hello))
            sock.ready = True
            await self.waiter.notify()
            async for msg in ws:
                if msg.type is WSMsgType.PING:
                    async with sock.lock:
                        await ws.pong(msg.data)
                    self.pings += 1
                    await self.waiter.notify()
                elif msg.type is WSMsgType.TEXT:
                    await self._on_text(sock, msg.data)
                elif msg.type is WSMsgType.ERROR:
                    break
        finally:
            if sock in self.sockets:
                self.sockets.remove(sock)
            await self.waiter.notify()
        return ws

    async def _on_text(self, sock: _Socket, data: str) -> None:
        try:
            frame = json.loads(data)
        except ValueError:
            frame = None
        if isinstance(frame, dict):
            self.frames.append(frame)
        envelope_id = frame.get("envelope_id") if isinstance(frame, dict) else None
        if isinstance(envelope_id, str) and envelope_id in self.envelopes:
            self.acks[envelope_id] = frame  # type: ignore[assignment]
        else:
            self.log.requests.append(
                RecordedRequest(
                    kind="socket",
                    method="socket",
                    http_method="WS",
                    path="/socket-mode",
                    headers=CIMultiDict(),
                    query=sock.query,
                    body=frame if frame is not None else data,
                    params={},
                    raw_body=data.encode("utf-8"),
                    known=False,
                )
            )
        await self.waiter.notify()
