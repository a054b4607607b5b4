"""The Discord front: slash commands from `commands/`, paged embeds, the daily digest.

Every application command is generated from a command declaration; the handlers run in
worker threads that own their SQLite connections, so the event loop never waits on
spaCy or SQLite.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import inspect
import io
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, Optional

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands as ext_commands

from bot import metrics
from bot.fronts.charts import digest_chart, timeline_png
from bot.fronts.common import alert_marker, channel_key, digest_marker, front_env, shorten
from bot.fronts.discord.render import (
    PAGE_SIZE,
    Page,
    chart_file,
    render,
    render_alert,
    render_digest,
    render_notice,
)
from bot.fronts.pipeline import Request, answer, error_reply
from bot.replies import AlertReply, DigestReply, Reply
from bot.runtime.runtime import Runtime
from bot.settings import Settings
from bot.store import Store
from commands import MAX_ARGUMENT_CHARS, Command, Env, registry

log = logging.getLogger(__name__)
CHECK_FAILED = "You can't use this command here."
# Discord's code for "a thread has already been created for this message".
THREAD_EXISTS = 160004


def _argument_type(kind: str, required: bool) -> Any:
    base: Any = (
        discord.TextChannel if kind == "channel" else app_commands.Range[str, 1, MAX_ARGUMENT_CHARS]
    )
    return base if required else Optional[base]  # noqa: UP045 - discord.py reads typing.Optional


def app_command(command: Command, bot: BriefingBot) -> app_commands.Command:
    """An application command generated from a declaration: no second list to keep in step."""

    async def callback(interaction: discord.Interaction, **kwargs: Any) -> None:
        await bot.invoke(interaction, command, kwargs)

    parameters = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for param in command.params:
        parameters.append(
            inspect.Parameter(
                param.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_argument_type(param.kind, param.required),
                default=inspect.Parameter.empty if param.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = {  # type: ignore[attr-defined]
        p.name: p.description[:100] for p in command.params
    }
    callback.__name__ = command.name.replace("-", "_")
    cmd = app_commands.Command(
        name=command.name, description=command.description[:100], callback=callback
    )
    if command.admin:
        # Hidden from non-admins by default; enforced again in `invoke`, because a
        # server owner may override who sees it.
        cmd.default_permissions = discord.Permissions(manage_guild=True)
        cmd.guild_only = True

    async def complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        names = await bot.runtime.queries.run(
            lambda s: s.entities.complete(current.strip()[:100], 25)
        )
        return [app_commands.Choice(name=shorten(n, 100), value=n[:100]) for n in names]

    for param in command.params:
        if param.kind == "entity":
            cmd.autocomplete(param.name)(complete)
    return cmd


class OwnedView(discord.ui.View):
    """Buttons only the person who asked may press; errors go to the bot's one handler."""

    refusal = "Only the person who asked can use these buttons."

    def __init__(self, bot: BriefingBot, owner_id: int) -> None:
        super().__init__(timeout=600)
        self.bot, self.owner_id = bot, owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(self.refusal, ephemeral=True)
            return False
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        await self.bot.report_error(interaction, error)


def add_choices(
    view: OwnedView, command: Command, args: dict[str, str], env: Env, reply: object
) -> bool:
    """A button per candidate of an ambiguous (or widely shared) name: it runs the command
    for that candidate and answers the asker only. False when there is none."""
    names = [c.name for c in getattr(reply, "candidates", [])][:10]
    for i, name in enumerate(names):
        button: discord.ui.Button = discord.ui.Button(
            label=shorten(name, 80), style=discord.ButtonStyle.primary, row=1 + i // 5
        )

        async def chosen(interaction: discord.Interaction, name: str = name) -> None:
            bot = view.bot

            async def ask() -> Request:
                return Request(command, {**args, "name": name}, env)

            async def thinking(request: Request) -> None:
                await interaction.response.defer(ephemeral=True, thinking=True)

            async def show(request: Request, reply: Reply) -> None:
                page = render(reply, 0, today=bot.clock().date())
                chart = await asyncio.to_thread(timeline_png, reply)
                await bot.respond(interaction, page=page, ephemeral=True, file=chart_file(chart))

            await answer(
                bot.runtime, ask, show, bot.failed(interaction), accepted=thinking, what="choice"
            )

        button.callback = chosen  # type: ignore[method-assign]
        view.add_item(button)
    return bool(names)


class Pager(OwnedView):
    """Previous/next buttons; only the person who asked can turn the pages."""

    refusal = "Only the person who asked can turn these pages."

    def __init__(
        self,
        bot: BriefingBot,
        command: Command,
        args: dict[str, str],
        env: Env,
        owner_id: int,
        pages: int,
    ) -> None:
        super().__init__(bot, owner_id)
        self.command, self.args, self.env = command, args, env
        self.pages, self.page = pages, 0
        self._refresh()

    def _refresh(self) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages - 1

    async def _turn(self, interaction: discord.Interaction, delta: int) -> None:
        self.page = max(0, min(self.pages - 1, self.page + delta))

        async def ask() -> Request:
            return Request(self.command, self.args, replace(self.env, page=self.page))

        async def show(request: Request, reply: Reply) -> None:
            self._refresh()
            page = render(reply, self.page, today=self.bot.clock().date())
            await interaction.response.edit_message(embed=page.embed, view=self)

        await answer(self.bot.runtime, ask, show, self.bot.failed(interaction), what="page turn")

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, +1)


class RateLimitCounter(logging.Handler):
    """discord.py waits out a 429 itself and says so on its `discord.http` logger; each
    such line is counted in the metrics, with the seconds it waits (its last argument)."""

    def emit(self, record: logging.LogRecord) -> None:
        text = str(record.msg)
        if "rate limit" not in text or "erroring instead" in text:
            return
        metrics.RATE_LIMIT_WAITS.labels("discord").inc()
        wait = record.args[-1] if isinstance(record.args, tuple) and record.args else None
        if isinstance(wait, int | float):
            metrics.RATE_LIMIT_SECONDS.labels("discord").inc(float(wait))


_RATE_LIMITS = RateLimitCounter(logging.WARNING)
logging.getLogger("discord.http").addHandler(_RATE_LIMITS)


class DiscordPoster:
    """Posts digests, alerts and notices to Discord channels and finds a digest or an
    alert already posted (after a crash)."""

    def __init__(self, bot: BriefingBot) -> None:
        self.bot = bot

    async def _channel(self, key: str) -> discord.abc.Messageable:
        channel_id = int(key.split(":", 1)[1])
        channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
        assert isinstance(channel, discord.abc.Messageable)
        return channel

    async def post(self, channel: str, reply: DigestReply, day: dt.date) -> str | None:
        embed = render_digest(reply, day)
        chart = await asyncio.to_thread(digest_chart, reply, day)
        if chart is None:
            message = await (await self._channel(channel)).send(embed=embed)
        else:
            file = discord.File(io.BytesIO(chart), filename="digest.png")
            message = await (await self._channel(channel)).send(embed=embed, file=file)
        return str(message.id)

    async def find(self, channel: str, day: dt.date) -> str | None:
        return await self._find(channel, digest_marker(day))

    async def post_alert(
        self, channel: str, reply: AlertReply, thread: str | None = None
    ) -> str | None:
        """The alert's embed (in a story's thread, where given); with the roles attached to
        its follows mentioned in its content, and allowed to ping exactly those roles
        (never everyone, here or users)."""
        roles = [int(r) for r in reply.mentioned("discord-role") if r.isdigit()]
        if thread is not None:
            try:
                return await self._send_alert(
                    self.bot.get_partial_messageable(int(thread)), reply, roles
                )
            except (discord.NotFound, discord.Forbidden) as exc:  # deleted, or locked
                log.warning("alert thread %s in %s refused a reply: %s", thread, channel, exc)
                return None
        return await self._send_alert(await self._channel(channel), reply, roles)

    async def _send_alert(
        self, target: discord.abc.Messageable, reply: AlertReply, roles: list[int]
    ) -> str:
        message = await target.send(
            content=" ".join(f"<@&{r}>" for r in roles) or None,
            embed=render_alert(reply),
            allowed_mentions=discord.AllowedMentions(
                everyone=False,
                users=False,
                replied_user=False,
                roles=[discord.Object(r) for r in roles],
            ),
        )
        return str(message.id)

    async def find_alert(self, channel: str, batch: str, thread: str | None = None) -> str | None:
        return await self._find(f"discord:{thread}" if thread else channel, alert_marker(batch))

    async def edit_alert(self, channel: str, message_id: str, reply: AlertReply) -> bool:
        """The alert's message shows `reply` now (a story's later developments); False when
        the message is gone. An edit pings nobody."""
        target = self.bot.get_partial_messageable(int(channel.split(":", 1)[1]))
        try:
            await target.get_partial_message(int(message_id)).edit(
                embed=render_alert(reply), allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.NotFound:
            return False
        return True

    async def open_thread(self, channel: str, message_id: str, name: str) -> str | None:
        """A public thread from the alert's message (a thread has its message's id); None
        where the channel has no threads (a forum, a thread itself) or they are refused."""
        found = await self._channel(channel)
        if not isinstance(found, discord.TextChannel):
            return None
        try:
            thread = await found.get_partial_message(int(message_id)).create_thread(
                name=name, auto_archive_duration=10080
            )
        except discord.HTTPException as exc:
            if exc.code == THREAD_EXISTS:  # opened before a crash: the same id
                return message_id
            if isinstance(exc, discord.Forbidden):
                log.warning("no thread in %s: %s; updates edit the alert instead", channel, exc)
                return None
            raise
        return str(thread.id)

    async def post_notice(self, channel: str, text: str) -> str | None:
        """One plain message to the channel's admins (a feed failing, paused, well again)."""
        message = await (await self._channel(channel)).send(
            content=render_notice(text), allowed_mentions=discord.AllowedMentions.none()
        )
        return str(message.id)

    async def _find(self, channel: str, marker: str) -> str | None:
        """The bot's recent message in the channel whose footer starts with the marker."""
        async for message in (await self._channel(channel)).history(limit=50):
            if self.bot.user and message.author.id != self.bot.user.id:
                continue
            if any((e.footer.text or "").startswith(marker) for e in message.embeds):
                return str(message.id)
        return None


class BriefingBot(ext_commands.AutoShardedBot):
    """The Discord front: application commands, pages, the Discord digest poster."""

    def __init__(self, runtime: Runtime, **options: Any) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            command_prefix=ext_commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **options,
        )
        self.runtime = runtime
        self.settings = runtime.settings
        self.clock = runtime.clock
        self.startup: asyncio.Task[None] | None = None
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]

    def connected(self) -> str | None:
        """None while the bot is connected to Discord's gateway, else why not."""
        if self.is_closed():
            return "Discord: the connection is closed"
        if not self.is_ready():
            return "Discord: not connected to the gateway yet"
        return None

    async def setup_hook(self) -> None:
        for command in registry().values():
            self.tree.add_command(app_command(command, self))
        if self.settings.discord.syncs_commands:  # one process of a sharded bot (docs/scaling.md)
            await self.sync_commands()
        await self.runtime.writer.run(self._default_digest)
        poster = DiscordPoster(self)
        self.runtime.digests.add_poster("discord", poster)
        self.runtime.alerts.add_poster("discord", poster)
        self.startup = asyncio.create_task(self._on_start())

    async def _on_start(self) -> None:
        await self.wait_until_ready()
        await self.runtime.start_once()

    def _default_digest(self, store: Store) -> None:
        """DIGEST_CHANNEL_ID (with DIGEST_TIME and DIGEST_TIMEZONE) as the initial setting."""
        channel = self.settings.digest.channel_id
        if channel is None:
            return
        key = channel_key("discord", channel)
        if any(c.channel == key for c in store.channels.all()):
            return
        guild = str(self.settings.discord.guild_id) if self.settings.discord.guild_id else None
        store.channels.set(
            key,
            guild,
            self.settings.digest.time,
            self.settings.digest.timezone,
            self.settings.digest.skip_empty,
            self.clock(),
        )

    async def sync_commands(self) -> None:
        """Sync to the guild (instant) or globally, only when the declarations changed."""
        guild = (
            discord.Object(id=self.settings.discord.guild_id)
            if self.settings.discord.guild_id
            else None
        )
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        payload = [c.to_dict(self.tree) for c in self.tree.get_commands(guild=guild)]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        key = f"discord_commands:{guild.id if guild else 'global'}"
        if await self.runtime.queries.run(lambda s: s.state.get(key)) == digest:
            log.info("application commands unchanged; not syncing")
            return
        await self.tree.sync(guild=guild)
        await self.runtime.writer.run(lambda s: s.state.set(key, digest))
        log.info("synced %d application commands", len(payload))

    def env_for(self, interaction: discord.Interaction) -> Env:
        permissions = interaction.permissions
        is_admin = interaction.guild_id is not None and (
            permissions.manage_guild or permissions.administrator
        )
        return front_env(
            self.settings,
            self.runtime.engine,
            front="discord",
            is_admin=is_admin,
            page_size=PAGE_SIZE,
            channel=channel_key("discord", interaction.channel_id or 0),
            guild=str(interaction.guild_id) if interaction.guild_id else None,
            user=channel_key("discord", interaction.user.id),
        )

    async def invoke(
        self, interaction: discord.Interaction, command: Command, kwargs: dict[str, Any]
    ) -> None:
        """An application command through the fronts' pipeline."""

        async def ask() -> Request:
            args = {
                k: str(v.id)
                if isinstance(v, discord.abc.GuildChannel | app_commands.AppCommandChannel)
                else str(v)
                for k, v in kwargs.items()
                if v is not None
            }
            return Request(command, args, self.env_for(interaction))

        async def thinking(request: Request) -> None:
            if command.slow:  # "thinking…" first, the answer as a follow-up
                await interaction.response.defer(ephemeral=command.admin, thinking=True)

        async def show(request: Request, reply: Reply) -> None:
            await self.show(interaction, request, reply)

        await answer(
            self.runtime,
            ask,
            show,
            self.failed(interaction),
            accepted=thinking,
            what=f"/{command.name}",
        )

    async def show(self, interaction: discord.Interaction, request: Request, reply: Reply) -> None:
        """A reply as an embed, with its chart attached, and buttons for its pages and for
        the candidates of an ambiguous name."""
        command, args, env = request.command, request.args, request.env
        page = render(reply, 0, today=self.clock().date())
        chart = await asyncio.to_thread(timeline_png, reply)  # later pages keep this one
        view: OwnedView | None = None
        if page.pages > 1:
            view = Pager(self, command, args, env, interaction.user.id, page.pages)
            add_choices(view, command, args, env, reply)
        elif add_choices(
            chooser := OwnedView(self, interaction.user.id), command, args, env, reply
        ):
            view = chooser
        await self.respond(
            interaction,
            page=page,
            view=view,
            ephemeral=command.admin,
            file=chart_file(chart),
        )

    async def respond(
        self,
        interaction: discord.Interaction,
        *,
        page: Page | None = None,
        content: str | None = None,
        view: discord.ui.View | None = None,
        ephemeral: bool = False,
        file: discord.File | None = None,
    ) -> None:
        kwargs: dict[str, Any] = {"ephemeral": ephemeral}
        if file is not None:
            kwargs["file"] = file
        if page is not None:
            kwargs["embed"] = page.embed
        if content is not None:
            kwargs["content"] = shorten(content, 2000)
        if view is not None:
            kwargs["view"] = view
        if interaction.response.is_done():
            await interaction.followup.send(**kwargs)
        else:
            await interaction.response.send_message(**kwargs)

    def failed(self, interaction: discord.Interaction) -> Callable[[str], Awaitable[None]]:
        """How an error's text reaches the asker: privately, as the answer or after it."""

        async def send(text: str) -> None:
            try:
                await self.respond(interaction, content=text, ephemeral=True)
            except discord.HTTPException:
                log.warning("could not send the error reply", exc_info=True)

        return send

    async def report_error(self, interaction: discord.Interaction, error: BaseException) -> None:
        """An error raised outside the pipeline (discord.py's checks and argument
        conversion, a view's callback): through the pipeline's one error handler."""
        text = error_reply(error, "command", {app_commands.CheckFailure: CHECK_FAILED})
        await self.failed(interaction)(text)

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await self.report_error(interaction, error)


def set_api_base(settings: Settings) -> None:
    """discord.py's own knob for the API root (it sets it per API version); for a proxy or
    a test server."""
    if settings.discord.api_base:
        discord.http.Route.BASE = settings.discord.api_base.rstrip("/")


async def start_discord(runtime: Runtime) -> tuple[BriefingBot, asyncio.Task[None]]:
    """Log in and connect in the background; the task ends when the bot stops."""
    set_api_base(runtime.settings)
    bot = BriefingBot(runtime, **runtime.settings.discord.shard_options())
    token = runtime.settings.discord.token
    assert token is not None
    return bot, asyncio.create_task(bot.start(token.get_secret_value()))


def explain_failure(exc: BaseException) -> str | None:
    """A one-line reason for a start-up failure the admin can fix, or None."""
    if isinstance(exc, discord.LoginFailure):
        return "Discord refused the token in DISCORD_TOKEN"
    if isinstance(exc, aiohttp.ClientError | OSError):
        return f"cannot reach Discord at {discord.http.Route.BASE} ({type(exc).__name__})"
    return None
