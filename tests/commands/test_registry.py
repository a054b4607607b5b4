"""The command registry (commands/__init__.py): discovery, parsing, checks, declarations."""

from __future__ import annotations

import pytest

from bot.errors import BadInput, UnknownCommand
from bot.replies import HelpReply
from commands import Command, Effect, Waiting, parse, registry, run_line, wait, wait_here
from tests.conftest import NOW
from tests.factories import command_env, extra_command


def _handler(store, args, now, env):
    return HelpReply([])


@pytest.mark.parametrize(
    ("declared", "problem"),
    [
        ({"writes": True}, "must be declared slow"),
        ({"after": (Effect.RESCHEDULE_DIGESTS,)}, "does not write"),
        ({"slow": True, "after": (Effect.RESCHEDULE_DIGESTS,)}, "does not write"),
    ],
)
def test_inconsistent_declarations_are_refused(declared, problem):
    with pytest.raises(ValueError, match=problem):
        Command(name="x", description="A command.", handler=_handler, **declared)


def test_every_command_declares_consistently():
    for command in registry().values():
        assert not command.writes or command.slow, command.name
        assert not command.after or command.writes, command.name
        assert all(isinstance(effect, Effect) for effect in command.after), command.name
    declared = {c.name: (c.slow, c.writes, c.after) for c in registry().values()}
    assert declared["reload"] == (True, True, (Effect.SEND_ALERTS,))
    assert declared["digest-setup"] == (True, True, (Effect.RESCHEDULE_DIGESTS,))
    # Reads that query the store by entity, date or words may be slow on a large store.
    assert all(declared[n][0] for n in ("who", "where", "since", "search", "timeline"))
    assert not declared["help"][0]


def test_a_new_module_is_a_new_command(tmp_path):
    with extra_command(tmp_path, slow=True, writes=False):
        command, args = parse("/probe")
        assert (command.name, command.slow, command.writes, args) == ("probe", True, False, {})
    assert "probe" not in registry()


@pytest.mark.parametrize(
    ("line", "name", "args"),
    [
        ("/who Tartus", "who", {"name": "Tartus"}),
        ("/WHO   Bashar al-Assad ", "who", {"name": "Bashar al-Assad"}),
        ("/since 3 days ago", "since", {"date": "3 days ago"}),
        ("/help", "help", {}),
        ("/digest", "digest", {}),
    ],
)
def test_parse(line, name, args):
    command, parsed = parse(line)
    assert (command.name, parsed) == (name, args)


@pytest.mark.parametrize("line", ["who Tartus", "/nope", "", "/"])
def test_unknown_command_names_the_known_ones(line):
    with pytest.raises(UnknownCommand) as caught:
        parse(line)
    assert "/who" in caught.value.message or "/who Tartus" in caught.value.message


@pytest.mark.parametrize("line", ["/who", "/who    ", "/since", "/who \x00\x01"])
def test_missing_argument_says_what_is_expected(store, line):
    with pytest.raises(BadInput) as caught:
        run_line(line, store, NOW, command_env())
    assert "e.g." in caught.value.message


def test_overlong_argument_is_refused(store):
    with pytest.raises(BadInput, match="too long"):
        run_line("/who " + "x" * 10_000, store, NOW, command_env())


def test_a_waited_for_answer_is_read_until_it_comes(store):
    looks: list[bool] = []

    def answer(_store, final):
        looks.append(final)
        return HelpReply([]) if len(looks) == 3 else None

    assert isinstance(wait_here(Waiting(answer, seconds=60, every=0), store), HelpReply)
    assert looks == [False, False, False]


def test_the_last_look_at_a_waited_for_answer_must_answer(store):
    looks: list[bool] = []

    def never(_store, final):
        looks.append(final)

    with pytest.raises(RuntimeError, match="last look"):
        wait_here(Waiting(never, seconds=0, every=0), store)
    assert looks == [True]


async def test_one_wait_paces_its_looks_on_any_clock_and_sleep():
    """`wait` is the one spelling of the loop: the runtime gives it the loop's clock and
    sleep, `wait_here` the thread's; here a clock that moves only when it sleeps."""
    now = [0.0]
    looks: list[tuple[float, bool]] = []

    async def read(final: bool):
        looks.append((now[0], final))
        return HelpReply([]) if final else None

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    reply = await wait(
        Waiting(lambda s, f: None, seconds=1.0, every=0.4), read, sleep, lambda: now[0]
    )
    assert isinstance(reply, HelpReply)
    assert looks == [(0.0, False), (0.4, False), (0.8, False), (1.0, True)]
