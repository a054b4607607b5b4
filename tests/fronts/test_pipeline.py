"""The fronts' one pipeline: whatever a handler raises, the console, Discord and Slack
answer with the same text, made in one place (`bot.fronts.pipeline.error_reply`): a
domain error's message, an apology for anything else (whose traceback goes to the log,
never to the user)."""

from __future__ import annotations

import ast
import inspect
import logging
import shutil
from types import SimpleNamespace
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest

import bot.errors
from bot.errors import BriefingError, StoreUnavailable
from bot.fronts.common import APOLOGY
from bot.fronts.console.front import Console
from bot.fronts.discord.front import BriefingBot
from bot.fronts.pipeline import Request, answer, error_reply
from bot.fronts.slack.front import SlackFront
from bot.runtime.runtime import Runtime
from commands import Command, Env, registry
from tests.conftest import NOW, REPO, SEEDS
from tests.factories import settings_of

DOMAIN_ERRORS = sorted(
    (c for _, c in inspect.getmembers(bot.errors, inspect.isclass) if issubclass(c, BriefingError)),
    key=lambda c: c.__name__,
)
SECRET = "no such table: secret_detail"


def _raised(kind: type[BaseException]) -> BaseException:
    """An error of that kind, as a handler raises it (StoreUnavailable with its own words)."""
    return kind() if kind is StoreUnavailable else kind(f"Read this, please ({kind.__name__}).")


def _expected(error: BaseException) -> str:
    return error.message if isinstance(error, BriefingError) else APOLOGY


@pytest.fixture
async def runtime(tmp_path, seed_db):
    shutil.copy(seed_db, tmp_path / "b.db")
    settings = settings_of(
        briefing_db=tmp_path / "b.db",
        discord_token="x",
        slack_bot_token="xoxb-test",
        slack_admin_user_ids="U0123ABCD",
    )
    running = Runtime(settings, lambda: NOW)
    yield running
    await running.close()


def _failing(monkeypatch, error: BaseException) -> Command:
    """/boom, a command whose handler raises `error`, in the registry every front reads."""

    def handler(store, args, now, env):
        raise error

    boom = Command(name="boom", description="Raises.", handler=handler)
    monkeypatch.setattr("commands.registry", lambda: {**registry(), "boom": boom})
    return boom


async def _console(runtime: Runtime, command: Command) -> str:
    return await Console(runtime).answer(f"/{command.name}") or ""


async def _discord(runtime: Runtime, command: Command) -> str:
    bot = BriefingBot(runtime)
    interaction = MagicMock(spec=discord.Interaction)
    interaction.response = MagicMock(spec=discord.InteractionResponse)
    interaction.response.is_done.return_value = False
    interaction.response.send_message = AsyncMock()
    interaction.permissions = discord.Permissions()
    interaction.guild_id, interaction.channel_id = 1, 2
    await bot.invoke(interaction, command, {})
    interaction.response.send_message.assert_awaited_once()
    kwargs = interaction.response.send_message.await_args.kwargs
    assert kwargs["ephemeral"] is True
    return kwargs["content"]


async def _slack(runtime: Runtime, command: Command) -> str:
    front = SlackFront(runtime)
    respond = AsyncMock()
    body = {"user_id": "U0123ABCD", "channel_id": "C1", "team_id": "T1", "text": ""}
    await front.answer(command, body, respond)
    respond.assert_awaited_once()
    assert respond.await_args.kwargs["response_type"] == "ephemeral"
    return respond.await_args.kwargs["text"]


FRONTS = {"console": _console, "discord": _discord, "slack": _slack}
ERRORS = [*(_raised(kind) for kind in DOMAIN_ERRORS), RuntimeError(SECRET)]


def test_every_domain_error_is_covered():
    names = {type(e).__name__ for e in ERRORS}
    assert {"BadInput", "NotAllowed", "StoreUnavailable", "BriefingError"} <= names


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
async def test_every_front_answers_an_error_with_the_same_text(runtime, monkeypatch, caplog, error):
    command = _failing(monkeypatch, error)
    with caplog.at_level(logging.ERROR):
        heard = {name: await ask(runtime, command) for name, ask in FRONTS.items()}
    assert heard == dict.fromkeys(FRONTS, _expected(error))
    for text in heard.values():
        assert SECRET not in text and "Traceback" not in text
    if isinstance(error, BriefingError):
        assert "Traceback" not in caplog.text
    else:  # the log gets the traceback, once per front
        assert caplog.text.count("Traceback") == len(FRONTS) and SECRET in caplog.text


async def test_the_admin_check_refuses_before_anything_is_deferred_or_run():
    """Authorise is the pipeline's one step before the front's `accepted` (Discord's
    "thinking…") and the handler; the runtime does not check again."""
    steps: list[str] = []

    async def run_command(command, args, env):
        steps.append("run")

    async def ask() -> Request:
        env = Env(seeds=SEEDS, is_admin=False, admins="server admins")
        return Request(registry()["reload"], {}, env)

    async def accepted(request: Request) -> None:
        steps.append("accepted")

    async def render(request: Request, reply) -> str:
        steps.append("render")
        return "answered"

    async def fail(text: str) -> str:
        return text

    runtime = SimpleNamespace(run_command=run_command)
    text = await answer(runtime, ask, render, fail, accepted=accepted)  # type: ignore[arg-type]
    assert text == "/reload is for server admins only; nothing was changed." and steps == []


def test_a_store_that_is_unavailable_says_try_again():
    assert error_reply(StoreUnavailable()) == StoreUnavailable().message
    assert "try again" in error_reply(StoreUnavailable())


def test_a_wrapped_error_is_read_through_its_wrapper():
    wrapper = RuntimeError("wrapped")
    wrapper.original = bot.errors.BadDate("Use a date like 2025-01-01.")  # type: ignore[attr-defined]
    assert error_reply(wrapper) == "Use a date like 2025-01-01."


# --- the fronts' source: no error becomes a reply outside the pipeline ------------------------

FRONT_SOURCES = sorted((REPO / "bot" / "fronts").rglob("*.py"))
PIPELINE = REPO / "bot" / "fronts" / "pipeline.py"
DOMAIN_NAMES = {c.__name__ for c in DOMAIN_ERRORS}


def _error_mappings(path) -> list[str]:
    """Where a module catches a domain error, tests for one, or sends the apology."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            caught = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
            caught |= {n.attr for n in ast.walk(node.type) if isinstance(n, ast.Attribute)}
            if caught & DOMAIN_NAMES:
                found.append(f"{path.name}:{node.lineno} catches {sorted(caught & DOMAIN_NAMES)}")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "isinstance":
            named = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
            if named & DOMAIN_NAMES:
                found.append(f"{path.name}:{node.lineno} tests for {sorted(named & DOMAIN_NAMES)}")
        elif isinstance(node, ast.Name) and node.id == "APOLOGY" and path.name != "common.py":
            found.append(f"{path.name}:{node.lineno} uses APOLOGY")
    return found


def test_the_pipeline_is_where_errors_become_replies():
    assert _error_mappings(PIPELINE)  # the rule sees the one place that does it


@pytest.mark.parametrize("path", FRONT_SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_front_module_maps_errors_itself(path):
    if path == PIPELINE:
        return
    assert _error_mappings(path) == []
