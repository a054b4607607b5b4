"""FakeDiscord: the facade tests hold; it starts the server and exposes what tests read."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from typing import Any, Self

from aiohttp import web

from tests.fakes.discord_api.gateway import Gateway
from tests.fakes.discord_api.guild import Guild
from tests.fakes.discord_api.interactions import InteractionSender
from tests.fakes.discord_api.messages import MessageStore
from tests.fakes.discord_api.protocol import API_PREFIX, APPLICATION_COMMAND, JSON
from tests.fakes.discord_api.records import InteractionState, RecordedRequest, SentInteraction
from tests.fakes.discord_api.registry import CommandRegistry
from tests.fakes.discord_api.routes import route_table
from tests.fakes.discord_api.routing import HttpApi
from tests.fakes.discord_api.validation import Validator
from tests.fakes.loopback import Forwarded, LoopbackSite, Waiter


class FakeDiscord:
    """Loopback Discord: HTTP API under ``/api/v10`` and a JSON gateway at ``/gateway``."""

    # The bot token the HTTP API and the gateway accept (None: any).
    token = Forwarded("_http.token", "_gateway.token")
    # Whether payloads are checked against Discord's limits.
    validate = Forwarded("_validator.enabled")
    heartbeat_interval = Forwarded("_gateway.heartbeat_interval")
    # The guild's ids and entities live on the Guild the parts share.
    application_id = Forwarded("guild.application_id")
    bot_id = Forwarded("guild.bot_id")
    bot_name = Forwarded("guild.bot_name")
    guild_id = Forwarded("guild.guild_id")
    guild_name = Forwarded("guild.guild_name")
    channel_id = Forwarded("guild.channel_id")
    second_channel_id = Forwarded("guild.second_channel_id")
    owner_id = Forwarded("guild.owner_id")
    member_id = Forwarded("guild.member_id")
    bot_role_id = Forwarded("guild.bot_role_id")
    users = Forwarded("guild.users")
    members = Forwarded("guild.members")
    channels = Forwarded("guild.channels")
    roles = Forwarded("guild.roles")

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
        self.guild = Guild(
            application_id=application_id,
            bot_id=bot_id,
            bot_name=bot_name,
            guild_id=guild_id,
            guild_name=guild_name,
            channel_id=channel_id,
            channel_name=channel_name,
            second_channel_id=second_channel_id,
            second_channel_name=second_channel_name,
            owner_id=owner_id,
            member_id=member_id,
        )
        self.requests: list[RecordedRequest] = []
        self._site = LoopbackSite("FakeDiscord")
        self._waiter = Waiter("FakeDiscord", self._last_requests)
        self._validator = Validator(validate)
        self._messages = MessageStore(self.guild, lambda: self.base_url)
        self._registry = CommandRegistry(self.guild)
        self._interactions: dict[str, InteractionState] = {}  # by token
        self._gateway = Gateway(
            self.guild,
            self._waiter,
            lambda: self.gateway_url,
            token=token,
            heartbeat_interval=heartbeat_interval,
        )
        self.gateway_frames = self._gateway.frames  # every frame the client sent
        self.identifies = self._gateway.identifies  # IDENTIFY "d" payloads
        self.resumes = self._gateway.resumes  # RESUME "d" payloads
        self.gateway_queries = self._gateway.queries  # query of each websocket connect
        self.routed = self._gateway.routed  # interaction id -> the shard it went to
        self._sender = InteractionSender(
            self.guild, self._messages, self._registry, self._interactions, self._gateway
        )
        routes = route_table(
            self.guild,
            self._messages,
            self._registry,
            self._interactions,
            self._validator,
            lambda: self.gateway_url,
        )
        self._http = HttpApi(routes, self.requests, token, self._waiter.notify)

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> Self:
        """Bind 127.0.0.1 on a free port and start serving."""
        self._waiter.open()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway.handle)
        app.router.add_route("*", "/{tail:.*}", self._http.handle)
        await self._site.start(app)
        return self

    async def stop(self) -> None:
        """Close every gateway socket (code 1001) and shut the server down."""
        await self._gateway.close_all()
        await self._site.stop()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return self._site.base_url

    @property
    def api_base(self) -> str:
        """Value for ``discord.http.Route.BASE``."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return self._site.ws_url("/gateway")

    # ------------------------------------------------------------------ state setup

    def snowflake(self) -> str:
        """A fresh, time-based, strictly increasing snowflake (discord.py reads time from ids)."""
        return self.guild.snowflake()

    def add_user(self, user_id: str, name: str | None = None, *, roles: Iterable[str] = ()) -> JSON:
        """Add a guild member (before the bot connects, to have it in GUILD_CREATE)."""
        return self.guild.add_user(user_id, name, roles=roles)

    def add_guild(self, guild_id: str) -> None:
        """Another guild the bot is in (the main guild's members and channels under another
        id): a sharded bot receives it, and its interactions, on its shard."""
        self.guild.add_guild(str(guild_id))

    def add_text_channel(self, channel_id: str, name: str, *, position: int | None = None) -> JSON:
        """Add a guild text channel (before the bot connects, to have it in GUILD_CREATE)."""
        return self.guild.add_text_channel(channel_id, name, position=position)

    def guild_payload(self) -> JSON:
        """The GUILD_CREATE payload (every key guild.py / state.py reads)."""
        return self.guild.guild_payload()

    def application_payload(self) -> JSON:
        """``GET /oauth2/applications/@me`` (appinfo.AppInfo)."""
        return self.guild.application_payload()

    def bot_user_payload(self) -> JSON:
        """``GET /users/@me`` and READY ``user`` (ClientUser)."""
        return self.guild.bot_user_payload()

    def post_user_message(
        self, content: str, *, channel_id: str | None = None, user_id: str | None = None
    ) -> JSON:
        """Store a message by a (human) user, as if posted in the channel. Not dispatched."""
        return self._messages.post_user_message(
            content, str(channel_id or self.channel_id), str(user_id or self.member_id)
        )

    # ------------------------------------------------------------------ queries for tests

    def commands(self, guild_id: str | None = None) -> list[JSON]:
        """Stored application commands: global ones, or those of ``guild_id``."""
        return copy.deepcopy(self._registry.stored(guild_id))

    def message(self, message_id: str | int) -> JSON:
        return self._messages.message(message_id)

    def channel_messages(self, channel_id: str | int) -> list[JSON]:
        """Non-ephemeral messages in a channel, oldest first."""
        return self._messages.channel_messages(channel_id)

    def original_response(self, interaction: SentInteraction) -> JSON | None:
        state = self._interactions[interaction.token]
        if state.original_id is None or state.original_id not in self._messages.by_id:
            return None
        return self.message(state.original_id)

    def followups(self, interaction: SentInteraction) -> list[JSON]:
        state = self._interactions[interaction.token]
        return [self.message(mid) for mid in state.followup_ids if mid in self._messages.by_id]

    def requests_for(self, interaction: SentInteraction) -> list[RecordedRequest]:
        """Callback + webhook requests (follow-ups, @original edits) of an interaction, in order."""
        callback = f"/interactions/{interaction.id}/{interaction.token}/"
        hook = f"/webhooks/{self.application_id}/{interaction.token}"
        return [
            r
            for r in self.requests
            if r.path.startswith(callback) or r.path == hook or r.path.startswith(hook + "/")
        ]

    def token_leaks(self, secret: str) -> list[RecordedRequest]:
        """Requests carrying ``secret`` anywhere except the Authorization header."""
        return [r for r in self.requests if r.leaks(secret)]

    @property
    def unexpected(self) -> list[RecordedRequest]:
        """Requests to routes the fake does not know, or that the fake failed to handle."""
        return [r for r in self.requests if not r.known_route or r.error is not None]

    @property
    def connected(self) -> bool:
        return self._gateway.connected

    # ------------------------------------------------------------------ waiting

    def _last_requests(self) -> str:
        seen = ", ".join(f"{r.method} {r.path} {r.status}" for r in self.requests[-15:])
        return f"last: {seen}"

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

        return await self._waiter.wait(find, timeout, f"request method={method} path={path}")

    async def responses_for(
        self, interaction: SentInteraction, count: int = 1, timeout: float = 10.0
    ) -> list[RecordedRequest]:
        """Wait until ``count`` requests answer ``interaction``; return all recorded so far."""

        def find() -> list[RecordedRequest] | None:
            found = self.requests_for(interaction)
            return found if len(found) >= count else None

        what = f"{count} response(s) to interaction {interaction.id}"
        return await self._waiter.wait(find, timeout, what)

    async def wait_for_gateway(
        self, predicate: Callable[[JSON], bool], timeout: float = 10.0
    ) -> JSON:
        """The first gateway frame sent by the client matching ``predicate``."""

        def find() -> JSON | None:
            return next((f for f in self.gateway_frames if predicate(f)), None)

        return await self._waiter.wait(find, timeout, "a gateway frame")

    async def wait_until_connected(self, timeout: float = 10.0) -> None:
        """Wait until a client has identified (or resumed) and READY/GUILD_CREATE were sent."""
        await self._gateway.wait_until_connected(timeout)

    # ------------------------------------------------------------------ driving the bot

    async def dispatch(self, event: str, data: JSON, timeout: float = 10.0) -> None:
        """Send a DISPATCH (op 0) event to the connected client."""
        await self._gateway.dispatch(event, data, timeout)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT; discord.py closes and RESUMEs on ``resume_gateway_url``."""
        await self._gateway.request_reconnect()

    async def send_interaction(
        self, type: int = APPLICATION_COMMAND, **kwargs: Any
    ) -> SentInteraction:
        """Dispatch INTERACTION_CREATE; arguments as :meth:`InteractionSender.send`."""
        return await self._sender.send(type, **kwargs)

    async def send_command(
        self, name: str, options: list[JSON] | None = None, **kwargs: Any
    ) -> SentInteraction:
        """Shorthand for ``send_interaction(2, name=..., options=...)``."""
        return await self._sender.send_command(name, options, **kwargs)

    async def send_autocomplete(
        self, name: str, options: list[JSON], focused: str | None = None, **kwargs: Any
    ) -> SentInteraction:
        """Shorthand for ``send_interaction(4, name=..., options=..., focused=...)``."""
        return await self._sender.send_autocomplete(name, options, focused, **kwargs)

    async def click(self, message_id: str | int, custom_id: str, **kwargs: Any) -> SentInteraction:
        """Shorthand for a button click (type 3, component_type 2) on a stored message."""
        return await self._sender.click(message_id, custom_id, **kwargs)
