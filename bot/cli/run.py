"""`briefing run` (the bot, on every front its settings give) and `slack-manifest`."""

from __future__ import annotations

import typer

from bot.cli.common import emit, fail, settings_for, utc_now
from bot.cli.options import DbOption, SeedsOption
from bot.errors import BriefingError


def slack_manifest_command() -> None:
    """Print the Slack app manifest (JSON), generated from the commands."""
    from bot.fronts.slack.manifest import build_manifest

    emit(build_manifest())


def run_command(db: DbOption = None, seeds: SeedsOption = None) -> None:
    """Start the bot: on Discord and/or Slack when their tokens are set, else a console."""
    from bot.fronts.console.front import run_console
    from bot.store import Store

    settings = settings_for(db, seeds)
    from bot.serve import has_chat_front, run_fronts

    try:  # the store's problems stop the start, in one line, before any front connects
        with Store(settings.store.db) as store:
            store.check_writable()
    except BriefingError as exc:
        fail(exc.message, False)

    if has_chat_front(settings):
        raise typer.Exit(run_fronts(settings, utc_now))
    raise typer.Exit(run_console(settings, utc_now))
