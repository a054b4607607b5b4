"""A loopback fake of Slack's Web API, response_url endpoints and Socket Mode.

The fake is an aiohttp server bound to 127.0.0.1 (port 0). The real slack_sdk / slack_bolt
clients talk to it once pointed at it::

    client = AsyncWebClient(token=fake.bot_token, base_url=fake.api_base)
    app = AsyncApp(client=client, signing_secret="...")         # token comes from the client
    handler = AsyncSocketModeHandler(app, fake.app_token)      # uses app.client for
    await handler.connect_async()                              # apps.connections.open

``apps.connections.open`` hands out ``ws://127.0.0.1:PORT/socket-mode?...``, so Socket Mode needs
no other knob. Bolt's ``respond()`` posts to whatever ``response_url`` the payload carries: build
payloads with :meth:`FakeSlack.slash_command_form` / :meth:`FakeSlack.block_action_payload` (or
put :meth:`FakeSlack.response_url` in them) and those POSTs land here too.

Shapes follow slack_sdk 3.48 / slack_bolt 1.30 sources (web/async_internal_utils.py,
http_retry/, socket_mode/aiohttp/, adapter/socket_mode/async_internals.py, context/respond/):

* Web API: ``POST|GET /api/<method>``; arguments may come in the query string (slack_sdk's
  ``params=``, used by ``auth.test``, ``users.info``, ``conversations.history``,
  ``apps.connections.open``), a form body or a JSON body; they are merged. The token is read
  from ``Authorization: Bearer`` (or a ``token`` argument, which Slack also accepts, except for
  ``apps.connections.open``). Answers are HTTP 200 ``{"ok": ...}``; only :meth:`rate_limit`
  answers 429 with ``Retry-After``.
* response_url: ``POST /response/<id>`` with a JSON body. Success is HTTP 200 ``{"ok": true}``;
  a rejected payload is HTTP 400 ``{"ok": false, "error": ...}``; an unknown id is HTTP 404
  ``expired_url``. (slack_bolt's ``respond()`` never raises on these: it returns a
  ``WebhookResponse`` whose ``status_code`` the caller has to check.)
* Socket Mode: ``/socket-mode``; the server sends ``hello`` first, envelopes later, and records
  the ``{"envelope_id", "payload"?}`` acks the client sends back. PING frames are answered with
  a PONG echoing the data (the SDK's ``sdk-ping-pong:<time>`` stale-connection check needs it).

Everything the clients send is recorded (:class:`RecordedRequest`, :attr:`FakeSlack.acks`);
tests wait with :meth:`FakeSlack.wait_for` and friends, which wake on every new request, ack
or connection change, instead of sleeping. Close the Socket Mode handler before stopping the
fake, or slack_sdk will keep trying to reconnect to a closed port.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import hashlib
import hmac
import itertools
import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Self
from urllib.parse import parse_qsl, urlencode, urlsplit

from aiohttp import WSMsgType, web
from multidict import CIMultiDict

JSON = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_MARKDOWN_BLOCK_TEXT = 12000
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_BLOCK_ID = 255
MAX_MESSAGE_TEXT = 40000
DEFAULT_HISTORY_LIMIT = 100
MAX_HISTORY_LIMIT = 999

DEFAULT_SCOPES = "chat:write,commands,users:read,channels:history,groups:history,im:history"

_FORM = "application/x-www-form-urlencoded"
_INVALID_JSON = object()  # RecordedRequest.body of a JSON body that does not parse


# ---------------------------------------------------------------------- module helpers


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


# ---------------------------------------------------------------------- records


@dataclass
class RecordedRequest:
    """One HTTP request (or unexpected Socket Mode frame) the clients sent, with the answer."""

    kind: str  # "api", "response" (a response_url POST), "socket" or "other"
    method: str  # API method ("chat.postMessage"), the response id, or the path
    http_method: str
    path: str
    headers: CIMultiDict[str]
    query: dict[str, str]
    body: Any  # parsed body: JSON value, form fields as a dict, or None
    params: JSON  # query + body arguments merged (what the API method sees)
    raw_body: bytes = b""
    token: str | None = None
    token_source: str | None = None  # "header", "body", "query" or None
    status: int = 0
    response: Any = None
    known: bool = True

    @property
    def ok(self) -> bool:
        return isinstance(self.response, dict) and bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        return self.response.get("error") if isinstance(self.response, dict) else None

    def __repr__(self) -> str:
        tail = "ok" if self.ok else self.error
        return f"<RecordedRequest {self.kind} {self.method} -> {self.status} {tail}>"


@dataclass
class ResponseUrl:
    """A response_url the fake issued, and what was posted to it."""

    id: str
    url: str
    channel_id: str | None = None
    user_id: str | None = None
    message_ts: str | None = None  # the message an interaction came from
    payloads: list[JSON] = field(default_factory=list)  # accepted POST bodies, in order


@dataclass
class _Socket:
    id: int
    ws: web.WebSocketResponse
    query: dict[str, str]
    ready: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class _Fault:
    def __init__(self, times: int, **info: Any) -> None:
        self.left = times
        self.info = info


class SlackError(Exception):
    """Raised inside a method handler to answer ``{"ok": false, "error": code, **extra}``."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.extra = extra


# ---------------------------------------------------------------------- validation


def _text_object_errors(
    obj: Any, where: str, *, max_len: int, plain_only: bool = False
) -> list[str]:
    if not isinstance(obj, dict):
        return [f"must be a text object [json-pointer:{where}]"]
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    errors = []
    if obj.get("type") not in allowed:
        errors.append(f"must be one of {list(allowed)} [json-pointer:{where}/type]")
    text = obj.get("text")
    if not isinstance(text, str):
        errors.append(f"missing required field: text [json-pointer:{where}]")
    elif not text:
        errors.append(f"must be more than 0 characters [json-pointer:{where}/text]")
    elif len(text) > max_len:
        errors.append(f"must be less than {max_len + 1} characters [json-pointer:{where}/text]")
    return errors


def block_errors(blocks: Any) -> list[str]:
    """Slack's Block Kit checks the fake enforces (empty list: the blocks are accepted).

    Enforced: a list of at most 50 objects with a string ``type``; ``block_id`` a string of at
    most 255 characters, unique in the message; section ``text`` 1-3000 characters, at most 10
    ``fields`` of at most 2000; section needs text or fields; header plain_text 1-150; markdown
    block text at most 12000; context 1-10 elements; actions 1-25 elements. Other block types
    and element contents are accepted as they are.
    """
    if not isinstance(blocks, list):
        return ["must be an array [json-pointer:/blocks]"]
    errors: list[str] = []
    if len(blocks) > MAX_BLOCKS:
        errors.append(f"no more than {MAX_BLOCKS} items allowed [json-pointer:/blocks]")
    seen_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"/blocks/{i}"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            errors.append(f"missing required field: type [json-pointer:{where}]")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not block_id or len(block_id) > MAX_BLOCK_ID:
                errors.append(f"invalid block_id [json-pointer:{where}/block_id]")
            elif block_id in seen_ids:
                errors.append(f"duplicate block_id {block_id!r} [json-pointer:{where}/block_id]")
            else:
                seen_ids.add(block_id)
        kind = block["type"]
        if kind == "section":
            has_text = "text" in block and block["text"] is not None
            fields = block.get("fields")
            if not has_text and not fields:
                errors.append(f"must provide text or fields [json-pointer:{where}]")
            if has_text:
                errors += _text_object_errors(
                    block["text"], f"{where}/text", max_len=MAX_SECTION_TEXT
                )
            if fields is not None:
                if not isinstance(fields, list) or len(fields) > MAX_SECTION_FIELDS:
                    errors.append(
                        f"no more than {MAX_SECTION_FIELDS} items allowed "
                        f"[json-pointer:{where}/fields]"
                    )
                else:
                    for j, item in enumerate(fields):
                        errors += _text_object_errors(
                            item, f"{where}/fields/{j}", max_len=MAX_FIELD_TEXT
                        )
        elif kind == "header":
            errors += _text_object_errors(
                block.get("text"), f"{where}/text", max_len=MAX_HEADER_TEXT, plain_only=True
            )
        elif kind == "markdown":
            text = block.get("text")
            if not isinstance(text, str) or not text or len(text) > MAX_MARKDOWN_BLOCK_TEXT:
                errors.append(f"invalid markdown text [json-pointer:{where}/text]")
        elif kind in ("context", "actions"):
            limit = MAX_CONTEXT_ELEMENTS if kind == "context" else MAX_ACTIONS_ELEMENTS
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements or len(elements) > limit:
                errors.append(
                    f"must have between 1 and {limit} items [json-pointer:{where}/elements]"
                )
    return errors


def _message_content_error(
    text: Any, blocks: Any, attachments: Any, markdown_text: Any = None
) -> SlackError | None:
    """The error Slack gives for a message's text/blocks, or None if it is accepted."""
    if blocks is not None:
        errors = block_errors(blocks)
        if errors:
            return SlackError(
                "invalid_blocks", errors=errors, response_metadata={"messages": errors}
            )
    if text is not None and not isinstance(text, str):
        text = str(text)
    if text is not None and len(text) > MAX_MESSAGE_TEXT:
        return SlackError("msg_too_long")
    has_content = bool(text) or bool(blocks) or bool(attachments) or bool(markdown_text)
    if not has_content:
        return SlackError("no_text")
    return None


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


# ---------------------------------------------------------------------- the fake


class FakeSlack:
    """Loopback Slack: Web API methods, response_url endpoints and a Socket Mode server."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-fake-bot-token",
        app_token: str = "xapp-fake-app-token",
        team_id: str = "T0FAKE0001",
        team_domain: str = "fake-team",
        enterprise_id: str | None = None,
        app_id: str = "A0FAKE0001",
        bot_id: str = "B0FAKE0001",
        bot_user_id: str = "U0FAKEBOT1",
        bot_name: str = "briefing",
        admin_user_id: str = "U0ADMIN001",
        admin_name: str = "alice",
        member_user_id: str = "U0MEMBER01",
        member_name: str = "bob",
        users: Mapping[str, Mapping[str, Any]] | None = None,
        verification_token: str = "fake-verification-token",
        scopes: str = DEFAULT_SCOPES,
    ) -> None:
        """``users`` adds users or overrides fields of the default ones, keyed by user id,
        e.g. ``{fake_admin_id: {"is_admin": False}}`` or ``{"U0X": {"name": "carol"}}``."""
        self.bot_token = bot_token
        self.app_token = app_token
        self.team_id = team_id
        self.team_domain = team_domain
        self.enterprise_id = enterprise_id
        self.app_id = app_id
        self.bot_id = bot_id
        self.bot_user_id = bot_user_id
        self.bot_name = bot_name
        self.admin_user_id = admin_user_id
        self.member_user_id = member_user_id
        self.verification_token = verification_token
        self.scopes = scopes

        self.users: dict[str, JSON] = {}
        self.add_user(bot_user_id, bot_name, is_bot=True)
        self.add_user(admin_user_id, admin_name, is_admin=True, is_owner=True)
        self.add_user(member_user_id, member_name)
        for user_id, fields in (users or {}).items():
            if user_id in self.users:
                self.users[user_id].update(copy.deepcopy(dict(fields)))
            else:
                extra = dict(fields)
                self.add_user(user_id, extra.pop("name", None), **extra)

        self.requests: list[RecordedRequest] = []
        self.acks: dict[str, JSON] = {}  # envelope_id -> the ack frame
        self.envelopes: dict[str, JSON] = {}  # envelope_id -> the envelope sent
        self.socket_frames: list[JSON] = []  # every text frame a client sent, parsed
        self.pings = 0  # PING frames answered
        self.socket_connections = 0  # WebSocket connections ever accepted

        self._channels: dict[str, list[JSON]] = {}  # oldest first
        self._ephemerals: dict[str, list[JSON]] = {}
        self._response_urls: dict[str, ResponseUrl] = {}
        self._rate_limits: dict[str, list[_Fault]] = {}
        self._failures: dict[str, list[_Fault]] = {}
        self._sockets: list[_Socket] = []
        self._socket_ids = itertools.count(1)
        self._trigger_ids = itertools.count(1)
        self._last_ts = 0
        self._cond: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

        self._methods: dict[str, tuple[Callable[[RecordedRequest], JSON], str]] = {
            "api.test": (self._api_test, "none"),
            "auth.test": (self._auth_test, "bot"),
            "apps.connections.open": (self._apps_connections_open, "app"),
            "chat.postMessage": (self._chat_post_message, "bot"),
            "chat.update": (self._chat_update, "bot"),
            "chat.delete": (self._chat_delete, "bot"),
            "chat.postEphemeral": (self._chat_post_ephemeral, "bot"),
            "users.info": (self._users_info, "bot"),
            "conversations.history": (self._conversations_history, "bot"),
            "conversations.replies": (self._conversations_replies, "bot"),
            "files.getUploadURLExternal": (self._files_get_upload_url, "bot"),
            "files.completeUploadExternal": (self._files_complete_upload, "bot"),
        }
        # file id -> {"filename", "length", "data", "title", "channel"}
        self.files: dict[str, JSON] = {}

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> Self:
        """Bind 127.0.0.1 on a free port and start serving."""
        if self._runner is not None:
            return self
        self._cond = asyncio.Condition()
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_get("/socket-mode", self._socket_handler)
        app.router.add_route("*", "/api/{method}", self._api_handler)
        app.router.add_route("*", "/response/{rid}", self._response_handler)
        app.router.add_post("/upload/{file_id}", self._upload_handler)
        app.router.add_route("*", "/{tail:.*}", self._other_handler)
        self._runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        """Close every Socket Mode connection (code 1001) and shut the server down."""
        for sock in list(self._sockets):
            with contextlib.suppress(Exception):
                await sock.ws.close(code=1001, message=b"fake stopping")
        self._sockets.clear()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self._notify()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``"""
        if self._port is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def api_base(self) -> str:
        """Value for ``AsyncWebClient(base_url=...)``: ``http://127.0.0.1:PORT/api/``."""
        return self.base_url + "/api/"

    @property
    def socket_mode_url(self) -> str:
        """The WebSocket URL ``apps.connections.open`` hands out (without its query)."""
        return f"ws://127.0.0.1:{self._port}/socket-mode"

    # ------------------------------------------------------------------ state setup

    def add_user(
        self,
        user_id: str,
        name: str | None = None,
        *,
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
        **fields: Any,
    ) -> JSON:
        """Add (or replace) a user as ``users.info`` returns it; extra ``fields`` are merged."""
        name = name or user_id.lower()
        real_name = fields.pop("real_name", name.title())
        user: JSON = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "deleted": False,
            "real_name": real_name,
            "tz": "Europe/London",
            "tz_label": "Greenwich Mean Time",
            "tz_offset": 0,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": is_bot,
            "is_app_user": False,
            "updated": 1700000000,
            "profile": {
                "real_name": real_name,
                "display_name": name,
                "real_name_normalized": real_name,
                "display_name_normalized": name,
                "team": self.team_id,
            },
        }
        if is_bot:
            user["profile"]["bot_id"] = self.bot_id
            user["profile"]["api_app_id"] = self.app_id
        profile = fields.pop("profile", None)
        user.update(fields)
        if profile:
            user["profile"].update(profile)
        self.users[user_id] = user
        return user

    def add_message(
        self,
        channel: str,
        text: str = "",
        *,
        user: str | None = None,
        blocks: list[JSON] | None = None,
        thread_ts: str | None = None,
        ts: str | None = None,
        **fields: Any,
    ) -> JSON:
        """Put a message in a channel's history as if someone posted it (default: the member)."""
        message: JSON = {
            "type": "message",
            "user": user or self.member_user_id,
            "text": text,
            "ts": ts or self._next_ts(),
            "team": self.team_id,
        }
        if blocks is not None:
            message["blocks"] = copy.deepcopy(blocks)
        if thread_ts is not None:
            message["thread_ts"] = thread_ts
        message.update(fields)
        self._store(channel, message)
        return copy.deepcopy(message)

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer HTTP 429, ``Retry-After: retry_after``.

        The 429 body is ``{"ok": false, "error": "ratelimited"}``; nothing is stored.
        """
        self._rate_limits.setdefault(method, []).append(
            _Fault(times, retry_after=max(0, int(retry_after)))
        )

    def fail(self, method: str, error: str = "internal_error", times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer HTTP 200 ``{"ok": false, "error"}``."""
        self._failures.setdefault(method, []).append(_Fault(times, error=error))

    # ------------------------------------------------------------------ inspection

    def calls(self, method: str | None = None) -> list[RecordedRequest]:
        """Recorded Web API requests (all of them, or of one method), including failed ones."""
        return [
            r for r in self.requests if r.kind == "api" and (method is None or r.method == method)
        ]

    @property
    def unexpected(self) -> list[RecordedRequest]:
        """Requests the fake does not implement: unknown methods, paths, ids or socket frames."""
        return [r for r in self.requests if not r.known]

    def messages(self, channel: str) -> list[JSON]:
        """Messages in a channel, oldest first (thread replies included), as copies."""
        return copy.deepcopy(self._channels.get(channel, []))

    def message(self, channel: str, ts: str) -> JSON | None:
        found = self._find_message(channel, ts)
        return copy.deepcopy(found) if found is not None else None

    def ephemerals(self, channel: str) -> list[JSON]:
        """Ephemeral messages (chat.postEphemeral, ephemeral responses), oldest first."""
        return copy.deepcopy(self._ephemerals.get(channel, []))

    def response_url(
        self,
        channel_id: str | None = None,
        user_id: str | None = None,
        message_ts: str | None = None,
    ) -> str:
        """A fresh response_url on the fake.

        With ``channel_id`` the posted responses have Slack's effects: ``in_channel`` posts a
        message, ``replace_original`` / ``delete_original`` edit or delete the message at
        ``message_ts``, anything else becomes an ephemeral message for ``user_id``.
        """
        rid = uuid.uuid4().hex
        url = f"{self.base_url}/response/{rid}"
        self._response_urls[rid] = ResponseUrl(rid, url, channel_id, user_id, message_ts)
        return url

    @staticmethod
    def response_id(url: str) -> str:
        """The id part of a response_url issued by :meth:`response_url`."""
        return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]

    def responses(self, response_id: str) -> list[JSON]:
        """Payloads accepted at a response_url (by id), in order."""
        entry = self._response_urls.get(response_id)
        return copy.deepcopy(entry.payloads) if entry is not None else []

    def responses_for(self, url: str) -> list[JSON]:
        """Payloads accepted at a response_url (by URL), in order."""
        return self.responses(self.response_id(url))

    @property
    def connected(self) -> bool:
        """True while a Socket Mode client is connected (and was sent ``hello``)."""
        return any(s.ready and not s.ws.closed for s in self._sockets)

    # ------------------------------------------------------------------ waiting

    async def _notify(self) -> None:
        if self._cond is None:
            return
        async with self._cond:
            self._cond.notify_all()

    async def _wait(self, find: Callable[[], Any], timeout: float, what: str) -> Any:
        if self._cond is None:
            raise RuntimeError("FakeSlack is not started")
        try:
            async with asyncio.timeout(timeout), self._cond:
                return await self._cond.wait_for(find)
        except TimeoutError:
            seen = ", ".join(f"{r.method}->{r.status}" for r in self.requests[-12:])
            raise TimeoutError(
                f"timed out after {timeout}s waiting for {what}; last requests: [{seen}]; "
                f"acks: {list(self.acks)[-5:]}"
            ) from None

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until ``predicate()`` is truthy and return its value.

        It is re-evaluated on every new request, response POST, ack and connection change.
        """
        return await self._wait(predicate, timeout, getattr(predicate, "__name__", "predicate"))

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        *,
        count: int = 1,
        timeout: float = 10.0,
    ) -> list[RecordedRequest]:
        """Wait until ``count`` calls of ``method`` (matching ``predicate``) were recorded."""

        def find() -> list[RecordedRequest] | None:
            found = [r for r in self.calls(method) if predicate is None or predicate(r)]
            return found if len(found) >= count else None

        return await self._wait(find, timeout, f"{count} call(s) of {method}")

    async def wait_for_response(
        self, url_or_id: str, count: int = 1, timeout: float = 10.0
    ) -> list[JSON]:
        """Wait until ``count`` payloads were accepted at a response_url; return them all."""
        rid = self.response_id(url_or_id) if "/" in url_or_id else url_or_id

        def find() -> list[JSON] | None:
            found = self.responses(rid)
            return found if len(found) >= count else None

        return await self._wait(find, timeout, f"{count} response(s) at {rid}")

    async def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> JSON:
        """Wait for the Socket Mode ack of an envelope: ``{"envelope_id", "payload"?}``."""
        return await self._wait(
            lambda: self.acks.get(envelope_id), timeout, f"the ack of envelope {envelope_id}"
        )

    async def wait_for_socket(self, timeout: float = 10.0) -> None:
        """Wait until a Socket Mode client is connected and was sent ``hello``."""
        await self._wait(lambda: self.connected, timeout, "a Socket Mode connection")

    # ------------------------------------------------------------------ payload builders

    def _user_name(self, user_id: str) -> str:
        user = self.users.get(user_id)
        return user["name"] if user else user_id.lower()

    def _trigger_id(self) -> str:
        n = next(self._trigger_ids)
        return f"{n}.{ts_key(self._next_ts()) // 1_000_000}.{uuid.uuid4().hex[:32]}"

    def slash_command_form(
        self,
        command: str,
        text: str = "",
        user_id: str | None = None,
        channel_id: str = "C0FAKE0001",
        response_url: str | None = None,
        *,
        channel_name: str = "general",
    ) -> dict[str, str]:
        """The form fields Slack POSTs for a slash command (also the Socket Mode payload).

        Without ``response_url`` a fresh one on the fake is issued for this channel and user.
        """
        user_id = user_id or self.member_user_id
        if response_url is None:
            response_url = self.response_url(channel_id=channel_id, user_id=user_id)
        fields = {
            "token": self.verification_token,
            "team_id": self.team_id,
            "team_domain": self.team_domain,
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": self._user_name(user_id),
            "command": command if command.startswith("/") else f"/{command}",
            "text": text,
            "api_app_id": self.app_id,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": self._trigger_id(),
        }
        if self.enterprise_id is not None:
            fields["enterprise_id"] = self.enterprise_id
        return fields

    def block_action_payload(
        self,
        action_id: str,
        value: str | None = None,
        user_id: str | None = None,
        channel_id: str = "C0FAKE0001",
        message_ts: str | None = None,
        response_url: str | None = None,
        block_id: str = "actions",
        *,
        action_type: str = "button",
        channel_name: str = "general",
        is_ephemeral: bool = False,
    ) -> JSON:
        """The ``block_actions`` payload Slack sends when a button is clicked on a message.

        The message is the stored one at (``channel_id``, ``message_ts``) when it exists.
        Without ``response_url`` a fresh one bound to that message is issued. For HTTP mode
        POST it as the form field ``payload`` (JSON); in Socket Mode send it as an
        ``interactive`` envelope.
        """
        user_id = user_id or self.member_user_id
        message_ts = message_ts or self._next_ts()
        if response_url is None:
            response_url = self.response_url(
                channel_id=channel_id, user_id=user_id, message_ts=message_ts
            )
        stored = self._find_message(channel_id, message_ts)
        message = (
            copy.deepcopy(stored)
            if stored is not None
            else {
                "type": "message",
                "user": self.bot_user_id,
                "bot_id": self.bot_id,
                "app_id": self.app_id,
                "text": "",
                "ts": message_ts,
                "team": self.team_id,
            }
        )
        action: JSON = {
            "action_id": action_id,
            "block_id": block_id,
            "type": action_type,
            "action_ts": self._next_ts(),
        }
        if action_type == "button":
            action["text"] = {"type": "plain_text", "text": action_id, "emoji": True}
        if value is not None:
            action["value"] = value
        payload: JSON = {
            "type": "block_actions",
            "user": {
                "id": user_id,
                "username": self._user_name(user_id),
                "name": self._user_name(user_id),
                "team_id": self.team_id,
            },
            "api_app_id": self.app_id,
            "token": self.verification_token,
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel_id,
                "is_ephemeral": is_ephemeral,
            },
            "trigger_id": self._trigger_id(),
            "team": {"id": self.team_id, "domain": self.team_domain},
            "enterprise": (
                {"id": self.enterprise_id, "name": "fake-enterprise"}
                if self.enterprise_id
                else None
            ),
            "is_enterprise_install": False,
            "channel": {"id": channel_id, "name": channel_name},
            "message": message,
            "state": {"values": {}},
            "response_url": response_url,
            "actions": [action],
        }
        return payload

    def event_payload(self, event: JSON, *, event_id: str | None = None) -> JSON:
        """An Events API ``event_callback`` body wrapping ``event`` (for ``events_api``)."""
        return {
            "token": self.verification_token,
            "team_id": self.team_id,
            "enterprise_id": self.enterprise_id,
            "api_app_id": self.app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": self.enterprise_id,
                    "team_id": self.team_id,
                    "user_id": self.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-{uuid.uuid4().hex}",
        }

    # ------------------------------------------------------------------ Socket Mode

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
        sock = await self._wait(self._active_socket, timeout, "a Socket Mode connection")
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
        sock = await self._wait(self._active_socket, timeout, "a Socket Mode connection")
        frame = {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}}
        async with sock.lock:
            await sock.ws.send_str(json.dumps(frame))

    def _active_socket(self) -> _Socket | None:
        live = [s for s in self._sockets if s.ready and not s.ws.closed]
        return live[-1] if live else None

    async def _socket_handler(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=False, max_msg_size=0)
        await ws.prepare(request)
        sock = _Socket(next(self._socket_ids), ws, dict(request.query))
        self._sockets.append(sock)
        self.socket_connections += 1
        try:
            hello = {
                "type": "hello",
                "num_connections": sum(1 for s in self._sockets if not s.ws.closed),
                "debug_info": {
                    "host": "applink-fake",
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": self.app_id},
            }
            async with sock.lock:
                await ws.send_str(json.dumps(hello))
            sock.ready = True
            await self._notify()
            async for msg in ws:
                if msg.type is WSMsgType.PING:
                    async with sock.lock:
                        await ws.pong(msg.data)
                    self.pings += 1
                    await self._notify()
                elif msg.type is WSMsgType.TEXT:
                    await self._on_socket_text(sock, msg.data)
                elif msg.type is WSMsgType.ERROR:
                    break
        finally:
            if sock in self._sockets:
                self._sockets.remove(sock)
            await self._notify()
        return ws

    async def _on_socket_text(self, sock: _Socket, data: str) -> None:
        try:
            frame = json.loads(data)
        except ValueError:
            frame = None
        if isinstance(frame, dict):
            self.socket_frames.append(frame)
        envelope_id = frame.get("envelope_id") if isinstance(frame, dict) else None
        if isinstance(envelope_id, str) and envelope_id in self.envelopes:
            self.acks[envelope_id] = frame  # type: ignore[assignment]
        else:
            self.requests.append(
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
        await self._notify()

    # ------------------------------------------------------------------ HTTP plumbing

    async def _read(self, request: web.Request, kind: str, method: str) -> RecordedRequest:
        query = dict(request.query)
        raw = b""
        body: Any = None
        ctype = request.content_type
        if ctype.startswith("multipart/"):
            posted = await request.post()
            body = {
                k: (v if isinstance(v, str) else f"<file {getattr(v, 'filename', '?')}>")
                for k, v in posted.items()
            }
        else:
            raw = await request.read()
            if ctype == "application/json" or (raw[:1] == b"{" and ctype != _FORM):
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = _INVALID_JSON
            elif raw and kind != "upload":  # an upload's body is the file's bytes
                body = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        params: JSON = dict(query)
        if isinstance(body, dict):
            params.update(body)
        token, source = None, None
        auth = request.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            token, source = auth[7:].strip(), "header"
        elif isinstance(body, dict) and isinstance(body.get("token"), str):
            token, source = body["token"], "body"
        elif "token" in query:
            token, source = query["token"], "query"
        return RecordedRequest(
            kind=kind,
            method=method,
            http_method=request.method,
            path=request.path,
            headers=CIMultiDict(request.headers),
            query=query,
            body=body,
            params=params,
            raw_body=raw,
            token=token,
            token_source=source,
        )

    def _record(self, rec: RecordedRequest, status: int, response: Any) -> None:
        rec.status, rec.response = status, response
        self.requests.append(rec)

    async def _api_handler(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        rec = await self._read(request, "api", method)
        status, headers, body = self._dispatch(rec)
        self._record(rec, status, body)
        await self._notify()
        return web.json_response(body, status=status, headers=headers)

    def _take(self, faults: dict[str, list[_Fault]], method: str) -> _Fault | None:
        queue = faults.get(method)
        while queue:
            fault = queue[0]
            if fault.left <= 0:
                queue.pop(0)
                continue
            fault.left -= 1
            return fault
        return None

    def _dispatch(self, rec: RecordedRequest) -> tuple[int, dict[str, str], JSON]:
        headers = {"x-oauth-scopes": self.scopes, "x-slack-req-id": uuid.uuid4().hex}
        limited = self._take(self._rate_limits, rec.method)
        if limited is not None:
            headers["Retry-After"] = str(limited.info["retry_after"])
            return 429, headers, {"ok": False, "error": "ratelimited"}
        failure = self._take(self._failures, rec.method)
        if failure is not None:
            return 200, headers, {"ok": False, "error": failure.info["error"]}
        entry = self._methods.get(rec.method)
        if entry is None:
            rec.known = False
            return 200, headers, {"ok": False, "error": "unknown_method"}
        handler, token_kind = entry
        if rec.body is _INVALID_JSON:
            return 200, headers, {"ok": False, "error": "invalid_json"}
        try:
            self._check_token(rec, token_kind)
            result = handler(rec)
        except SlackError as e:
            return 200, headers, {"ok": False, "error": e.code, **e.extra}
        return 200, headers, {"ok": True, **result}

    def _check_token(self, rec: RecordedRequest, kind: str) -> None:
        if kind == "none":
            return
        if kind == "app" and rec.token_source not in (None, "header"):
            raise SlackError("not_authed")  # Slack wants the app token in the header only
        if not rec.token:
            raise SlackError("not_authed")
        if rec.token == self.bot_token:
            if kind == "app":
                raise SlackError("not_allowed_token_type")
            return
        if rec.token == self.app_token:
            if kind != "app":
                raise SlackError("not_allowed_token_type")
            return
        raise SlackError("invalid_auth")

    async def _other_handler(self, request: web.Request) -> web.StreamResponse:
        rec = await self._read(request, "other", request.path)
        rec.known = False
        self._record(rec, 404, {"ok": False, "error": "not_found"})
        await self._notify()
        return web.json_response({"ok": False, "error": "not_found"}, status=404)

    # ------------------------------------------------------------------ message store

    def _next_ts(self) -> str:
        now = int(time.time() * 1_000_000)
        self._last_ts = max(now, self._last_ts + 1)
        return f"{self._last_ts // 1_000_000}.{self._last_ts % 1_000_000:06d}"

    def _store(self, channel: str, message: JSON) -> None:
        messages = self._channels.setdefault(channel, [])
        messages.append(message)
        messages.sort(key=lambda m: ts_key(m["ts"]))
        thread_ts = message.get("thread_ts")
        if thread_ts and thread_ts != message["ts"]:
            parent = self._find_message(channel, thread_ts)
            if parent is not None:
                parent["thread_ts"] = thread_ts
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                parent["latest_reply"] = message["ts"]
                users = parent.setdefault("reply_users", [])
                author = message.get("user")
                if author and author not in users:
                    users.append(author)

    def _find_message(self, channel: str, ts: str | None) -> JSON | None:
        if ts is None:
            return None
        return next((m for m in self._channels.get(channel, []) if m["ts"] == ts), None)

    def _bot_message(self, text: Any, blocks: Any, attachments: Any, ts: str) -> JSON:
        message: JSON = {
            "user": self.bot_user_id,
            "type": "message",
            "ts": ts,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "text": text if isinstance(text, str) else "",
            "team": self.team_id,
            "bot_profile": {
                "id": self.bot_id,
                "app_id": self.app_id,
                "name": self.bot_name,
                "deleted": False,
                "team_id": self.team_id,
            },
        }
        if blocks:
            message["blocks"] = copy.deepcopy(blocks)
        if attachments:
            message["attachments"] = copy.deepcopy(attachments)
        return message

    # ------------------------------------------------------------------ argument helpers

    @staticmethod
    def _json_arg(rec: RecordedRequest, name: str, bad: str) -> Any:
        value = rec.params.get(name)
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                return json.loads(value)
            except ValueError:
                raise SlackError(bad) from None
        return value

    def _content(self, rec: RecordedRequest) -> tuple[Any, Any, Any]:
        blocks = self._json_arg(rec, "blocks", "invalid_blocks_format")
        attachments = self._json_arg(rec, "attachments", "invalid_attachments")
        text = rec.params.get("text")
        error = _message_content_error(text, blocks, attachments, rec.params.get("markdown_text"))
        if error is not None:
            raise error
        return text, blocks, attachments

    @staticmethod
    def _required(rec: RecordedRequest, name: str, error: str) -> str:
        value = rec.params.get(name)
        if value is None or value == "":
            raise SlackError(error)
        return str(value)

    # ------------------------------------------------------------------ Web API methods

    def _api_test(self, rec: RecordedRequest) -> JSON:
        args = {k: v for k, v in rec.params.items() if k != "token"}
        if "error" in args:
            raise SlackError(str(args["error"]), args=args)
        return {"args": args} if args else {}

    def _auth_test(self, rec: RecordedRequest) -> JSON:
        return {
            "url": f"https://{self.team_domain}.slack.com/",
            "team": self.team_domain.replace("-", " ").title(),
            "user": self.bot_name,
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
            **({"enterprise_id": self.enterprise_id} if self.enterprise_id else {}),
        }

    def _apps_connections_open(self, rec: RecordedRequest) -> JSON:
        ticket = uuid.uuid4().hex
        return {"url": f"{self.socket_mode_url}?ticket={ticket}&app_id={self.app_id}"}

    def _chat_post_message(self, rec: RecordedRequest) -> JSON:
        channel = self._required(rec, "channel", "channel_not_found")
        text, blocks, attachments = self._content(rec)
        message = self._bot_message(text, blocks, attachments, self._next_ts())
        thread_ts = rec.params.get("thread_ts")
        if thread_ts:
            message["thread_ts"] = str(thread_ts)
            if _truthy(rec.params.get("reply_broadcast")):
                message["subtype"] = "thread_broadcast"
        metadata = self._json_arg(rec, "metadata", "invalid_metadata_format")
        if metadata:
            message["metadata"] = metadata
        self._store(channel, message)
        return {"channel": channel, "ts": message["ts"], "message": copy.deepcopy(message)}

    # ------------------------------------------------------------------ files (upload v2)

    def _files_get_upload_url(self, rec: RecordedRequest) -> JSON:
        filename = self._required(rec, "filename", "invalid_arguments")
        length = int(self._required(rec, "length", "invalid_arguments"))
        file_id = f"F{uuid.uuid4().hex[:10].upper()}"
        self.files[file_id] = {"filename": str(filename), "length": length, "data": None}
        return {"upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    async def _upload_handler(self, request: web.Request) -> web.StreamResponse:
        rec = await self._read(request, "upload", request.path)
        entry = self.files.get(request.match_info["file_id"])
        if entry is None:
            rec.known = False
            self._record(rec, 404, {"ok": False})
            await self._notify()
            return web.Response(status=404, text="unknown upload")
        entry["data"] = rec.raw_body
        self._record(rec, 200, {"ok": True})
        await self._notify()
        return web.Response(status=200, text="OK - " + str(len(rec.raw_body or b"")))

    def _files_complete_upload(self, rec: RecordedRequest) -> JSON:
        files = self._json_arg(rec, "files", "invalid_arguments") or []
        channel = rec.params.get("channel_id")
        shared = []
        for item in files:
            entry = self.files.get(str(item.get("id")))
            if entry is None or entry["data"] is None:
                raise SlackError("file_not_found")
            if len(entry["data"]) != entry["length"]:
                raise SlackError("file_upload_size_mismatch")
            entry["title"] = item.get("title")
            entry["channel"] = channel
            shared.append({"id": item["id"], "name": entry["filename"], "title": item.get("title")})
        if channel:
            message = self._bot_message(
                rec.params.get("initial_comment") or "", None, None, self._next_ts()
            )
            message["files"] = shared
            self._store(str(channel), message)
        return {"files": shared}

    def _chat_update(self, rec: RecordedRequest) -> JSON:
        channel = self._required(rec, "channel", "channel_not_found")
        ts = self._required(rec, "ts", "message_not_found")
        message = self._find_message(channel, ts)
        if message is None:
            raise SlackError("message_not_found")
        if message.get("bot_id") != self.bot_id:
            raise SlackError("cant_update_message")
        text, blocks, attachments = self._content(rec)
        if text is not None:
            message["text"] = text
        if blocks is not None:
            if blocks:
                message["blocks"] = copy.deepcopy(blocks)
            else:
                message.pop("blocks", None)
        if attachments is not None:
            message["attachments"] = copy.deepcopy(attachments)
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "channel": channel,
            "ts": ts,
            "text": message.get("text", ""),
            "message": copy.deepcopy(message),
        }

    def _chat_delete(self, rec: RecordedRequest) -> JSON:
        channel = self._required(rec, "channel", "channel_not_found")
        ts = self._required(rec, "ts", "message_not_found")
        message = self._find_message(channel, ts)
        if message is None:
            raise SlackError("message_not_found")
        if message.get("bot_id") != self.bot_id:
            raise SlackError("cant_delete_message")
        self._channels[channel].remove(message)
        return {"channel": channel, "ts": ts}

    def _chat_post_ephemeral(self, rec: RecordedRequest) -> JSON:
        channel = self._required(rec, "channel", "channel_not_found")
        user = self._required(rec, "user", "user_not_in_channel")
        text, blocks, attachments = self._content(rec)
        message = self._bot_message(text, blocks, attachments, self._next_ts())
        message["ephemeral_user"] = user
        self._ephemerals.setdefault(channel, []).append(message)
        return {"message_ts": message["ts"]}

    def _users_info(self, rec: RecordedRequest) -> JSON:
        user_id = self._required(rec, "user", "user_not_found")
        user = self.users.get(user_id)
        if user is None:
            raise SlackError("user_not_found")
        return {"user": copy.deepcopy(user)}

    def _page(self, rec: RecordedRequest, items: list[JSON]) -> JSON:
        raw_limit = rec.params.get("limit")
        try:
            limit = int(raw_limit) if raw_limit not in (None, "") else DEFAULT_HISTORY_LIMIT
        except (TypeError, ValueError):
            raise SlackError("invalid_limit") from None
        if limit <= 0:
            limit = DEFAULT_HISTORY_LIMIT
        limit = min(limit, MAX_HISTORY_LIMIT)
        offset = 0
        cursor = rec.params.get("cursor")
        if cursor:
            try:
                kind, _, num = base64.b64decode(str(cursor)).decode().partition(":")
                offset = int(num)
                if kind != "offset" or offset < 0:
                    raise ValueError(cursor)
            except ValueError:
                raise SlackError("invalid_cursor") from None
        page = items[offset : offset + limit]
        has_more = offset + limit < len(items)
        result: JSON = {"messages": copy.deepcopy(page), "has_more": has_more}
        next_cursor = ""
        if has_more:
            next_cursor = base64.b64encode(f"offset:{offset + limit}".encode()).decode()
        result["response_metadata"] = {"next_cursor": next_cursor}
        return result

    def _ts_window(self, rec: RecordedRequest) -> tuple[int | None, int | None, bool]:
        def parse(name: str) -> int | None:
            value = rec.params.get(name)
            if value in (None, ""):
                return None
            try:
                return ts_key(str(value))
            except ValueError:
                raise SlackError(f"invalid_ts_{name}") from None

        return parse("oldest"), parse("latest"), _truthy(rec.params.get("inclusive"))

    def _conversations_history(self, rec: RecordedRequest) -> JSON:
        channel = self._required(rec, "channel", "channel_not_found")
        oldest, latest, inclusive = self._ts_window(rec)

        def visible(m: JSON) -> bool:
            thread_ts = m.get("thread_ts")
            if thread_ts and thread_ts != m["ts"] and m.get("subtype") != "thread_broadcast":
                return False  # replies live in conversations.replies, like Slack
            key = ts_key(m["ts"])
            if oldest is not None and (key < oldest or (key == oldest and not inclusive)):
                return False
            return not (latest is not None and (key > latest or (key == latest and not inclusive)))

        newest_first = [m for m in reversed(self._channels.get(channel, [])) if visible(m)]
        result = self._page(rec, newest_first)
        result["pin_count"] = 0
        return result

    def _conversations_replies(self, rec: RecordedRequest) -> JSON:
        channel = self._required(rec, "channel", "channel_not_found")
        ts = self._required(rec, "ts", "thread_not_found")
        parent = self._find_message(channel, ts)
        if parent is None:
            raise SlackError("thread_not_found")
        replies = [
            m
            for m in self._channels.get(channel, [])
            if m is not parent and m.get("thread_ts") == ts
        ]
        return self._page(rec, [parent, *replies])

    # ------------------------------------------------------------------ response_url

    async def _response_handler(self, request: web.Request) -> web.StreamResponse:
        rid = request.match_info["rid"]
        rec = await self._read(request, "response", rid)
        entry = self._response_urls.get(rid)
        status, answer = self._apply_response(rec, entry)
        self._record(rec, status, answer)
        await self._notify()
        return web.json_response(answer, status=status)

    def _apply_response(self, rec: RecordedRequest, entry: ResponseUrl | None) -> tuple[int, JSON]:
        if entry is None:
            rec.known = False
            return 404, {"ok": False, "error": "expired_url"}
        if rec.http_method != "POST":
            return 405, {"ok": False, "error": "invalid_method"}
        payload = rec.body
        if not isinstance(payload, dict):
            return 400, {"ok": False, "error": "invalid_payload"}
        delete = _truthy(payload.get("delete_original"))
        if not delete:
            error = _message_content_error(
                payload.get("text"), payload.get("blocks"), payload.get("attachments")
            )
            if error is not None:
                return 400, {"ok": False, "error": error.code, **error.extra}
        entry.payloads.append(copy.deepcopy(payload))
        self._apply_response_effect(entry, payload, delete)
        return 200, {"ok": True}

    def _apply_response_effect(self, entry: ResponseUrl, payload: JSON, delete: bool) -> None:
        channel = entry.channel_id
        if channel is None:
            return
        original = self._find_message(channel, entry.message_ts)
        if delete:
            if original is not None:
                self._channels[channel].remove(original)
            return
        text, blocks = payload.get("text"), payload.get("blocks")
        if _truthy(payload.get("replace_original")) and original is not None:
            original["text"] = text if isinstance(text, str) else ""
            if blocks:
                original["blocks"] = copy.deepcopy(blocks)
            else:
                original.pop("blocks", None)
            original["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
            return
        message = self._bot_message(text, blocks, payload.get("attachments"), self._next_ts())
        if payload.get("thread_ts"):
            message["thread_ts"] = str(payload["thread_ts"])
        if payload.get("response_type") == "in_channel":
            self._store(channel, message)
        else:
            message["ephemeral_user"] = entry.user_id
            self._ephemerals.setdefault(channel, []).append(message)
