"""What every `briefing` command shares: its settings, the clock, JSON and failure output."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer

from bot.settings import Settings, load_settings


def settings_for(db: str | Path | None = None, seeds: Path | None = None) -> Settings:
    """The settings, with the command's --db and --seeds in place of theirs; logging set up."""
    from bot.store.location import server_url

    settings = load_settings()
    if db is not None:
        settings.store.db = server_url(db) or Path(db)
    if seeds is not None:
        settings.ingest.seeds = seeds
    from bot.logs import setup

    setup(settings.log_level, role(), settings.log_format, sys.stderr)
    return settings


# The process's role in its log lines, by the command that started it.
ROLES = {"run": "bot", "ingest": "ingest"}


def role(argv: list[str] | None = None) -> str:
    """'bot' for `briefing run`, 'ingest' for `briefing ingest`, else the command's name
    (the first word of the command line that is no option)."""
    words = [a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")]
    name = words[0] if words else "briefing"
    return ROLES.get(name, name)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def emit(payload: dict[str, Any] | list[Any]) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def fail(message: str, as_json: bool, code: int = 1) -> NoReturn:
    if as_json:
        emit({"error": message})
    else:
        typer.echo(message, err=True)
    raise typer.Exit(code)
