"""A loopback fake of Discord's HTTP API and gateway, for driving the real discord.py client.

The fake is an aiohttp server bound to 127.0.0.1 (port 0). Point discord.py at it with::

    discord.http.Route.BASE = fake.api_base      # "http://127.0.0.1:PORT/api/v10"

before ``bot.start(token)``. ``GET /gateway/bot`` then hands the client ``fake.gateway_url``, the
interaction callback and follow-up webhooks are built from ``Route.BASE`` too, so nothing else has
to be patched. Use a small ``guild_ready_timeout`` (e.g. 0.1) on the client: discord.py waits that
long after the last GUILD_CREATE before it dispatches ``ready`` (2 s by default).

Payload shapes follow discord.py 2.7's own parsers (state.py, guild.py, member.py, message.py,
interactions.py, app_commands/). Every HTTP request is recorded (:class:`RecordedRequest`); tests
wait on them with :meth:`FakeDiscord.wait_for` / :meth:`FakeDiscord.responses_for` instead of
sleeping. Unknown routes answer 404 like Discord and are listed in :attr:`FakeDiscord.unexpected`.

Stop the bot before stopping the fake, or the client will try to reconnect to a closed port.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime as dt
import itertools
import json
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import WSMsgType, web
from multidict import CIMultiDict

JSON = dict[str, Any]

DISCORD_EPOCH_MS = 1420070400000
API_PREFIX = "/api/v10"

# Permission bits as Discord sends them (decimal strings in payloads).
MANAGE_GUILD = 1 << 5
ADMINISTRATOR = 1 << 3
ALL_PERMISSIONS = (1 << 54) - 1
EVERYONE_PERMISSIONS = (
    (1 << 0)  # create instant invite
    | (1 << 6)  # add reactions
    | (1 << 10)  # view channel
    | (1 << 11)  # send messages
    | (1 << 14)  # embed links
    | (1 << 15)  # attach files
    | (1 << 16)  # read message history
    | (1 << 18)  # use external emojis
    | (1 << 31)  # use application commands
    | (1 << 38)  # send messages in threads
)
BOT_PERMISSIONS = EVERYONE_PERMISSIONS | (1 << 13)  # + manage messages

# Interaction types and callback types (Discord API enums).
PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
CB_PONG, CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE, CB_UPDATE_MESSAGE = 1, 4, 5, 6, 7
CB_AUTOCOMPLETE, CB_MODAL, CB_PREMIUM_REQUIRED, CB_LAUNCH_ACTIVITY = 8, 9, 10, 12

# Callback types Discord accepts for each interaction type.
VALID_CALLBACKS: dict[int, frozenset[int]] = {
    APPLICATION_COMMAND: frozenset(
        {CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_MODAL, CB_PREMIUM_REQUIRED, CB_LAUNCH_ACTIVITY}
    ),
    MESSAGE_COMPONENT: frozenset(
        {
            CB_MESSAGE,
            CB_DEFERRED_MESSAGE,
            CB_DEFERRED_UPDATE,
            CB_UPDATE_MESSAGE,
            CB_MODAL,
            CB_PREMIUM_REQUIRED,
            CB_LAUNCH_ACTIVITY,
        }
    ),
    AUTOCOMPLETE: frozenset({CB_AUTOCOMPLETE}),
}

EPHEMERAL = 1 << 6
LOADING = 1 << 7
COMPONENTS_V2 = 1 << 15
# Flags a client may set when sending/editing a message.
SETTABLE_MESSAGE_FLAGS = (1 << 2) | EPHEMERAL | (1 << 12) | COMPONENTS_V2

# Gateway opcodes.
OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_PRESENCE, OP_VOICE_STATE = 0, 1, 2, 3, 4
OP_RESUME, OP_RECONNECT, OP_REQUEST_MEMBERS, OP_INVALID_SESSION = 6, 7, 8, 9
OP_HELLO, OP_HEARTBEAT_ACK = 10, 11

_NAME_RE = re.compile(r"^[-_'\w]{1,32}$")


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _json_response(data: Any, status: int = 200) -> web.Response:
    # discord.py only parses a body as JSON when Content-Type is exactly "application/json";
    # aiohttp's json_response would append "; charset=utf-8".
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json"},
    )


def _error(status: int, message: str, code: int = 0, errors: JSON | None = None) -> web.Response:
    body: JSON = {"message": message, "code": code}
    if errors:
        body["errors"] = errors
    return _json_response(body, status)


def _not_found() -> web.Response:
    return _error(404, "404: Not Found", 0)


def _no_content() -> web.Response:
    return web.Response(status=204)


def _route_pattern(template: str) -> re.Pattern[str]:
    """ "/channels/{cid}/messages" -> regex with named groups (snowflakes, tokens, @original)."""
    special = {"token": r"[^/]+", "wmid": r"@original|\d+"}

    def group(m: re.Match[str]) -> str:
        name = m[1]
        pattern = special.get(name, r"\d+")
        return f"(?P<{'mid' if name == 'wmid' else name}>{pattern})"

    return re.compile(re.sub(r"\{(\w+)\}", group, template))


def _truthy(value: str | None) -> bool:
    return value is not None and value.lower() in {"1", "true", "yes"}


class _FormErrors:
    """Collects 50035 "Invalid Form Body" errors in Discord's nested layout."""

    def __init__(self) -> None:
        self.tree: JSON = {}

    def add(self, path: str, code: str, message: str) -> None:
        node = self.tree
        for part in path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def max_len(self, path: str, value: Any, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def response(self) -> web.Response | None:
        if not self.tree:
            return None
        return _error(400, "Invalid Form Body", 50035, self.tree)


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
class _InteractionState:
    sent: SentInteraction
    response_type: int | None = None
    original_id: str | None = None  # message id of @original
    source_message_id: str | None = None  # message a component was on
    deferred_pending: bool = False  # a type-5 loading message not yet replaced
    followup_ids: list[str] = field(default_factory=list)


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


_Handler = Callable[[web.Request, RecordedRequest, re.Match[str]], Awaitable[web.StreamResponse]]


class FakeDiscord:
    """Loopback Discord: HTTP API under ``/api/v10`` and a JSON gateway at ``/gateway``."""

    def __init__(
        self,
        *,
        application_id: str = "1200000000000000001",
        bot_id: str = "1200000000000000002",
        bot_name: str = "briefing-bot",
        guild_id: str = "1200000000000000010",
        guild_name: str = "Fake Guild",
        channel_id: str = "1200000000000000020",
        channel_name: str = "general",
        second_channel_id: str = "1200000000000000021",
        second_channel_name: str = "news",
        owner_id: str = "1200000000000000030",
        member_id: str = "1200000000000000031",
        token: str | None = None,
        heartbeat_interval: int = 41250,
        validate: bool = True,
    ) -> None:
        self.application_id = application_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.guild_id = guild_id
        self.guild_name = guild_name
        self.channel_id = channel_id
        self.second_channel_id = second_channel_id
        self.owner_id = owner_id
        self.member_id = member_id
        self.bot_role_id = str(int(guild_id) + 1)
        self.token = token
        self.heartbeat_interval = heartbeat_interval
        self.validate = validate

        self.requests: list[RecordedRequest] = []
        self.gateway_frames: list[JSON] = []  # every frame the client sent
        self.identifies: list[JSON] = []  # IDENTIFY "d" payloads
        self.resumes: list[JSON] = []  # RESUME "d" payloads
        self.gateway_queries: list[dict[str, str]] = []  # query of each websocket connect

        self.users: dict[str, JSON] = {}
        self.members: dict[str, JSON] = {}
        self.channels: dict[str, JSON] = {}
        self.roles: dict[str, JSON] = {}
        self._messages: dict[str, JSON] = {}
        self._channel_log: dict[str, list[str]] = {}
        self._commands: dict[str | None, list[JSON]] = {}
        self._command_ids: dict[tuple[str | None, str, int], str] = {}
        self._interactions: dict[str, _InteractionState] = {}  # by token
        self._sessions: dict[str, _Session] = {}
        self._connections: list[_Connection] = []
        self._active: _Connection | None = None

        self._sf_last = 0
        self._cond: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._routes: list[tuple[str, re.Pattern[str], _Handler, bool]] = []

        self._add_user(bot_id, bot_name, bot=True)
        self._add_user(owner_id, "owner")
        self._add_user(member_id, "member")
        self._add_role(guild_id, "@everyone", EVERYONE_PERMISSIONS, position=0)
        self._add_role(self.bot_role_id, bot_name, BOT_PERMISSIONS, position=1, bot_id=bot_id)
        self._add_member(bot_id, roles=[self.bot_role_id])
        self._add_member(owner_id)
        self._add_member(member_id)
        self.add_text_channel(channel_id, channel_name, position=0)
        self.add_text_channel(second_channel_id, second_channel_name, position=1)
        self._build_routes()

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> Self:
        """Bind 127.0.0.1 on a free port and start serving."""
        self._cond = asyncio.Condition()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway_handler)
        app.router.add_route("*", "/{tail:.*}", self._http_handler)
        self._runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        """Close every gateway socket (code 1001) and shut the server down."""
        for conn in list(self._connections):
            with contextlib.suppress(Exception):
                await conn.ws.close(code=1001, message=b"fake stopping")
        self._connections.clear()
        self._active = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeDiscord is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def api_base(self) -> str:
        """Value for ``discord.http.Route.BASE``."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/gateway"

    # ------------------------------------------------------------------ state setup

    def snowflake(self) -> str:
        """A fresh, time-based, strictly increasing snowflake (discord.py reads time from ids)."""
        value = ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (1 << 17)
        value = max(value, self._sf_last + 1)
        self._sf_last = value
        return str(value)

    def _add_user(self, user_id: str, name: str, *, bot: bool = False) -> JSON:
        user = {
            "id": user_id,
            "username": name,
            "discriminator": "0",
            "global_name": None if bot else name.title(),
            "avatar": None,
            "banner": None,
            "accent_color": None,
            "bot": bot,
            "system": False,
            "public_flags": 0,
            "flags": 0,
            "avatar_decoration_data": None,
            "collectibles": None,
            "primary_guild": None,
        }
        self.users[user_id] = user
        return user

    def _add_role(
        self, role_id: str, name: str, permissions: int, *, position: int, bot_id: str | None = None
    ) -> None:
        role: JSON = {
            "id": role_id,
            "name": name,
            "permissions": str(permissions),
            "position": position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "managed": bot_id is not None,
            "mentionable": False,
            "flags": 0,
        }
        if bot_id is not None:
            role["tags"] = {"bot_id": bot_id}
        self.roles[role_id] = role

    def _add_member(self, user_id: str, roles: Iterable[str] = ()) -> JSON:
        member = {
            "roles": list(roles),
            "nick": None,
            "avatar": None,
            "banner": None,
            "joined_at": "2025-01-01T00:00:00.000000+00:00",
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
            "avatar_decoration_data": None,
        }
        self.members[user_id] = member
        return member

    def add_user(self, user_id: str, name: str | None = None, *, roles: Iterable[str] = ()) -> JSON:
        """Add a guild member (before the bot connects, to have it in GUILD_CREATE)."""
        user = self._add_user(user_id, name or f"user{user_id[-4:]}")
        self._add_member(user_id, roles)
        return user

    def add_text_channel(self, channel_id: str, name: str, *, position: int | None = None) -> JSON:
        """Add a guild text channel (before the bot connects, to have it in GUILD_CREATE)."""
        channel = {
            "id": channel_id,
            "type": 0,
            "guild_id": self.guild_id,
            "name": name,
            "position": len(self.channels) if position is None else position,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
            "default_auto_archive_duration": 1440,
        }
        self.channels[channel_id] = channel
        self._channel_log.setdefault(channel_id, [])
        return channel

    def _user(self, user_id: str) -> JSON:
        if user_id not in self.users:
            self.add_user(user_id)
        return self.users[user_id]

    def _member_with_user(self, user_id: str) -> JSON:
        self._user(user_id)
        return {**copy.deepcopy(self.members[user_id]), "user": copy.deepcopy(self.users[user_id])}

    def guild_payload(self) -> JSON:
        """The GUILD_CREATE payload (every key guild.py / state.py reads)."""
        return {
            "id": self.guild_id,
            "name": self.guild_name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": self.owner_id,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "widget_enabled": False,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "application_id": None,
            "system_channel_id": self.channel_id,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "max_presences": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "features": [],
            "incidents_data": None,
            "roles": copy.deepcopy(list(self.roles.values())),
            "emojis": [],
            "stickers": [],
            "joined_at": "2025-01-01T00:00:00.000000+00:00",
            "large": False,
            "unavailable": False,
            "lazy": True,
            "member_count": len(self.members),
            "members": [self._member_with_user(uid) for uid in self.members],
            "channels": [
                {k: v for k, v in ch.items() if k != "guild_id"} for ch in self.channels.values()
            ],
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    def application_payload(self) -> JSON:
        """``GET /oauth2/applications/@me`` (appinfo.AppInfo)."""
        return {
            "id": self.application_id,
            "name": self.bot_name,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": copy.deepcopy(self.users[self.owner_id]),
            "team": None,
            "verify_key": "0" * 64,
            "flags": 0,
            "bot": copy.deepcopy(self.users[self.bot_id]),
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "approximate_guild_count": 1,
            "tags": [],
            "integration_types_config": {"0": {}},
        }

    def bot_user_payload(self) -> JSON:
        """``GET /users/@me`` and READY ``user`` (ClientUser)."""
        return {
            **copy.deepcopy(self.users[self.bot_id]),
            "verified": True,
            "mfa_enabled": False,
            "locale": "en-US",
            "email": None,
        }

    # ------------------------------------------------------------------ queries for tests

    def commands(self, guild_id: str | None = None) -> list[JSON]:
        """Stored application commands: global ones, or those of ``guild_id``."""
        return copy.deepcopy(self._commands.get(guild_id, []))

    def message(self, message_id: str | int) -> JSON:
        return copy.deepcopy(self._messages[str(message_id)])

    def channel_messages(self, channel_id: str | int) -> list[JSON]:
        """Non-ephemeral messages in a channel, oldest first."""
        ids = self._channel_log.get(str(channel_id), [])
        return [copy.deepcopy(self._messages[mid]) for mid in ids if mid in self._messages]

    def original_response(self, interaction: SentInteraction) -> JSON | None:
        state = self._interactions[interaction.token]
        if state.original_id is None or state.original_id not in self._messages:
            return None
        return self.message(state.original_id)

    def followups(self, interaction: SentInteraction) -> list[JSON]:
        state = self._interactions[interaction.token]
        return [self.message(mid) for mid in state.followup_ids if mid in self._messages]

    def requests_for(self, interaction: SentInteraction) -> list[RecordedRequest]:
        """Callback + webhook requests (follow-ups, @original edits) of an interaction, in order."""
        callback = f"/interactions/{interaction.id}/{interaction.token}/"
        hook = f"/webhooks/{self.application_id}/{interaction.token}"
        return [
            r
            for r in self.requests
            if r.path.startswith(callback) or r.path == hook or r.path.startswith(hook + "/")
        ]

    @property
    def unexpected(self) -> list[RecordedRequest]:
        """Requests to routes the fake does not know, or that the fake failed to handle."""
        return [r for r in self.requests if not r.known_route or r.error is not None]

    @property
    def connected(self) -> bool:
        return self._active is not None and self._active.ready

    # ------------------------------------------------------------------ waiting

    async def _notify(self) -> None:
        if self._cond is None:
            return
        async with self._cond:
            self._cond.notify_all()

    async def _wait(self, find: Callable[[], Any], timeout: float, what: str) -> Any:
        if self._cond is None:
            raise RuntimeError("FakeDiscord is not started")
        try:
            async with asyncio.timeout(timeout), self._cond:
                return await self._cond.wait_for(find)
        except TimeoutError:
            seen = ", ".join(f"{r.method} {r.path} {r.status}" for r in self.requests[-15:])
            raise TimeoutError(
                f"timed out after {timeout}s waiting for {what}; last: {seen}"
            ) from None

    async def wait_for(
        self,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        *,
        method: str | None = None,
        path: str | None = None,
        timeout: float = 10.0,
    ) -> RecordedRequest:
        """The first recorded request (past or future) matching all of predicate/method/path.

        ``path`` is a regular expression matched in full against :attr:`RecordedRequest.path`.
        """
        pattern = re.compile(path) if path is not None else None

        def matches(r: RecordedRequest) -> bool:
            if method is not None and r.method != method.upper():
                return False
            if pattern is not None and not pattern.fullmatch(r.path):
                return False
            return predicate is None or predicate(r)

        def find() -> RecordedRequest | None:
            return next((r for r in self.requests if matches(r)), None)

        return await self._wait(find, timeout, f"request method={method} path={path}")

    async def responses_for(
        self, interaction: SentInteraction, count: int = 1, timeout: float = 10.0
    ) -> list[RecordedRequest]:
        """Wait until ``count`` requests answer ``interaction``; return all recorded so far."""

        def find() -> list[RecordedRequest] | None:
            found = self.requests_for(interaction)
            return found if len(found) >= count else None

        return await self._wait(
            find, timeout, f"{count} response(s) to interaction {interaction.id}"
        )

    async def wait_for_gateway(
        self, predicate: Callable[[JSON], bool], timeout: float = 10.0
    ) -> JSON:
        """The first gateway frame sent by the client matching ``predicate``."""

        def find() -> JSON | None:
            return next((f for f in self.gateway_frames if predicate(f)), None)

        return await self._wait(find, timeout, "a gateway frame")

    async def wait_until_connected(self, timeout: float = 10.0) -> None:
        """Wait until a client has identified (or resumed) and READY/GUILD_CREATE were sent."""
        await self._wait(lambda: self.connected, timeout, "a gateway client")

    # ------------------------------------------------------------------ gateway

    async def _gateway_handler(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        conn = _Connection(ws, request.query)
        self._connections.append(conn)
        self.gateway_queries.append(conn.query)
        try:
            await self._send(conn, OP_HELLO, {"heartbeat_interval": self.heartbeat_interval})
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_gateway_frame(conn, json.loads(msg.data))
                elif msg.type is WSMsgType.BINARY:
                    await ws.close(code=4002, message=b"Error while decoding payload.")
                elif msg.type is WSMsgType.ERROR:
                    break
        finally:
            if conn in self._connections:
                self._connections.remove(conn)
            if self._active is conn:
                self._active = None
            await self._notify()
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

    async def _on_gateway_frame(self, conn: _Connection, frame: JSON) -> None:
        self.gateway_frames.append(frame)
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
            await self._notify()

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
        ready = {
            "v": 10,
            "user": self.bot_user_payload(),
            "guilds": [{"id": self.guild_id, "unavailable": True}],
            "session_id": session.session_id,
            "resume_gateway_url": self.gateway_url,
            "session_type": "normal",
            "shard": shard,
            "application": {"id": self.application_id, "flags": 0},
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
        await self._send(conn, OP_DISPATCH, self.guild_payload(), "GUILD_CREATE")
        conn.ready = True
        self._active = conn

    async def _on_resume(self, conn: _Connection, data: JSON) -> None:
        self.resumes.append(data)
        session = self._sessions.get(str(data.get("session_id")))
        token_ok = self.token is None or data.get("token") == self.token
        if session is None or not token_ok:
            await self._send(conn, OP_INVALID_SESSION, False)
            return
        conn.session = session
        await self._send(conn, OP_DISPATCH, {"_trace": ["fake-discord"]}, "RESUMED")
        conn.ready = True
        self._active = conn

    async def _on_request_members(self, conn: _Connection, data: JSON) -> None:
        wanted = {str(u) for u in data.get("user_ids") or []}
        query = (data.get("query") or "").lower()
        members = [
            self._member_with_user(uid)
            for uid in self.members
            if (not wanted or uid in wanted)
            and self.users[uid]["username"].lower().startswith(query)
        ]
        limit = data.get("limit") or 0
        if limit:
            members = members[:limit]
        chunk: JSON = {
            "guild_id": str(data.get("guild_id")),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": sorted(wanted - set(self.members)),
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self._send(conn, OP_DISPATCH, chunk, "GUILD_MEMBERS_CHUNK")

    async def dispatch(self, event: str, data: JSON, timeout: float = 10.0) -> None:
        """Send a DISPATCH (op 0) event to the connected client."""
        await self.wait_until_connected(timeout)
        assert self._active is not None
        await self._send(self._active, OP_DISPATCH, data, event)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT; discord.py closes and RESUMEs on ``resume_gateway_url``."""
        await self.wait_until_connected()
        conn = self._active
        assert conn is not None
        conn.ready = False
        self._active = None
        await self._send(conn, OP_RECONNECT, None)

    # ------------------------------------------------------------------ interactions

    async def send_interaction(
        self,
        type: int = APPLICATION_COMMAND,
        *,
        name: str | None = None,
        options: list[JSON] | None = None,
        focused: str | None = None,
        command_type: int = 1,
        target_id: str | None = None,
        custom_id: str | None = None,
        component_type: int = 2,
        values: list[str] | None = None,
        message_id: str | int | None = None,
        user_id: str | None = None,
        permissions: str | int | None = None,
        roles: Iterable[str] = (),
        app_permissions: str | int | None = None,
        channel_id: str | None = None,
        locale: str = "en-US",
        resolved: JSON | None = None,
        timeout: float = 10.0,
    ) -> SentInteraction:
        """Dispatch INTERACTION_CREATE and return its id and token.

        * type 2 (application command): ``name`` (must have been synced, guild or global),
          ``options`` as Discord sends them: ``[{"name", "type", "value"}]`` (3 string,
          4 integer, 5 boolean, 6 user, 7 channel, 8 role, 10 number; 1/2 sub-commands with
          nested ``options``). Users/channels/roles get ``data.resolved`` entries automatically.
        * type 4 (autocomplete): as type 2; ``focused`` names the option being typed (or set
          ``"focused": True`` on the option yourself).
        * type 3 (component): ``custom_id``, ``component_type`` (2 button, 3 select with
          ``values``) and ``message_id`` of a message the fake stored (the bot sent it).

        ``user_id`` defaults to the plain member; ``permissions`` (the member's computed
        permissions, a decimal string such as ``str(1 << 5)``) defaults to all permissions for
        the owner and "0" for anyone else.
        """
        await self.wait_until_connected(timeout)
        user_id = str(user_id or self.member_id)
        channel_id = str(channel_id or self.channel_id)
        if channel_id not in self.channels:
            raise KeyError(f"unknown channel {channel_id}")
        if permissions is None:
            permissions = ALL_PERMISSIONS if user_id == self.owner_id else 0
        permissions = str(permissions)
        if app_permissions is None:
            app_permissions = BOT_PERMISSIONS
        self._user(user_id)

        data: JSON
        message: JSON | None = None
        if type in (APPLICATION_COMMAND, AUTOCOMPLETE):
            if name is None:
                raise ValueError("application command interactions need a command name")
            scope, command = self._find_command(name, command_type)
            opts = copy.deepcopy(options or [])
            for opt in opts:
                if "value" in opt and opt.get("type") in (6, 7, 8, 9):
                    opt["value"] = str(opt["value"])
            if focused is not None:
                self._set_focused(opts, focused)
            data = {"id": command["id"], "name": name, "type": command_type}
            if scope is not None:
                data["guild_id"] = scope
            if opts:
                data["options"] = opts
            if target_id is not None:
                data["target_id"] = str(target_id)
            auto = self._resolve_options(opts, permissions)
            merged = {
                k: {**auto.get(k, {}), **(resolved or {}).get(k, {})}
                for k in auto | (resolved or {})
            }
            if merged:
                data["resolved"] = merged
        elif type == MESSAGE_COMPONENT:
            if custom_id is None or message_id is None:
                raise ValueError("component interactions need custom_id and message_id")
            if str(message_id) not in self._messages:
                raise KeyError(f"message {message_id} is not known to the fake")
            message = self.message(message_id)
            data = {"custom_id": custom_id, "component_type": component_type}
            comp_id = self._component_id(message.get("components", []), custom_id)
            if comp_id is not None:
                data["id"] = comp_id
            if values is not None:
                data["values"] = list(values)
            if resolved:
                data["resolved"] = resolved
            channel_id = message["channel_id"]
        else:
            raise ValueError(f"unsupported interaction type {type}")

        member = self._member_with_user(user_id)
        member["permissions"] = permissions
        if roles:
            member["roles"] = [str(r) for r in roles]
        channel = {**copy.deepcopy(self.channels[channel_id]), "permissions": permissions}
        interaction_id = self.snowflake()
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(72)
        payload: JSON = {
            "id": interaction_id,
            "application_id": self.application_id,
            "type": type,
            "data": data,
            "guild_id": self.guild_id,
            "guild": {"id": self.guild_id, "locale": "en-US", "features": []},
            "channel_id": channel_id,
            "channel": channel,
            "member": member,
            "token": token,
            "version": 1,
            "app_permissions": str(app_permissions),
            "locale": locale,
            "guild_locale": "en-US",
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": self.guild_id},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if message is not None:
            payload["message"] = message
        sent = SentInteraction(
            id=interaction_id,
            token=token,
            type=type,
            channel_id=channel_id,
            user_id=user_id,
            payload=payload,
        )
        self._interactions[token] = _InteractionState(
            sent=sent, source_message_id=None if message is None else message["id"]
        )
        await self.dispatch("INTERACTION_CREATE", payload, timeout)
        return sent

    async def send_command(
        self, name: str, options: list[JSON] | None = None, **kwargs: Any
    ) -> SentInteraction:
        """Shorthand for ``send_interaction(2, name=..., options=...)``."""
        return await self.send_interaction(
            APPLICATION_COMMAND, name=name, options=options, **kwargs
        )

    async def send_autocomplete(
        self, name: str, options: list[JSON], focused: str | None = None, **kwargs: Any
    ) -> SentInteraction:
        """Shorthand for ``send_interaction(4, name=..., options=..., focused=...)``."""
        return await self.send_interaction(
            AUTOCOMPLETE, name=name, options=options, focused=focused, **kwargs
        )

    async def click(self, message_id: str | int, custom_id: str, **kwargs: Any) -> SentInteraction:
        """Shorthand for a button click (type 3, component_type 2) on a stored message."""
        return await self.send_interaction(
            MESSAGE_COMPONENT, custom_id=custom_id, message_id=message_id, **kwargs
        )

    def _find_command(self, name: str, command_type: int) -> tuple[str | None, JSON]:
        for scope in (self.guild_id, None):
            for cmd in self._commands.get(scope, []):
                if cmd["name"] == name and cmd.get("type", 1) == command_type:
                    return scope, cmd
        synced = {scope: [c["name"] for c in cmds] for scope, cmds in self._commands.items()}
        raise LookupError(f"command {name!r} was never synced; synced commands: {synced}")

    @staticmethod
    def _set_focused(options: list[JSON], focused: str) -> None:
        for opt in options:
            if opt.get("type") in (1, 2):
                FakeDiscord._set_focused(opt.get("options", []), focused)
            elif opt.get("name") == focused:
                opt["focused"] = True

    def _resolve_options(self, options: list[JSON], permissions: str) -> JSON:
        resolved: JSON = {}
        for opt in options:
            kind, value = opt.get("type"), opt.get("value")
            if kind in (1, 2):
                nested = self._resolve_options(opt.get("options", []), permissions)
                for key, entries in nested.items():
                    resolved.setdefault(key, {}).update(entries)
            elif kind == 7 and value in self.channels:
                entry = copy.deepcopy(self.channels[value])
                entry["permissions"] = permissions
                resolved.setdefault("channels", {})[value] = entry
            elif kind in (6, 9) and value in self.users:
                resolved.setdefault("users", {})[value] = copy.deepcopy(self.users[value])
                if value in self.members:
                    member = copy.deepcopy(self.members[value])
                    member["permissions"] = permissions
                    resolved.setdefault("members", {})[value] = member
            elif kind in (8, 9) and value in self.roles:
                resolved.setdefault("roles", {})[value] = copy.deepcopy(self.roles[value])
        return resolved

    @staticmethod
    def _component_id(components: list[JSON], custom_id: str) -> int | None:
        for comp in components:
            if comp.get("custom_id") == custom_id:
                return comp.get("id")
            found = FakeDiscord._component_id(comp.get("components", []), custom_id)
            if found is not None:
                return found
        return None

    # ------------------------------------------------------------------ HTTP plumbing

    def _build_routes(self) -> None:
        app, guild, cid, mid = "{app}", "{guild}", "{cid}", "{mid}"
        hook_msg = f"/webhooks/{app}/{{token}}/messages/{{wmid}}"
        table: list[tuple[str, str, _Handler, bool]] = [
            ("GET", "/users/@me", self._h_me, True),
            ("GET", "/gateway/bot", self._h_gateway_bot, True),
            ("GET", "/gateway", self._h_gateway, True),
            ("GET", "/oauth2/applications/@me", self._h_application, True),
            ("GET", "/applications/@me", self._h_application, True),
            ("PUT", f"/applications/{app}/commands", self._h_put_commands, True),
            ("GET", f"/applications/{app}/commands", self._h_get_commands, True),
            ("PUT", f"/applications/{app}/guilds/{guild}/commands", self._h_put_commands, True),
            ("GET", f"/applications/{app}/guilds/{guild}/commands", self._h_get_commands, True),
            ("POST", "/interactions/{iid}/{token}/callback", self._h_callback, False),
            ("POST", f"/webhooks/{app}/{{token}}", self._h_webhook_post, False),
            ("GET", hook_msg, self._h_webhook_get, False),
            ("PATCH", hook_msg, self._h_webhook_patch, False),
            ("DELETE", hook_msg, self._h_webhook_delete, False),
            ("GET", f"/channels/{cid}", self._h_get_channel, True),
            ("POST", f"/channels/{cid}/typing", self._h_typing, True),
            ("POST", f"/channels/{cid}/messages", self._h_post_message, True),
            ("GET", f"/channels/{cid}/messages", self._h_list_messages, True),
            ("GET", f"/channels/{cid}/messages/{mid}", self._h_get_message, True),
            ("PATCH", f"/channels/{cid}/messages/{mid}", self._h_patch_message, True),
            ("DELETE", f"/channels/{cid}/messages/{mid}", self._h_delete_message, True),
        ]
        self._routes = [(m, _route_pattern(p), h, auth) for m, p, h, auth in table]

    async def _http_handler(self, request: web.Request) -> web.StreamResponse:
        record = await self._record(request)
        try:
            response = await self._route(request, record)
        except Exception as exc:  # a bug in the fake: answer 503 so discord.py does not retry
            record.error = f"{type(exc).__name__}: {exc}"
            response = _error(503, f"fake discord error: {record.error}")
        record.status = response.status
        if isinstance(response, web.Response) and response.body:
            body = response.body
            if isinstance(body, bytes | bytearray):
                with contextlib.suppress(ValueError):
                    record.response = json.loads(body)
        self.requests.append(record)
        await self._notify()
        return response

    async def _record(self, request: web.Request) -> RecordedRequest:
        path = request.path
        path = path[len(API_PREFIX) :] if path.startswith(API_PREFIX + "/") else path
        record = RecordedRequest(
            method=request.method,
            path=path,
            query=dict(request.query),
            json=None,
            headers=CIMultiDict(request.headers),
        )
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if not hasattr(part, "read"):
                    continue
                if part.name == "payload_json":
                    record.json = json.loads(await part.text())
                elif part.filename is not None:
                    data = bytes(await part.read())
                    record.files.append(
                        UploadedFile(
                            part.name or "", part.filename, part.headers.get("Content-Type"), data
                        )
                    )
                else:
                    record.form[part.name or ""] = await part.text()
        else:
            record.raw_body = await request.read()
            if record.raw_body:
                try:
                    record.json = json.loads(record.raw_body)
                except ValueError:
                    record.json = None
        return record

    async def _route(self, request: web.Request, record: RecordedRequest) -> web.StreamResponse:
        if request.path.startswith(API_PREFIX + "/"):
            for method, pattern, handler, needs_auth in self._routes:
                match = pattern.fullmatch(record.path)
                if match is None or method != record.method:
                    continue
                expected = f"Bot {self.token}"
                if (
                    needs_auth
                    and self.token is not None
                    and record.headers.get("Authorization") != expected
                ):
                    return _error(401, "401: Unauthorized", 0)
                return await handler(request, record, match)
        record.known_route = False
        return _not_found()

    # ------------------------------------------------------------------ validation

    def _check_message(
        self, body: JSON, files: list[UploadedFile], prefix: str = "", *, new: bool = False
    ) -> _FormErrors:
        """Discord's documented limits; ``new`` also rejects an empty message (code 50006)."""
        errors = _FormErrors()
        if not self.validate:
            return errors
        p = prefix
        content = body.get("content")
        errors.max_len(f"{p}content", content, 2000)
        embeds = body.get("embeds") or []
        if len(embeds) > 10:
            errors.add(f"{p}embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
        total = 0
        for i, embed in enumerate(embeds):
            e = f"{p}embeds.{i}."
            errors.max_len(e + "title", embed.get("title"), 256)
            errors.max_len(e + "description", embed.get("description"), 4096)
            errors.max_len(e + "footer.text", (embed.get("footer") or {}).get("text"), 2048)
            errors.max_len(e + "author.name", (embed.get("author") or {}).get("name"), 256)
            fields = embed.get("fields") or []
            if len(fields) > 25:
                errors.add(e + "fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
            for j, fld in enumerate(fields):
                errors.max_len(f"{e}fields.{j}.name", fld.get("name"), 256)
                errors.max_len(f"{e}fields.{j}.value", fld.get("value"), 1024)
                total += len(fld.get("name") or "") + len(fld.get("value") or "")
            total += sum(
                len(x or "")
                for x in (
                    embed.get("title"),
                    embed.get("description"),
                    (embed.get("footer") or {}).get("text"),
                    (embed.get("author") or {}).get("name"),
                )
            )
        if total > 6000:
            errors.add(
                f"{p}embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
            )
        components = body.get("components") or []
        v2 = bool((body.get("flags") or 0) & COMPONENTS_V2)
        if not v2:
            if len(components) > 5:
                errors.add(
                    f"{p}components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length."
                )
            for i, row in enumerate(components):
                inner = row.get("components") or []
                if len(inner) > 5:
                    errors.add(
                        f"{p}components.{i}.components",
                        "BASE_TYPE_MAX_LENGTH",
                        "Must be 5 or fewer in length.",
                    )
                for j, comp in enumerate(inner):
                    c = f"{p}components.{i}.components.{j}."
                    errors.max_len(c + "custom_id", comp.get("custom_id"), 100)
                    errors.max_len(c + "label", comp.get("label"), 80)
        has_body = (
            bool(content)
            or bool(embeds)
            or bool(components)
            or bool(files)
            or bool(body.get("sticker_ids"))
            or bool(body.get("poll"))
        )
        if new and not has_body and not errors.tree:
            errors.tree = {"__empty__": {}}
        return errors

    def _message_error(
        self, body: JSON, files: list[UploadedFile], prefix: str = ""
    ) -> web.Response | None:
        errors = self._check_message(body, files, prefix, new=True)
        if "__empty__" in errors.tree:
            return _error(400, "Cannot send an empty message", 50006)
        return errors.response()

    def _check_commands(self, payload: Any) -> web.Response | None:
        errors = _FormErrors()
        if not isinstance(payload, list):
            errors.add("_root", "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType.")
            return errors.response()
        if not self.validate:
            return None
        seen: set[tuple[str, int]] = set()
        for i, cmd in enumerate(payload):
            ctype = cmd.get("type", 1)
            name = cmd.get("name") or ""
            if (name, ctype) in seen:
                errors.add(f"{i}.name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Duplicate name")
            seen.add((name, ctype))
            if ctype == 1:
                if not _NAME_RE.fullmatch(name) or name != name.lower():
                    errors.add(f"{i}.name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid name")
                desc = cmd.get("description") or ""
                if not 1 <= len(desc) <= 100:
                    errors.add(
                        f"{i}.description", "BASE_TYPE_BAD_LENGTH", "Must be 1-100 in length."
                    )
                self._check_options(errors, f"{i}.options", cmd.get("options") or [])
            elif not 1 <= len(name) <= 32:
                errors.add(
                    f"{i}.name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length."
                )
        return errors.response()

    def _check_options(self, errors: _FormErrors, path: str, options: list[JSON]) -> None:
        if len(options) > 25:
            errors.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        optional_seen = False
        for j, opt in enumerate(options):
            o = f"{path}.{j}"
            name = opt.get("name") or ""
            if not _NAME_RE.fullmatch(name) or name != name.lower():
                errors.add(f"{o}.name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid name")
            if not 1 <= len(opt.get("description") or "") <= 100:
                errors.add(f"{o}.description", "BASE_TYPE_BAD_LENGTH", "Must be 1-100 in length.")
            if len(opt.get("choices") or []) > 25:
                errors.add(f"{o}.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
            if opt.get("type") in (1, 2):
                self._check_options(errors, f"{o}.options", opt.get("options") or [])
            elif opt.get("required"):
                if optional_seen:
                    errors.add(
                        o,
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be first",
                    )
            else:
                optional_seen = True

    def _check_choices(self, data: JSON) -> web.Response | None:
        errors = _FormErrors()
        choices = data.get("choices")
        if not isinstance(choices, list):
            errors.add("data.choices", "BASE_TYPE_REQUIRED", "This field is required")
            return errors.response()
        if not self.validate:
            return None
        if len(choices) > 25:
            errors.add("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        for i, choice in enumerate(choices):
            name = choice.get("name") or ""
            if not 1 <= len(name) <= 100:
                errors.add(
                    f"data.choices.{i}.name", "BASE_TYPE_BAD_LENGTH", "Must be 1-100 in length."
                )
            errors.max_len(f"data.choices.{i}.value", choice.get("value"), 100)
        return errors.response()

    # ------------------------------------------------------------------ messages

    def _assign_component_ids(self, components: list[JSON], counter: itertools.count[int]) -> None:
        for comp in components:
            if "id" not in comp:
                comp["id"] = next(counter)
            self._assign_component_ids(comp.get("components") or [], counter)
            accessory = comp.get("accessory")
            if isinstance(accessory, dict) and "id" not in accessory:
                accessory["id"] = next(counter)

    def _attachments(self, body: JSON, files: list[UploadedFile], keep: list[JSON]) -> list[JSON]:
        described = {str(a.get("id")): a for a in body.get("attachments") or []}
        result = [a for a in keep if str(a["id"]) in described] if "attachments" in body else keep
        for index, upload in enumerate(files):
            meta = described.get(str(index), {})
            att_id = self.snowflake()
            filename = meta.get("filename") or upload.filename or f"file{index}"
            url = f"{self.base_url}/attachments/{att_id}/{filename}"
            result.append(
                {
                    "id": att_id,
                    "filename": filename,
                    "description": meta.get("description"),
                    "content_type": upload.content_type,
                    "size": len(upload.data),
                    "url": url,
                    "proxy_url": url,
                    "flags": 0,
                }
            )
        return result

    def _create_message(
        self,
        channel_id: str,
        body: JSON,
        files: list[UploadedFile],
        *,
        author_id: str | None = None,
        msg_type: int = 0,
        extra_flags: int = 0,
        interaction: _InteractionState | None = None,
        listed: bool = True,
    ) -> JSON:
        flags = (int(body.get("flags") or 0) & SETTABLE_MESSAGE_FLAGS) | extra_flags
        components = copy.deepcopy(body.get("components") or [])
        self._assign_component_ids(components, itertools.count(1))
        msg: JSON = {
            "id": self.snowflake(),
            "type": msg_type,
            "channel_id": channel_id,
            "guild_id": self.guild_id,
            "author": copy.deepcopy(self.users[author_id or self.bot_id]),
            "content": body.get("content") or "",
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self._attachments(body, files, []),
            "embeds": copy.deepcopy(body.get("embeds") or []),
            "components": components,
            "pinned": False,
            "flags": flags,
        }
        if body.get("nonce") is not None:
            msg["nonce"] = body["nonce"]
        if body.get("message_reference"):
            msg["message_reference"] = copy.deepcopy(body["message_reference"])
            msg["type"] = 19
        if interaction is not None:
            sent = interaction.sent
            msg["webhook_id"] = self.application_id
            msg["application_id"] = self.application_id
            msg["interaction_metadata"] = {
                "id": sent.id,
                "type": sent.type,
                "user": copy.deepcopy(self.users[sent.user_id]),
                "authorizing_integration_owners": {"0": self.guild_id},
            }
        self._messages[msg["id"]] = msg
        channel = self.channels.get(channel_id)
        if listed and not flags & EPHEMERAL:
            self._channel_log.setdefault(channel_id, []).append(msg["id"])
            if channel is not None:
                channel["last_message_id"] = msg["id"]
        return msg

    def _edit_message(self, message_id: str, body: JSON, files: list[UploadedFile]) -> JSON:
        msg = self._messages[message_id]
        if "content" in body:
            msg["content"] = body["content"] or ""
        if "embeds" in body:
            msg["embeds"] = copy.deepcopy(body["embeds"] or [])
        if "components" in body:
            components = copy.deepcopy(body["components"] or [])
            self._assign_component_ids(components, itertools.count(1))
            msg["components"] = components
        if "flags" in body and body["flags"] is not None:
            keep = msg["flags"] & (EPHEMERAL | LOADING)
            msg["flags"] = keep | (int(body["flags"]) & SETTABLE_MESSAGE_FLAGS & ~EPHEMERAL)
        if "attachments" in body or files:
            msg["attachments"] = self._attachments(body, files, msg["attachments"])
        msg["edited_timestamp"] = _now_iso()
        return msg

    def _delete_message(self, message_id: str) -> None:
        msg = self._messages.pop(message_id)
        log = self._channel_log.get(msg["channel_id"], [])
        if message_id in log:
            log.remove(message_id)

    # ------------------------------------------------------------------ HTTP handlers

    async def _h_me(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        return _json_response(self.bot_user_payload())

    async def _h_gateway_bot(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        return _json_response(
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14400000,
                    "max_concurrency": 1,
                },
            }
        )

    async def _h_gateway(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        return _json_response({"url": self.gateway_url})

    async def _h_application(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        return _json_response(self.application_payload())

    def _command_scope(self, m: re.Match[str]) -> tuple[str | None, web.Response | None]:
        if m["app"] != self.application_id:
            return None, _error(403, "Missing Access", 50001)
        guild = m.groupdict().get("guild")
        if guild is not None and guild != self.guild_id:
            return None, _error(404, "Unknown Guild", 10004)
        return guild, None

    async def _h_put_commands(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        scope, err = self._command_scope(m)
        if err is not None:
            return err
        if (err := self._check_commands(rec.json)) is not None:
            return err
        stored = []
        for raw in rec.json:
            cmd = copy.deepcopy(raw)
            ctype = cmd.setdefault("type", 1)
            key = (scope, cmd["name"], ctype)
            cmd["id"] = self._command_ids.setdefault(key, self.snowflake())
            cmd["application_id"] = self.application_id
            cmd["version"] = self.snowflake()
            cmd.setdefault("description", "")
            cmd.setdefault("default_member_permissions", None)
            cmd.setdefault("nsfw", False)
            if scope is not None:
                cmd["guild_id"] = scope
            else:
                cmd.setdefault("integration_types", [0])
                cmd.setdefault("contexts", None)
            stored.append(cmd)
        self._commands[scope] = stored
        return _json_response(stored)

    async def _h_get_commands(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        scope, err = self._command_scope(m)
        if err is not None:
            return err
        return _json_response(self._commands.get(scope, []))

    def _interaction_message_body(self, rec: RecordedRequest) -> JSON:
        payload = rec.json if isinstance(rec.json, dict) else {}
        return payload.get("data") or {}

    async def _h_callback(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        state = self._interactions.get(m["token"])
        if state is None or state.sent.id != m["iid"]:
            return _error(404, "Unknown interaction", 10062)
        if state.response_type is not None:
            return _error(400, "Interaction has already been acknowledged.", 40060)
        payload = rec.json if isinstance(rec.json, dict) else {}
        cb_type = payload.get("type")
        data = self._interaction_message_body(rec)
        sent = state.sent
        valid = VALID_CALLBACKS.get(sent.type, frozenset())
        if cb_type not in valid:
            return _error(
                400,
                "Interaction callback type is invalid for this interaction",
                50035,
                {
                    "type": {
                        "_errors": [
                            {
                                "code": "INTERACTION_CALLBACK_TYPE_INVALID",
                                "message": "Invalid callback type",
                            }
                        ]
                    }
                },
            )

        info: JSON = {"id": sent.id, "type": sent.type}
        resource: JSON | None = None
        if cb_type == CB_MESSAGE:
            if (err := self._message_error(data, rec.files, "data.")) is not None:
                return err
            msg_type = 20 if sent.type == APPLICATION_COMMAND else 0
            msg = self._create_message(
                sent.channel_id, data, rec.files, msg_type=msg_type, interaction=state
            )
            state.original_id = msg["id"]
            resource = {"type": cb_type, "message": msg}
            info.update(
                response_message_id=msg["id"],
                response_message_loading=False,
                response_message_ephemeral=bool(msg["flags"] & EPHEMERAL),
            )
        elif cb_type == CB_DEFERRED_MESSAGE:
            flags = int(data.get("flags") or 0) & EPHEMERAL
            msg_type = 20 if sent.type == APPLICATION_COMMAND else 0
            msg = self._create_message(
                sent.channel_id,
                {"flags": flags},
                [],
                msg_type=msg_type,
                extra_flags=LOADING,
                interaction=state,
            )
            state.original_id = msg["id"]
            state.deferred_pending = True
            resource = {"type": cb_type, "message": msg}
            info.update(
                response_message_id=msg["id"],
                response_message_loading=True,
                response_message_ephemeral=bool(flags),
            )
        elif cb_type in (CB_DEFERRED_UPDATE, CB_UPDATE_MESSAGE):
            source = state.source_message_id
            if source is None or source not in self._messages:
                return _error(404, "Unknown Message", 10008)
            if cb_type == CB_UPDATE_MESSAGE:
                if (err := self._check_message(data, rec.files, "data.").response()) is not None:
                    return err
                msg = self._edit_message(source, data, rec.files)
                resource = {"type": cb_type, "message": copy.deepcopy(msg)}
            state.original_id = source
            info.update(response_message_id=source)
        elif cb_type == CB_AUTOCOMPLETE and (err := self._check_choices(data)) is not None:
            return err
        state.response_type = cb_type

        if not _truthy(rec.query.get("with_response")):
            return _no_content()
        body: JSON = {"interaction": info}
        if resource is not None:
            body["resource"] = resource
        return _json_response(body)

    def _webhook_state(
        self, m: re.Match[str]
    ) -> tuple[_InteractionState | None, web.Response | None]:
        state = self._interactions.get(m["token"])
        if m["app"] != self.application_id or state is None:
            return None, _error(404, "Unknown Webhook", 10015)
        return state, None

    def _webhook_target(self, state: _InteractionState, mid: str) -> str | None:
        target = state.original_id if mid == "@original" else mid
        if target is None or target not in self._messages:
            return None
        if target != state.original_id and target not in state.followup_ids:
            return None
        return target

    async def _h_webhook_post(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        state, err = self._webhook_state(m)
        if state is None:
            assert err is not None
            return err
        if state.response_type is None:
            return _error(404, "Unknown Webhook", 10015)
        body = rec.json if isinstance(rec.json, dict) else {}
        if (err := self._message_error(body, rec.files)) is not None:
            return err
        if state.deferred_pending and state.original_id in self._messages:
            # Discord: the first follow-up after a type-5 defer edits the loading message
            # (keeping its ephemeral state) instead of creating a new one.
            state.deferred_pending = False
            msg = self._edit_message(state.original_id, body, rec.files)
            msg["flags"] &= ~LOADING
            msg["edited_timestamp"] = None
        else:
            msg = self._create_message(state.sent.channel_id, body, rec.files, interaction=state)
            state.followup_ids.append(msg["id"])
        if not _truthy(rec.query.get("wait")):
            return _no_content()
        return _json_response(msg)

    async def _h_webhook_get(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        state, err = self._webhook_state(m)
        if state is None:
            assert err is not None
            return err
        target = self._webhook_target(state, m["mid"])
        if target is None:
            return _error(404, "Unknown Message", 10008)
        return _json_response(self._messages[target])

    async def _h_webhook_patch(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        state, err = self._webhook_state(m)
        if state is None:
            assert err is not None
            return err
        target = self._webhook_target(state, m["mid"])
        if target is None:
            return _error(404, "Unknown Message", 10008)
        body = rec.json if isinstance(rec.json, dict) else {}
        if (err := self._check_message(body, rec.files).response()) is not None:
            return err
        msg = self._edit_message(target, body, rec.files)
        if target == state.original_id and state.deferred_pending:
            state.deferred_pending = False
            msg["flags"] &= ~LOADING
        return _json_response(msg)

    async def _h_webhook_delete(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        state, err = self._webhook_state(m)
        if state is None:
            assert err is not None
            return err
        target = self._webhook_target(state, m["mid"])
        if target is None:
            return _error(404, "Unknown Message", 10008)
        self._delete_message(target)
        return _no_content()

    def _channel_or_404(self, m: re.Match[str]) -> tuple[str, web.Response | None]:
        cid = m["cid"]
        if cid not in self.channels:
            return cid, _error(404, "Unknown Channel", 10003)
        return cid, None

    async def _h_get_channel(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        cid, err = self._channel_or_404(m)
        return err or _json_response(self.channels[cid])

    async def _h_typing(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        _, err = self._channel_or_404(m)
        return err or _no_content()

    async def _h_post_message(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        cid, err = self._channel_or_404(m)
        if err is not None:
            return err
        body = rec.json if isinstance(rec.json, dict) else {}
        if (err := self._message_error(body, rec.files)) is not None:
            return err
        return _json_response(self._create_message(cid, body, rec.files))

    async def _h_list_messages(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        cid, err = self._channel_or_404(m)
        if err is not None:
            return err
        try:
            limit = int(rec.query.get("limit", "50"))
        except ValueError:
            limit = 50
        if not 1 <= limit <= 100:
            errors = _FormErrors()
            errors.add(
                "limit",
                "NUMBER_TYPE_MAX" if limit > 100 else "NUMBER_TYPE_MIN",
                "int value should be between 1 and 100",
            )
            return errors.response() or _not_found()
        messages = self.channel_messages(cid)  # oldest first
        if "before" in rec.query:
            messages = [x for x in messages if int(x["id"]) < int(rec.query["before"])]
        if "after" in rec.query:
            messages = [x for x in messages if int(x["id"]) > int(rec.query["after"])]
            messages = messages[:limit]
        messages = list(reversed(messages))[:limit]  # newest first, like Discord
        return _json_response(messages)

    def _channel_message(self, m: re.Match[str]) -> tuple[str, web.Response | None]:
        cid, err = self._channel_or_404(m)
        if err is not None:
            return "", err
        msg = self._messages.get(m["mid"])
        if msg is None or msg["channel_id"] != cid or msg["flags"] & EPHEMERAL:
            return "", _error(404, "Unknown Message", 10008)
        return m["mid"], None

    async def _h_get_message(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        mid, err = self._channel_message(m)
        return err or _json_response(self._messages[mid])

    async def _h_patch_message(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        mid, err = self._channel_message(m)
        if err is not None:
            return err
        if self._messages[mid]["author"]["id"] != self.bot_id:
            return _error(403, "Cannot edit a message authored by another user", 50005)
        body = rec.json if isinstance(rec.json, dict) else {}
        if (err := self._check_message(body, rec.files).response()) is not None:
            return err
        return _json_response(self._edit_message(mid, body, rec.files))

    async def _h_delete_message(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> web.Response:
        mid, err = self._channel_message(m)
        if err is not None:
            return err
        self._delete_message(mid)
        return _no_content()

    # ------------------------------------------------------------------ test conveniences

    def post_user_message(
        self, content: str, *, channel_id: str | None = None, user_id: str | None = None
    ) -> JSON:
        """Store a message by a (human) user, as if posted in the channel. Not dispatched."""
        user_id = str(user_id or self.member_id)
        self._user(user_id)
        return copy.deepcopy(
            self._create_message(
                str(channel_id or self.channel_id), {"content": content}, [], author_id=user_id
            )
        )

    def token_leaks(self, secret: str) -> list[RecordedRequest]:
        """Requests carrying ``secret`` anywhere except the Authorization header."""
        leaks = []
        for r in self.requests:
            other_headers = [v for k, v in r.headers.items() if k.lower() != "authorization"]
            haystack = [
                r.path,
                *r.query.values(),
                json.dumps(r.json),
                *other_headers,
                *r.form.values(),
            ]
            if any(secret in h for h in haystack) or secret.encode() in r.raw_body:
                leaks.append(r)
        return leaks
