"""FakeSlack: the facade tests hold; it starts the server and exposes what tests read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Self

from aiohttp import web

from tests.fakes.loopback import Forwarded, LoopbackSite, Waiter
from tests.fakes.slack_api.messages import MessageStore
from tests.fakes.slack_api.methods.auth import AuthMethods
from tests.fakes.slack_api.methods.chat import ChatMethods
from tests.fakes.slack_api.methods.conversations import ConversationMethods
from tests.fakes.slack_api.methods.files import FileMethods
from tests.fakes.slack_api.payloads import PayloadBuilder
from tests.fakes.slack_api.records import JSON, RecordedRequest, RequestLog
from tests.fakes.slack_api.response_urls import ResponseUrls
from tests.fakes.slack_api.routing import WebApi
from tests.fakes.slack_api.socket_mode import SocketMode
from tests.fakes.slack_api.workspace import DEFAULT_SCOPES, Workspace


class FakeSlack:
    """Loopback Slack: Web API methods, response_url endpoints and a Socket Mode server."""

    # The workspace's identity lives on the Workspace the parts share.
    bot_token = Forwarded("workspace.bot_token")
    app_token = Forwarded("workspace.app_token")
    team_id = Forwarded("workspace.team_id")
    team_domain = Forwarded("workspace.team_domain")
    enterprise_id = Forwarded("workspace.enterprise_id")
    app_id = Forwarded("workspace.app_id")
    bot_id = Forwarded("workspace.bot_id")
    bot_user_id = Forwarded("workspace.bot_user_id")
    bot_name = Forwarded("workspace.bot_name")
    admin_user_id = Forwarded("workspace.admin_user_id")
    member_user_id = Forwarded("workspace.member_user_id")
    verification_token = Forwarded("workspace.verification_token")
    scopes = Forwarded("workspace.scopes")

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
        port: int = 0,
    ) -> None:
        """``users`` adds users or overrides fields of the default ones, keyed by user id,
        e.g. ``{fake_admin_id: {"is_admin": False}}`` or ``{"U0X": {"name": "carol"}}``;
        ``port`` binds a known port (0: the OS picks), e.g. to come up after a client."""
        self.workspace = Workspace(
            bot_token=bot_token,
            app_token=app_token,
            team_id=team_id,
            team_domain=team_domain,
            enterprise_id=enterprise_id,
            app_id=app_id,
            bot_id=bot_id,
            bot_user_id=bot_user_id,
            bot_name=bot_name,
            admin_user_id=admin_user_id,
            admin_name=admin_name,
            member_user_id=member_user_id,
            member_name=member_name,
            users=users,
            verification_token=verification_token,
            scopes=scopes,
        )
        self.users = self.workspace.users
        self._site = LoopbackSite("FakeSlack", port)
        self._waiter = Waiter("FakeSlack", self._last_seen)
        self._log = RequestLog(self._waiter.notify)
        self.requests: list[RecordedRequest] = self._log.requests
        self._messages = MessageStore(self.workspace)
        self._response_urls = ResponseUrls(
            self.workspace, self._messages, self._log, lambda: self.base_url
        )
        self._payloads = PayloadBuilder(self.workspace, self._messages, self._response_urls)
        self._socket = SocketMode(self.workspace, self._log, self._waiter)
        self.acks = self._socket.acks  # envelope_id -> the ack frame
        self.envelopes = self._socket.envelopes  # envelope_id -> the envelope sent
        self.socket_frames = self._socket.frames  # every text frame a client sent, parsed
        self._files = FileMethods(self._messages, self._log, lambda: self.base_url)
        self.files = self._files.files  # file id -> {"filename", "length", "data", ...}
        self._api = WebApi(
            self.workspace,
            self._log,
            {
                **AuthMethods(self.workspace, lambda: self.socket_mode_url).methods(),
                **ChatMethods(self.workspace, self._messages).methods(),
                **ConversationMethods(self._messages).methods(),
                **self._files.methods(),
            },
        )

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> Self:
        """Bind 127.0.0.1 on a free port and start serving."""
        if self._site.running:
            return self
        self._waiter.open()
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_get("/socket-mode", self._socket.handle)
        app.router.add_route("*", "/api/{method}", self._api.handle_api)
        app.router.add_route("*", "/response/{rid}", self._response_urls.handle)
        app.router.add_post("/upload/{file_id}", self._files.handle_upload)
        app.router.add_route("*", "/{tail:.*}", self._api.handle_other)
        await self._site.start(app)
        return self

    async def stop(self) -> None:
        """Close every Socket Mode connection (code 1001) and shut the server down."""
        await self._socket.close_all()
        await self._site.stop()
        await self._waiter.notify()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``"""
        return self._site.base_url

    @property
    def api_base(self) -> str:
        """Value for ``AsyncWebClient(base_url=...)``: ``http://127.0.0.1:PORT/api/``."""
        return self.base_url + "/api/"

    @property
    def socket_mode_url(self) -> str:
        """The WebSocket URL ``apps.connections.open`` hands out (without its query)."""
        return self._site.ws_url("/socket-mode")

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
        return self.workspace.add_user(
            user_id, name, is_admin=is_admin, is_owner=is_owner, is_bot=is_bot, **fields
        )

    def add_message(self, channel: str, text: str = "", **fields: Any) -> JSON:
        """Put a message in a channel's history as if someone posted it (default: the member).

        Keywords: ``user``, ``blocks``, ``thread_ts``, ``ts``, and any other message field.
        """
        return self._messages.add_message(channel, text, **fields)

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer HTTP 429, ``Retry-After: retry_after``.

        The 429 body is ``{"ok": false, "error": "ratelimited"}``; nothing is stored.
        """
        self._api.rate_limit(method, times, retry_after)

    def fail(self, method: str, error: str = "internal_error", times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer HTTP 200 ``{"ok": false, "error"}``."""
        self._api.fail(method, error, times)

    # ------------------------------------------------------------------ inspection

    def calls(self, method: str | None = None) -> list[RecordedRequest]:
        """Recorded Web API requests (all of them, or of one method), including failed ones."""
        return self._log.calls(method)

    @property
    def unexpected(self) -> list[RecordedRequest]:
        """Requests the fake does not implement: unknown methods, paths, ids or socket frames."""
        return [r for r in self.requests if not r.known]

    def messages(self, channel: str) -> list[JSON]:
        """Messages in a channel, oldest first (thread replies included), as copies."""
        return self._messages.history(channel)

    def message(self, channel: str, ts: str) -> JSON | None:
        return self._messages.message(channel, ts)

    def ephemerals(self, channel: str) -> list[JSON]:
        """Ephemeral messages (chat.postEphemeral, ephemeral responses), oldest first."""
        return self._messages.ephemeral_history(channel)

    def response_url(
        self,
        channel_id: str | None = None,
        user_id: str | None = None,
        message_ts: str | None = None,
    ) -> str:
        """A fresh response_url on the fake (see :meth:`ResponseUrls.issue` for its effects)."""
        return self._response_urls.issue(channel_id, user_id, message_ts)

    @staticmethod
    def response_id(url: str) -> str:
        """The id part of a response_url issued by :meth:`response_url`."""
        return ResponseUrls.response_id(url)

    def responses(self, response_id: str) -> list[JSON]:
        """Payloads accepted at a response_url (by id), in order."""
        return self._response_urls.responses(response_id)

    def responses_for(self, url: str) -> list[JSON]:
        """Payloads accepted at a response_url (by URL), in order."""
        return self._response_urls.responses_at(url)

    @property
    def connected(self) -> bool:
        """True while a Socket Mode client is connected (and was sent ``hello``)."""
        return self._socket.connected

    @property
    def pings(self) -> int:
        """PING frames answered."""
        return self._socket.pings

    @property
    def socket_connections(self) -> int:
        """WebSocket connections ever accepted."""
        return self._socket.connections

    # ------------------------------------------------------------------ waiting

    def _last_seen(self) -> str:
        seen = ", ".join(f"{r.method}->{r.status}" for r in self.requests[-12:])
        return f"last requests: [{seen}]; acks: {list(self.acks)[-5:]}"

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until ``predicate()`` is truthy and return its value.

        It is re-evaluated on every new request, response POST, ack and connection change.
        """
        what = getattr(predicate, "__name__", "predicate")
        return await self._waiter.wait(predicate, timeout, what)

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

        return await self._waiter.wait(find, timeout, f"{count} call(s) of {method}")

    async def wait_for_response(
        self, url_or_id: str, count: int = 1, timeout: float = 10.0
    ) -> list[JSON]:
        """Wait until ``count`` payloads were accepted at a response_url; return them all."""
        rid = self.response_id(url_or_id) if "/" in url_or_id else url_or_id

        def find() -> list[JSON] | None:
            found = self.responses(rid)
            return found if len(found) >= count else None

        return await self._waiter.wait(find, timeout, f"{count} response(s) at {rid}")

    async def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> JSON:
        """Wait for the Socket Mode ack of an envelope: ``{"envelope_id", "payload"?}``."""
        what = f"the ack of envelope {envelope_id}"
        return await self._waiter.wait(lambda: self.acks.get(envelope_id), timeout, what)

    async def wait_for_socket(self, timeout: float = 10.0) -> None:
        """Wait until a Socket Mode client is connected and was sent ``hello``."""
        await self._waiter.wait(lambda: self.connected, timeout, "a Socket Mode connection")

    # ------------------------------------------------------------------ driving the app

    def slash_command_form(
        self, command: str, text: str = "", *args: Any, **kwargs: Any
    ) -> dict[str, str]:
        """Slack's form for a slash command; see :meth:`PayloadBuilder.slash_command_form`."""
        return self._payloads.slash_command_form(command, text, *args, **kwargs)

    def block_action_payload(self, action_id: str, *args: Any, **kwargs: Any) -> JSON:
        """A button click payload; see :meth:`PayloadBuilder.block_action_payload`."""
        return self._payloads.block_action_payload(action_id, *args, **kwargs)

    def event_payload(self, event: JSON, *, event_id: str | None = None) -> JSON:
        """An Events API ``event_callback`` body wrapping ``event`` (for ``events_api``)."""
        return self._payloads.event_payload(event, event_id=event_id)

    async def send_envelope(self, type: str, payload: JSON, **kwargs: Any) -> str:
        """Send an envelope to the Socket Mode client; see :meth:`SocketMode.send_envelope`."""
        return await self._socket.send_envelope(type, payload, **kwargs)

    async def send_disconnect(
        self, reason: str = "refresh_requested", timeout: float = 10.0
    ) -> None:
        """Send Slack's ``{"type": "disconnect"}`` (the SDK reconnects via a new URL)."""
        await self._socket.send_disconnect(reason, timeout)
