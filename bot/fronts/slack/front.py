"""The Slack front: the same commands and digest, through slack-bolt.

Socket Mode with an app-level token (no public URL), or HTTP with the signing secret.
Every command acks at once (Slack wants an answer within 3 s), runs its handler off the
event loop, then answers through `respond` as Block Kit with a text fallback.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot import metrics
from bot.errors import BadInput, NotAllowed
from bot.fronts.charts import digest_chart, timeline_png
from bot.fronts.common import alert_marker, channel_key, digest_marker, front_env
from bot.fronts.pipeline import Request, answer
from bot.fronts.slack.http import PATH, guarded_web_app
from bot.fronts.slack.render import (
    BLOCKS_MAX,
    PAGE_ACTIONS,
    PAGE_SIZE,
    SlackMessage,
    choices,
    pager,
    render,
    render_alert,
    render_notice,
    section,
)
from bot.fronts.slack.render import render_digest as render_slack_digest
from bot.replies import AlertReply, DigestReply, Reply
from bot.runtime.runtime import Runtime
from commands import Command, Env, parse, registry

log = logging.getLogger(__name__)
_CHANNEL = re.compile(r"^<#([A-Z0-9]{2,20})(?:\|[^>]*)?>$|^#?([A-Z0-9]{2,20})$")


def slack_channel(text: str) -> str:
    """'<#C123|news>' (how Slack escapes a channel) or 'C123' -> 'C123'."""
    match = _CHANNEL.match(text.strip())
    if not match:
        raise BadInput("Pick the channel with # so Slack sends its id, e.g. #news.")
    return match.group(1) or match.group(2)


@dataclass(frozen=True)
class Backoff:
    """How long to wait between attempts to reach the Slack API: doubling, then capped."""

    first: float = 1.0
    factor: float = 2.0
    most: float = 60.0

    def delays(self) -> Iterator[float]:
        delay = self.first
        while True:
            yield delay
            delay = min(self.most, delay * self.factor)


class CountedRateLimits(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's wait on a 429 (Retry-After), counted in the metrics."""

    async def prepare_for_next_attempt_async(self, **kwargs: Any) -> None:
        started = time.monotonic()
        try:
            await super().prepare_for_next_attempt_async(**kwargs)
        finally:
            metrics.RATE_LIMIT_WAITS.labels("slack").inc()
            metrics.RATE_LIMIT_SECONDS.labels("slack").inc(time.monotonic() - started)


class SlackPoster:
    """Posts digests, alerts and notices with chat.postMessage; finds a digest or an alert
    already posted in the history."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self.bot_user_id: str | None = None

    async def post(self, channel: str, reply: DigestReply, day: dt.date) -> str | None:
        message = render_slack_digest(reply, day)
        channel_id = channel.split(":", 1)[1]
        answer = await self.client.chat_postMessage(
            channel=channel_id, text=message.text, blocks=message.blocks
        )
        chart = await asyncio.to_thread(digest_chart, reply, day)
        if chart is not None:
            await upload_chart(self.client, channel_id, chart, "digest.png", message.text)
        return str(answer["ts"])

    async def find(self, channel: str, day: dt.date) -> str | None:
        return await self._find(channel, digest_marker(day))

    async def post_alert(
        self, channel: str, reply: AlertReply, thread: str | None = None
    ) -> str | None:
        """The alert (a reply in a story's thread, where given); with the user groups
        attached to its follows mentioned first in its text (only those: every other text
        of it is escaped, so it mentions nobody else)."""
        message = render_alert(reply)
        groups = [g for g in reply.mentioned("slack-group") if re.fullmatch(r"S[A-Z0-9]+", g)]
        ping = " ".join(f"<!subteam^{g}>" for g in groups)
        answer = await self.client.chat_postMessage(
            channel=channel.split(":", 1)[1],
            text=f"{ping} {message.text}" if ping else message.text,
            blocks=[section(ping), *message.blocks]
            if ping and len(message.blocks) < BLOCKS_MAX
            else message.blocks,
            **({"thread_ts": thread} if thread is not None else {}),
        )
        return str(answer["ts"])

    async def find_alert(self, channel: str, batch: str, thread: str | None = None) -> str | None:
        return await self._find(channel, alert_marker(batch), thread)

    async def edit_alert(self, channel: str, message_id: str, reply: AlertReply) -> bool:
        """The alert's message shows `reply` now (a story's later developments); False when
        the message is gone."""
        message = render_alert(reply)
        try:
            await self.client.chat_update(
                channel=channel.split(":", 1)[1],
                ts=message_id,
                text=message.text,
                blocks=message.blocks,
            )
        except SlackApiError as exc:
            if exc.response.get("error") == "message_not_found":
                return False
            raise
        return True

    async def open_thread(self, channel: str, message_id: str, name: str) -> str | None:
        """A Slack thread is the replies to a message: its ts names it."""
        return message_id

    async def post_notice(self, channel: str, text: str) -> str | None:
        """One plain message to the channel's admins (a feed failing, paused, well again)."""
        answer = await self.client.chat_postMessage(
            channel=channel.split(":", 1)[1], text=render_notice(text)
        )
        return str(answer["ts"])

    async def _find(self, channel: str, marker: str, thread: str | None = None) -> str | None:
        """The bot's recent message in the channel (or in a thread) whose text holds the
        marker."""
        channel_id = channel.split(":", 1)[1]
        if thread is not None:
            answer = await self.client.conversations_replies(
                channel=channel_id, ts=thread, limit=200
            )
        else:
            answer = await self.client.conversations_history(channel=channel_id, limit=50)
        for message in answer.get("messages", []):
            mine = message.get("bot_id") or message.get("user") == self.bot_user_id
            if mine and marker in (message.get("text") or ""):
                return str(message["ts"])
        return None


class SlackFront:
    """A bolt AsyncApp whose listeners are generated from `commands/`."""

    def __init__(self, runtime: Runtime, backoff: Backoff = Backoff()) -> None:
        settings = runtime.settings
        assert settings.slack.bot_token is not None
        self.runtime = runtime
        self.backoff = backoff
        self.admins = set(settings.slack.admin_user_ids)
        client_options: dict[str, Any] = {}
        if settings.slack.api_base:
            client_options["base_url"] = settings.slack.api_base
        self.client = AsyncWebClient(
            token=settings.slack.bot_token.get_secret_value(),
            retry_handlers=[
                CountedRateLimits(max_retry_count=3),
                AsyncServerErrorRetryHandler(max_retry_count=2),
                AsyncConnectionErrorRetryHandler(max_retry_count=2),
            ],
            **client_options,
        )
        secret = settings.slack.signing_secret
        self.app = AsyncApp(
            client=self.client,
            signing_secret=secret.get_secret_value() if secret else None,
            request_verification_enabled=secret is not None,
            process_before_response=False,
        )
        self.poster = SlackPoster(self.client)
        self._socket: Any = None
        self._web: web.AppRunner | None = None
        for command in registry().values():
            self.app.command(f"/{command.name}")(self._listener(command))
        self.app.action(re.compile("^briefing_page_(prev|next)$"))(self.on_page)
        self.app.action(re.compile(r"^briefing_choice_\d+$"))(self.on_choice)

    # --- permissions and context ----------------------------------------------------------

    async def is_admin(self, user_id: str) -> bool:
        if user_id in self.admins:
            return True
        try:
            user = (await self.client.users_info(user=user_id)).get("user") or {}
        except Exception:
            log.warning("users.info failed; treating %s as a member", user_id)
            return False
        return bool(user.get("is_admin") or user.get("is_owner"))

    async def env_for(self, body: dict[str, Any], page: int = 0) -> Env:
        user_id = str(body.get("user_id") or (body.get("user") or {}).get("id") or "")
        channel = str(body.get("channel_id") or (body.get("channel") or {}).get("id") or "")
        team = str(body.get("team_id") or (body.get("team") or {}).get("id") or "") or None
        return front_env(
            self.runtime.settings,
            self.runtime.engine,
            front="slack",
            is_admin=await self.is_admin(user_id),
            page_size=PAGE_SIZE,
            channel=channel_key("slack", channel),
            guild=team,
            page=page,
            user=channel_key("slack", user_id) if user_id else None,
        )

    # --- listeners --------------------------------------------------------------------------

    def _listener(self, command: Command):
        async def listener(ack, body: dict[str, Any], respond) -> None:
            await ack()
            await self.answer(command, body, respond)

        listener.__name__ = f"slack_{command.name.replace('-', '_')}"
        return listener

    async def answer(self, command: Command, body: dict[str, Any], respond) -> None:
        """A slash command through the fronts' pipeline: the answer in the channel (an
        admin command's to the asker only), then its chart as a file."""

        async def ask() -> Request:
            parsed, args = parse(f"/{command.name} {body.get('text') or ''}")
            for param in parsed.params:
                value = args.get(param.name)
                if not value:
                    continue
                if param.kind == "channel":
                    args[param.name] = slack_channel(value)
                else:  # Slack escapes &, < and > in what users type
                    args[param.name] = (
                        value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                    )
            return Request(parsed, args, await self.env_for(body))

        async def show(request: Request, reply: Reply) -> None:
            parsed, args, env = request.command, request.args, request.env
            message = render(reply, 0, today=self.runtime.clock().date())
            state = {"c": parsed.name, "a": args, "o": env_user(body)}
            await respond(
                **self._payload(message, state, reply),
                response_type=("ephemeral" if parsed.admin else "in_channel"),
            )
            chart = None if parsed.admin else await asyncio.to_thread(timeline_png, reply)
            if chart:
                channel_id = env.channel.split(":", 1)[1]
                await upload_chart(
                    self.client, channel_id, chart, f"{parsed.name}.png", message.text
                )

        async def fail(text: str) -> None:
            await respond(text=text, response_type="ephemeral")

        await answer(self.runtime, ask, show, fail, what=f"/{command.name}")

    def _payload(
        self, message: SlackMessage, state: dict[str, Any], reply: object = None
    ) -> dict[str, Any]:
        blocks = list(message.blocks)
        names = [c.name for c in getattr(reply, "candidates", [])]
        if names:
            blocks.append(choices(state, names))
        if message.pages > 1:
            blocks.append(pager(state, message.page, message.pages))
        return {"text": message.text, "blocks": blocks}

    async def _button(
        self,
        body: dict[str, Any],
        respond,
        refusal: str,
        show: Callable[[Request, Reply, dict[str, Any]], Awaitable[None]],
        what: str,
        paged: bool = False,
    ) -> None:
        """A button of an answer (a page, a candidate), through the fronts' pipeline: the
        command its state names (at its page, when `paged`), for the person who asked
        only (`refusal` to anyone else)."""
        state: dict[str, Any] = {}

        async def ask() -> Request:
            state.update(json.loads(body["actions"][0]["value"]))
            if env_user(body) != state["o"]:
                raise NotAllowed(refusal)
            env = await self.env_for(body, page=int(state["p"]) if paged else 0)
            return Request(registry()[state["c"]], dict(state["a"]), env)

        async def fail(text: str) -> None:
            await respond(text=text, response_type="ephemeral", replace_original=False)

        await answer(
            self.runtime, ask, lambda request, reply: show(request, reply, state), fail, what=what
        )

    async def on_choice(self, ack, body: dict[str, Any], respond) -> None:
        """A candidate of an ambiguous name, picked: the command for it, to the asker only."""
        await ack()

        async def show(request: Request, reply: Reply, state: dict[str, Any]) -> None:
            message = render(reply, 0, today=self.runtime.clock().date())
            await respond(
                **self._payload(message, state, reply),
                response_type="ephemeral",
                replace_original=False,
            )

        await self._button(body, respond, "Only the person who asked can choose.", show, "choice")

    async def on_page(self, ack, body: dict[str, Any], respond) -> None:
        await ack()
        if (body.get("actions") or [{}])[0].get("action_id") not in PAGE_ACTIONS:
            return

        async def show(request: Request, reply: Reply, state: dict[str, Any]) -> None:
            message = render(reply, request.env.page, today=self.runtime.clock().date())
            await respond(**self._payload(message, state, reply), replace_original=True)

        refusal = "Only the person who asked can turn these pages."
        await self._button(body, respond, refusal, show, "page turn", paged=True)

    # --- start and stop ---------------------------------------------------------------------

    async def prepare(self) -> None:
        """Check the token, and hand the digest service this front's poster."""
        identity = await self.client.auth_test()
        self.poster.bot_user_id = identity.get("user_id")
        self.runtime.digests.add_poster("slack", self.poster)
        self.runtime.alerts.add_poster("slack", self.poster)

    def web_app(self) -> web.Application:
        """The HTTP-mode app: bolt's, behind the guard for unsigned and malformed requests."""
        secret = self.runtime.settings.slack.signing_secret
        return guarded_web_app(
            self.app.web_app(path=PATH), secret.get_secret_value() if secret else None
        )

    async def connected(self) -> str | None:
        """None while the bot can hear Slack (Socket Mode connected, or its HTTP endpoint
        listening), else why not."""
        if self._socket is not None:
            client = self._socket.client
            if await client.is_connected():
                return None
            return "Slack: Socket Mode is not connected"
        if self._web is not None:
            return None
        return "Slack: not started yet"

    async def start(self) -> asyncio.Task[None]:
        """The task that connects (Socket Mode) or listens (HTTP), then runs until stopped;
        an unreachable Slack API is waited for, with backoff, and said in the log."""
        return asyncio.create_task(self._run())

    async def _run(self) -> None:
        settings = self.runtime.settings
        await self._until_reachable("checking the token (auth.test)", self.prepare)
        if settings.slack.app_token is not None and settings.slack.app_token.get_secret_value():
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            self._socket = AsyncSocketModeHandler(
                self.app, settings.slack.app_token.get_secret_value()
            )
            await self._until_reachable("opening Socket Mode", self._socket.connect_async)
            log.info("Slack: connected in Socket Mode")
        else:
            self._web = web.AppRunner(self.web_app())
            await self._web.setup()
            host = settings.slack.host or None  # None: every interface
            await web.TCPSite(self._web, host=host, port=settings.slack.port).start()
            log.info(
                "Slack: listening on %s port %d at %s",
                host or "every interface",
                settings.slack.port,
                PATH,
            )
        self.runtime.start_once()
        await asyncio.Event().wait()

    async def _until_reachable(self, what: str, step: Callable[[], Awaitable[object]]) -> None:
        """Run `step`, again after each outage of the Slack API, waiting longer each time."""
        delays = self.backoff.delays()
        while True:
            try:
                await step()
                return
            except Exception as exc:
                if not is_outage(exc):
                    raise
                delay = next(delays)
                log.warning(
                    "Slack: cannot reach the Slack API at %s while %s (%s); retrying in %.0f s",
                    self.client.base_url,
                    what,
                    type(exc).__name__,
                    delay,
                )
                await asyncio.sleep(delay)

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
        if self._web is not None:
            await self._web.cleanup()


async def upload_chart(
    client: AsyncWebClient, channel: str, png: bytes, filename: str, title: str
) -> None:
    """A chart into the channel (files:write); a failed upload costs the chart, not the reply."""
    try:
        await client.files_upload_v2(
            channel=channel, file=png, filename=filename, title=title[:250]
        )
    except Exception:
        log.warning("could not upload %s to %s", filename, channel, exc_info=True)


def is_outage(exc: BaseException) -> bool:
    """Slack unreachable or failing on its side (worth waiting for), not a refusal."""
    if isinstance(exc, SlackApiError):
        return exc.response is not None and exc.response.status_code >= 500
    return isinstance(exc, aiohttp.ClientError | OSError | TimeoutError)


def explain_failure(exc: BaseException) -> str | None:
    """A one-line reason for a start-up failure the admin can fix, or None."""
    if isinstance(exc, SlackApiError):
        error = exc.response.get("error") if exc.response is not None else None
        return f"Slack refused the token in SLACK_BOT_TOKEN ({error or 'no reason given'})"
    if isinstance(exc, OSError) and not isinstance(exc, aiohttp.ClientError):
        return f"the Slack front cannot listen for requests ({exc.strerror or type(exc).__name__})"
    return None


def env_user(body: dict[str, Any]) -> str:
    return str(body.get("user_id") or (body.get("user") or {}).get("id") or "")


async def start_slack(runtime: Runtime) -> tuple[SlackFront, asyncio.Task[None]]:
    front = SlackFront(runtime)
    return front, await front.start()
