"""How every front answers a request: parse → authorise → run the handler → render, and
the one place where an error becomes a reply.

A front supplies only its transport and its renderer, as plain callables: how the request
arrived (`parse`: what it asks, as a `Request`), what it does once the request is accepted
(`accepted`: Discord's "thinking…", the console's paging), how a reply is rendered and sent
(`render`) and how an error's text is sent (`fail`). The pipeline checks who may run the
command (once, before anything is deferred or run), runs the handler through the runtime,
and turns whatever went wrong into text through `error_reply`: a domain error's own
message (a store that is unavailable says to try again), anything else an apology, its
traceback to the log. A user never reads an exception's text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from bot import metrics
from bot.errors import BadInput, BriefingError, NotAllowed, StoreUnavailable
from bot.fronts.common import APOLOGY
from bot.logs import bind_request, unbind_request
from bot.replies import Reply
from bot.runtime.runtime import Runtime
from commands import Command, Env, check_admin

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Request:
    """A command as a front received it: what to run, with what, for whom and where."""

    command: Command
    args: dict[str, str]
    env: Env


def error_reply(
    error: BaseException,
    what: str = "command",
    known: Mapping[type[BaseException], str] | None = None,
) -> str:
    """The text a user reads for an error: a domain error's message, a transport's own
    refusal (`known`, e.g. Discord's failed check), else an apology (logged with its
    traceback)."""
    original = getattr(error, "original", error)  # a library's wrapper of the real error
    if isinstance(original, BriefingError):
        return original.message
    for kind, text in (known or {}).items():
        if isinstance(error, kind):
            return text
    log.error("%s failed", what, exc_info=original)
    return APOLOGY


async def answer(
    runtime: Runtime,
    parse: Callable[[], Awaitable[Request]],
    render: Callable[[Request, Reply], Awaitable[T]],
    fail: Callable[[str], Awaitable[T]],
    *,
    accepted: Callable[[Request], Awaitable[None]] | None = None,
    what: str = "command",
) -> T:
    """One request through the pipeline; what `render` or, on any error, `fail` gave.
    Each is counted and timed (bot/metrics.py) and logged with its context: command,
    front, channel and a request id on every line it leads to (bot/logs.py)."""
    started = time.perf_counter()
    request: Request | None = None
    outcome = "ok"
    try:
        request = await parse()
        bind_request(request.command.name, request.env.front, request.env.channel)
        check_admin(request.command, request.env)
        if accepted is not None:
            await accepted(request)
        reply = await runtime.run_command(request.command, request.args, request.env)
        return await render(request, reply)
    except Exception as exc:
        outcome = _outcome(exc)
        return await fail(error_reply(exc, what))
    finally:
        seconds = time.perf_counter() - started
        name = request.command.name if request is not None else "unknown"
        front = request.env.front if request is not None else "unknown"
        metrics.COMMANDS.labels(name, front, outcome).inc()
        metrics.COMMAND_SECONDS.labels(name, front).observe(seconds)
        log.info("answered", extra={"outcome": outcome, "ms": round(seconds * 1000, 1)})
        unbind_request()


def _outcome(error: BaseException) -> str:
    """How a request ended, for the metrics: its error's kind."""
    original = getattr(error, "original", error)
    if isinstance(original, NotAllowed):
        return "not_allowed"
    if isinstance(original, BadInput):
        return "bad_input"
    if isinstance(original, StoreUnavailable):
        return "unavailable"
    return "error"
