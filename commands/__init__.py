"""Slash commands, discovered: every public module here that defines COMMAND is one.

A handler takes plain values (the store, parsed arguments, the clock and an Env of the
process's other resources) and returns a reply model from `bot.replies`. A front parses,
authorises (`check_admin`), runs and renders through its one pipeline
(`bot.fronts.pipeline`), `run_line` through `dispatch`; none of them queries the store. What
the fronts and the runtime need to know about a command (whether to defer its answer,
whether it writes, what follows it) is declared on its `Command`, never listed elsewhere.

A handler whose answer another process gives (/reload with an ingest service) files its
request and returns `Waiting`: how to read the answer. The runtime reads it off the writer
thread, so that a long wait never holds this process's other writes; a caller with one
store of its own (`briefing ask`, the tests) waits in place (`wait_here`); both through
`wait`.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import shlex
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from bot.errors import BadInput, NotAllowed, UnknownCommand
from bot.extraction.engine import Engine
from bot.replies import Reply
from bot.store import Store

MAX_ARGUMENT_CHARS = 200


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    required: bool = True
    # "text", "entity" (autocompleted from the store), "date", "channel", "time", "timezone"
    kind: str = "text"


@dataclass
class Env:
    """What a handler may need beyond the store and the clock."""

    seeds: Path
    engine: Engine | None = None
    # Extraction processes a /reload may use.
    workers: int = 1
    is_admin: bool = False
    # Which front asks ("console", "discord", "slack"), from which channel and server;
    # channels are front-qualified ("discord:123") wherever they are stored.
    front: str = "console"
    # Who may run admin commands, in the asking front's words ("server admins" on Discord).
    admins: str = "admins"
    channel: str = "console"
    guild: str | None = None
    # Events per answer; None returns every match (the command line's JSON).
    page_size: int | None = None
    page: int = 0
    # How many top stories a digest leads with (DIGEST_MAX_STORIES).
    digest_stories: int = 10
    # A /digest-setup's zone when none is typed, and whether its empty days are skipped
    # (DIGEST_TIMEZONE, DIGEST_SKIP_EMPTY): the same on every front.
    digest_timezone: str = "UTC"
    digest_skip_empty: bool = False
    # Who asks, front-qualified ("discord:42"), when the front knows.
    user: str | None = None
    # Seconds /reload waits for the ingest service (INGEST_SERVICE); None reloads here.
    ingest_wait: float | None = None
    # How often a feed added with /feeds is fetched (FEEDS_EVERY), in seconds, and whether
    # its address may be private, loopback or link-local (FEEDS_ALLOW_PRIVATE).
    feed_every: int = 900
    feeds_allow_private: bool = False

    @property
    def offset(self) -> int:
        return self.page * self.page_size if self.page_size else 0


@dataclass(frozen=True)
class Waiting:
    """What a handler filed and how to read its answer, which another process gives."""

    # Reads only: the answer, or None while it is not ready. On the last look (`final`,
    # once `seconds` have passed) it answers or raises what the asker should read.
    answer: Callable[[Store, bool], Reply | None]
    seconds: float
    # How often the answer is read.
    every: float = 0.25


Handler = Callable[[Store, dict[str, str], dt.datetime, Env], Reply | Waiting]


class Effect(StrEnum):
    """Something the runtime does after a command succeeded."""

    RESCHEDULE_DIGESTS = "reschedule-digests"
    # Tell each channel that follows entities what the change brought about them.
    SEND_ALERTS = "send-alerts"
    # Fetch the feeds that are due now (a new subscription's first fetch).
    FETCH_FEEDS = "fetch-feeds"


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    handler: Handler
    params: tuple[Param, ...] = ()
    admin: bool = False
    examples: tuple[str, ...] = field(default_factory=tuple)
    # The front answers at once that it is working and follows up (Discord's defer),
    # because the answer may take longer than a chat platform waits.
    slow: bool = False
    # The runtime runs it on the writer worker, behind every other write.
    writes: bool = False
    # What the runtime does once the handler succeeded.
    after: tuple[Effect, ...] = ()

    def __post_init__(self) -> None:
        # A write may queue behind a reload, so it must not promise a quick answer; and
        # effects follow a change, so only a writing command has any.
        if self.writes and not self.slow:
            raise ValueError(f"/{self.name} writes, so it must be declared slow")
        if self.after and not self.writes:
            raise ValueError(f"/{self.name} has after-effects but does not write")

    @property
    def usage(self) -> str:
        parts = [f"/{self.name}"]
        for p in self.params:
            parts.append(f"<{p.name}>" if p.required else f"[{p.name}]")
        return " ".join(parts)


@lru_cache(maxsize=1)
def registry() -> dict[str, Command]:
    """Every command in this package, by name."""
    found: dict[str, Command] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        command = getattr(module, "COMMAND", None)
        if not isinstance(command, Command):
            continue
        if command.name in found:
            raise RuntimeError(f"two commands are named /{command.name}")
        found[command.name] = command
    return dict(sorted(found.items()))


def _clean(value: str) -> str:
    value = "".join(ch for ch in value if ch.isprintable() or ch == " ").strip()
    if len(value) > MAX_ARGUMENT_CHARS:
        raise BadInput(f"That is too long: keep arguments under {MAX_ARGUMENT_CHARS} characters.")
    return value


def parse(line: str) -> tuple[Command, dict[str, str]]:
    """'/who Tartus' -> (who, {'name': 'Tartus'}). The last parameter takes the rest."""
    text = line.strip()
    if not text.startswith("/"):
        raise UnknownCommand("Commands start with '/', like /who Tartus. Type /help for the list.")
    name, _, rest = text[1:].partition(" ")
    command = registry().get(name.lower().strip())
    if command is None:
        known = ", ".join(f"/{n}" for n in registry())
        raise UnknownCommand(f"There is no /{_clean(name)[:40]} command. Try one of: {known}.")
    args: dict[str, str] = {}
    rest = rest.strip()
    if command.params:
        head = command.params[:-1]
        try:
            words = shlex.split(rest) if head else []
        except ValueError:
            words = rest.split()
        for param in head:
            if words:
                args[param.name] = words.pop(0)
        last = command.params[-1]
        tail = " ".join(words) if head else rest
        if tail:
            args[last.name] = tail
    return command, args


def validate(command: Command, args: dict[str, str]) -> dict[str, str]:
    cleaned = {k: _clean(v) for k, v in args.items() if v is not None}
    for param in command.params:
        if param.required and not cleaned.get(param.name):
            raise BadInput(
                f"/{command.name} needs a {param.name}: {command.usage}"
                + (f", e.g. {command.examples[0]}" if command.examples else "")
                + "."
            )
    return cleaned


def check_admin(command: Command, env: Env) -> None:
    """Refuse an admin command to a member, in the words of the front that asks."""
    if command.admin and not env.is_admin:
        raise NotAllowed(f"/{command.name} is for {env.admins} only; nothing was changed.")


def begin(
    command: Command, args: dict[str, str], store: Store, now: dt.datetime, env: Env
) -> Reply | Waiting:
    """Check the arguments, then run the handler: its reply, or what it waits for (the
    runtime reads that elsewhere than where the handler ran). Whoever calls it has
    authorised the asker (`check_admin`): `dispatch` here, the fronts' pipeline in chat."""
    return command.handler(store, validate(command, args), now, env)


async def wait(
    waiting: Waiting,
    read: Callable[[bool], Awaitable[Reply | None]],
    sleep: Callable[[float], Awaitable[object]],
    clock: Callable[[], float],
) -> Reply:
    """Read a waited-for answer (`read(final)`) every `waiting.every` seconds until it
    comes or `waiting.seconds` have passed; the last look always answers (or raises).
    The one spelling of a wait: the runtime reads on its wait thread and sleeps on the
    loop, `wait_here` reads and sleeps in place."""
    deadline = clock() + waiting.seconds
    while True:
        final = clock() >= deadline
        reply = await read(final)
        if reply is not None:
            return reply
        if final:
            raise RuntimeError("a waited-for answer gave nothing on its last look")
        await sleep(min(waiting.every, max(0.0, deadline - clock())))


def wait_here(waiting: Waiting, store: Store) -> Reply:
    """`wait` on this store, in this thread (no event loop): its reads and sleeps
    never suspend, so the coroutine finishes on its first step."""

    async def read(final: bool) -> Reply | None:
        return waiting.answer(store, final)

    async def sleep(seconds: float) -> None:
        time.sleep(seconds)

    steps = wait(waiting, read, sleep, time.monotonic)
    try:
        steps.send(None)
    except StopIteration as done:
        return done.value
    steps.close()
    raise RuntimeError("a wait in place suspended")


def dispatch(
    command: Command, args: dict[str, str], store: Store, now: dt.datetime, env: Env
) -> Reply:
    """Check permission and arguments, run the handler and wait for its answer here."""
    check_admin(command, env)
    reply = begin(command, args, store, now, env)
    return wait_here(reply, store) if isinstance(reply, Waiting) else reply


def run_line(line: str, store: Store, now: dt.datetime, env: Env) -> Reply:
    command, args = parse(line)
    return dispatch(command, args, store, now, env)
