"""What every `briefing` command shares: its settings, the clock, JSON and failure output."""

from __future__ import annotations

import datetime as dt
import json
import logging
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
    logging.basicConfig(
        level=settings.log_level.upper() if isinstance(settings.log_level, str) else "WARNING",
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    return settings


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
