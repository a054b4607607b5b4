"""Both engines provide everything the store asks of an engine (bot.store.engines.base)."""

from __future__ import annotations

import inspect
from types import ModuleType

import pytest

from bot.store.engines import engine_for
from bot.store.engines.base import Engine
from bot.store.engines.postgresql import base as postgresql
from bot.store.engines.sqlite import base as sqlite

ENGINES = [pytest.param(sqlite, id="sqlite"), pytest.param(postgresql, id="postgresql")]
# The Protocol's own: its methods and its attributes (NAME).
METHODS = sorted(n for n, v in vars(Engine).items() if inspect.isfunction(v) and n[0] != "_")
MEMBERS = sorted({*METHODS, *Engine.__annotations__})


def _parameters(function: object) -> list[inspect.Parameter]:
    return list(inspect.signature(function).parameters.values())  # type: ignore[arg-type]


def _compatible(wanted: inspect.Parameter, given: inspect.Parameter) -> bool:
    """Whether an engine's parameter takes what a caller of the Protocol's passes: by
    position only, any name; otherwise the same name and kind. Optional in both or
    in neither."""
    if (wanted.default is wanted.empty) != (given.default is given.empty):
        return False
    if wanted.kind is inspect.Parameter.POSITIONAL_ONLY:
        return given.kind in (given.POSITIONAL_ONLY, given.POSITIONAL_OR_KEYWORD)
    return (wanted.name, wanted.kind) == (given.name, given.kind)


@pytest.mark.parametrize("engine", ENGINES)
def test_an_engine_satisfies_the_protocol(engine: ModuleType):
    assert isinstance(engine, Engine)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("member", MEMBERS)
def test_an_engine_has_every_member(engine: ModuleType, member: str):
    assert hasattr(engine, member), f"{engine.__name__} lacks {member}"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("member", METHODS)
def test_an_engines_functions_take_the_protocols_arguments(engine: ModuleType, member: str):
    """As many parameters, each compatible, in the same order: a caller of the Protocol
    calls either engine alike."""
    wanted = _parameters(getattr(Engine, member))[1:]  # without `self`
    given = _parameters(getattr(engine, member))
    assert len(given) == len(wanted), (given, wanted)
    assert all(_compatible(w, g) for w, g in zip(wanted, given, strict=True)), (given, wanted)


def test_the_protocol_names_the_members_the_store_uses():
    assert {"open_database", "newer_schema", "write_transaction", "reload_lock"} <= set(METHODS)
    assert {"hold_lease", "matching_events", "claim_request"} <= set(METHODS)


def test_the_store_picks_the_engine_from_where_it_is():
    assert engine_for(None) is sqlite
    assert engine_for("postgresql://briefing@localhost/briefing") is postgresql
    assert (sqlite.NAME, postgresql.NAME) == ("SQLite", "PostgreSQL")
