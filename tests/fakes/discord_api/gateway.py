"""The gateway websocket: HELLO, IDENTIFY/RESUME sessions, heartbeats and dispatched events."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.discord_api.guild import Guild
from tests.fakes.discord_api.protocol import (
    JSON,
    OP_DISPATCH,
    OP_HEARTBEAT,
    OP_HEARTBEAT_ACK,
    OP_HELLO,
    OP_IDENTIFY,
    OP_INVALID_SESSION,
    OP_PRESENCE,
    OP_RECONNECT,
    OP_REQUEST_MEMBERS,
    OP_RESUME,
    OP_VOICE_STATE,
)
from tests.fakes.loopback import Waiter


@dataclass
class _Session:
    session_id: str
    shard: list[int]
    identify: JSON
    seq: int = 0


class _Connection:
    def __init__(self, ws: web.WebSocketResponse, query: Mapping[str, str]) -> None:
        self.ws = ws
        self.query = dict(query)
        self.session: _Session | None = None
        self.ready = False
        self.lock = asyncio.Lock()


class Gateway:
    """The JSON gateway at ``/gateway``; records every frame the client sends."""

    def __init__(
        self,
        guild: Guild,
        waiter: Waiter,
        gateway_url: Callable[[], str],
        *,
        token: str | None,
        heartbeat_interval: int,
    ) -> None:
        self.guild = guild
        self.waiter = waiter
        self.gateway_url = gateway_url
        self.token = token
        self.heartbeat_interval = heartbeat_interval
        self.frames: list[JSON] = []  # every frame the client sent
        self.identifies: list[JSON] = []  # IDENTIFY "d" payloads
        self.resumes: list[JSON] = []  # RESUME "d" payloads
        self.queries: list[dict[str, str]] = []  # query of each websocket connect
        self._sessions: dict[str, _Session] = {}
        self._connections: list[_Connection] = []
        self._active: _Connection | None = None  # the last connection to become ready
        self._by_shard: dict[int, _Connection] = {}  # ready connections by shard id
        self.routed: dict[str, int] = {}  # interaction id -> the shard it was sent to

    @property
    def connected(self) -> bool:
        return self._active is not None and self._active.ready

    async def close_all(self) -> None:
        """Close every socket with code 1001 (going away)."""
        for conn in list(self._connections):
            with contextlib.suppress(Exception):
                await conn.ws.close(code=1001, message=b"fake stopping")
        self._connections.clear()
        self._active = None
        self._by_shard.clear()

    async def wait_until_connected(self, timeout: float = 10.0) -> None:
        await self.waiter.wait(lambda: self.connected, timeout, "a gateway client")

    def _connection_for(self, guild_id: str | None) -> _Connection | None:
        """The ready connection of the guild's shard, `(guild_id >> 22) % shard_count`,
        as Discord routes a guild's events; without a guild id, the last ready one."""
        if guild_id is None:
            return self._active if self.connected else None
        for shard_id, conn in self._by_shard.items():
            count = conn.session.shard[1] if conn.session else 1
            if conn.ready and (int(guild_id) >> 22) % count == shard_id:
                return conn
        return None

    async def dispatch(self, event: str, data: JSON, timeout: float = 10.0) -> None:
        """Send a DISPATCH (op 0) event to the client holding the shard of its guild."""
        guild_id = data.get("guild_id") if isinstance(data, dict) else None
        guild_id = None if guild_id is None else str(guild_id)
        what = f"a gateway client for guild {guild_id}" if guild_id else "a gateway client"
        conn = await self.waiter.wait(lambda: self._connection_for(guild_id), timeout, what)
        if event == "INTERACTION_CREATE" and conn.session is not None:
            self.routed[str(data["id"])] = conn.session.shard[0]
        await self._send(conn, OP_DISPATCH, data, event)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT; discord.py closes and RESUMEs on ``resume_gateway_url``."""
        await self.wait_until_connected()
        conn = self._active
        assert conn is not None
        conn.ready = False
        self._active = None
        self._forget(conn)
        await self._send(conn, OP_RECONNECT, None)

    def _forget(self, conn: _Connection) -> None:
        for shard_id, held in list(self._by_shard.items()):
            if held is conn:
                del self._by_shard[shard_id]

    def _ready(self, conn: _Connection) -> None:
        conn.ready = True
        self._active = conn
        if conn.session is not None:
            self._by_shard[conn.session.shard[0]] = conn

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        conn = _Connection(ws, request.query)
        self._connections.append(conn)
        self.queries.append(conn.query)
        try:
            await self._send(conn, OP_HELLO, {"heartbeat_interval": self.heartbeat_interval})
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_frame(conn, json.loads(msg.data))
                elif msg.type is WSMsgType.BINARY:
                    await ws.close(code=4002, message=b"Error while decoding payload.")
                elif msg.type is WSMsgType.ERROR:
                    break
        finally:
            if conn in self._connections:
                self._connections.remove(conn)
            if self._active is conn:
                self._active = None
            self._forget(conn)
            await self.waiter.notify()
        return ws

    async def _send(self, conn: _Connection, op: int, data: Any, event: str | None = None) -> None:
        async with conn.lock:
            seq = None
            if op == OP_DISPATCH and conn.session is not None:
                conn.session.seq += 1
                seq = conn.session.seq
            frame = {"op": op, "d": data, "s": seq, "t": event}
            if not conn.ws.closed:
                await conn.ws.send_str(json.dumps(frame))

    async def _on_frame(self, conn: _Connection, frame: JSON) -> None:
        self.frames.append(frame)
        op, data = frame.get("op"), frame.get("d")
        try:
            if op == OP_HEARTBEAT:
                await self._send(conn, OP_HEARTBEAT_ACK, None)
            elif op == OP_IDENTIFY:
                await self._on_identify(conn, data)
            elif op == OP_RESUME:
                await self._on_resume(conn, data)
            elif op == OP_REQUEST_MEMBERS:
                await self._on_request_members(conn, data)
            elif op in (OP_PRESENCE, OP_VOICE_STATE):
                pass
            else:
                await conn.ws.close(code=4001, message=b"Unknown opcode.")
        finally:
            await self.waiter.notify()

    async def _on_identify(self, conn: _Connection, data: JSON) -> None:
        self.identifies.append(data)
        if conn.session is not None:
            await conn.ws.close(code=4005, message=b"Already authenticated.")
            return
        if self.token is not None and data.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = list(data.get("shard") or [0, 1])
        session = _Session(session_id=secrets.token_hex(16), shard=shard, identify=data)
        self._sessions[session.session_id] = session
        conn.session = session
        guilds = [g for g in self.guild.guild_ids if (int(g) >> 22) % shard[1] == shard[0]]
        ready = {
            "v": 10,
            "user": self.guild.bot_user_payload(),
            "guilds": [{"id": g, "unavailable": True} for g in guilds],
            "session_id": session.session_id,
            "resume_gateway_url": self.gateway_url(),
            "session_type": "normal",
            "shard": shard,
            "application": {"id": self.guild.application_id, "flags": 0},
            "private_channels": [],
            "presences": [],
            "relationships": [],
            "guild_join_requests": [],
            "user_settings": {},
            "geo_ordered_rtc_regions": [],
            "auth": {},
            "_trace": ["fake-discord"],
        }
        await self._send(conn, OP_DISPATCH, ready, "READY")
        for guild_id in guilds:
            await self._send(conn, OP_DISPATCH, self.guild.guild_payload(guild_id), "GUILD_CREATE")
        self._ready(conn)

    async def _on_resume(self, conn: _Connection, data: JSON) -> None:
        self.resumes.append(data)
        session = self._sessions.get(str(data.get("session_id")))
        token_ok = self.token is None or data.get("token") == self.token
        if session is None or not token_ok:
            await self._send(conn, OP_INVALID_SESSION, False)
            return
        conn.session = session
        await self._send(conn, OP_DISPATCH, {"_trace": ["fake-discord"]}, "RESUMED")
        self._ready(conn)

    async def _on_request_members(self, conn: _Connection, data: JSON) -> None:
        guild = self.guild
        wanted = {str(u) for u in data.get("user_ids") or []}
        query = (data.get("query") or "").lower()
        members = [
            guild.member_with_user(uid)
            for uid in guild.members
            if (not wanted or uid in wanted)
            and guild.users[uid]["username"].lower().startswith(query)
        ]
        limit = data.get("limit") or 0
        if limit:
            members = members[:limit]
        chunk: JSON = {
            "guild_id": str(data.get("guild_id")),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": sorted(wanted - set(guild.members)),
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self._send(conn, OP_DISPATCH, chunk, "GUILD_MEMBERS_CHUNK")
