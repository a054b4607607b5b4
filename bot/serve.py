"""`briefing run` with chat tokens: every configured front on one event loop."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable

from bot.runtime.health import HealthServer, digest_owner_check, store_check
from bot.runtime.runtime import Clock, Runtime
from bot.settings import Settings

log = logging.getLogger(__name__)


def has_chat_front(settings: Settings) -> bool:
    def given(secret: object) -> bool:
        return secret is not None and bool(secret.get_secret_value())  # type: ignore[attr-defined]

    return given(settings.discord.token) or (
        given(settings.slack.bot_token)
        and (given(settings.slack.app_token) or given(settings.slack.signing_secret))
    )


async def serve(settings: Settings, clock: Clock, stop: asyncio.Event) -> int:
    """Start the fronts, run until `stop` is set or a front fails, then shut down cleanly."""
    runtime = Runtime(settings, clock)
    tasks: dict[asyncio.Task, str] = {}
    closers: list[Callable[[], Awaitable[None]]] = []
    explain: dict[str, Callable[[BaseException], str | None]] = {}
    # Each front's "is it connected" for /readyz (bot/runtime/health.py).
    connected: list[Callable[[], Awaitable[str | None]]] = []
    health: HealthServer | None = None
    try:
        if settings.discord.token is not None and settings.discord.token.get_secret_value():
            from bot.fronts.discord.front import explain_failure, start_discord

            bot, task = await start_discord(runtime)
            tasks[task] = "discord"
            closers.append(bot.close)
            explain["discord"] = explain_failure

            async def discord_connected() -> str | None:
                return bot.connected()

            connected.append(discord_connected)
        if settings.slack.bot_token is not None and settings.slack.bot_token.get_secret_value():
            from bot.fronts.slack.front import explain_failure as explain_slack
            from bot.fronts.slack.front import start_slack

            front, task = await start_slack(runtime)
            tasks[task] = "slack"
            closers.append(front.close)
            explain["slack"] = explain_slack
            connected.append(front.connected)
        health = bot_health(settings, runtime, connected)
        await health.start()
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({*tasks, stopper}, return_when=asyncio.FIRST_COMPLETED)
        code = 0
        for task in done - {stopper}:
            exc = task.exception()
            if exc is not None:
                reason = explain[tasks[task]](exc)
                if reason:
                    log.error("%s", reason)
                else:
                    log.error("the %s front stopped", tasks[task], exc_info=exc)
                code = 1
        stopper.cancel()
        return code
    finally:
        log.info("stopping")
        if health is not None:
            await health.close()
        for close in closers:
            try:
                await close()
            except Exception:
                log.warning("error while stopping a front", exc_info=True)
        for task in tasks:
            task.cancel()
        await runtime.close()


def bot_health(
    settings: Settings,
    runtime: Runtime,
    connected: list[Callable[[], Awaitable[str | None]]],
) -> HealthServer:
    """The bot's health port: ready when its store answers, its fronts are connected and
    some process owns the digests."""

    async def fronts() -> str | None:
        reasons = [reason for check in connected if (reason := await check())]
        return "; ".join(reasons) or None

    checks = {
        "store": store_check(runtime.queries.run),
        "fronts": fronts,
        "digest_owner": digest_owner_check(runtime.queries.run),
    }
    # systemd hears READY=1 once the store answers and the fronts are connected; the
    # digest owner may be another process, or come later.
    return HealthServer(
        settings, "bot", checks, runtime.queries.run, start_checks=("store", "fronts")
    )


def run_fronts(settings: Settings, clock: Clock) -> int:
    """Run until SIGINT or SIGTERM."""

    async def main() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        return await serve(settings, clock, stop)

    return asyncio.run(main())
