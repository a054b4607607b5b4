"""The `briefing` command line: the typer app, one module per group of commands (each
loading what it runs when it runs), and `main`. Its JSON output is a contract other tools
read."""

from __future__ import annotations

import logging
import os
import sys

import typer

from bot.cli.feeds import app as feeds_app
from bot.cli.ingest import ingest_command
from bot.cli.query import INSPECT_HELP, ask_command, digest_command, inspect_command
from bot.cli.reload import reload_command
from bot.cli.run import run_command, slack_manifest_command
from bot.cli.store import (
    backup_command,
    browse_command,
    migrate_command,
    restore_command,
    status_command,
)
from bot.settings import SettingsError

log = logging.getLogger("briefing")
app = typer.Typer(
    help="Briefing: news events from your seed documents, asked about from chat or here.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("ingest")(ingest_command)
app.command("reload")(reload_command)
app.command("ask")(ask_command)
app.command("inspect", help=INSPECT_HELP)(inspect_command)
app.command("digest")(digest_command)
app.command("browse")(browse_command)
app.command("migrate")(migrate_command)
app.command("backup")(backup_command)
app.command("restore")(restore_command)
app.command("status")(status_command)
app.command("slack-manifest")(slack_manifest_command)
app.command("run")(run_command)
app.add_typer(feeds_app, name="feeds")


def _terminated(signum: int, _frame: object) -> None:
    """SIGTERM (a supervisor's stop): unwind as Ctrl-C does, so a reload's transaction
    rolls back and its worker processes are ended, rather than die where it stands."""
    raise SystemExit(128 + signum)


def main() -> None:
    import signal

    # The long-running commands (run, ingest, reload --watch) put their own handler in
    # place while their loop runs; everything else ends cleanly on this one.
    signal.signal(signal.SIGTERM, _terminated)
    try:
        app()
    except SystemExit as exc:
        if exc.code == 128 + signal.SIGTERM:
            # Unwound (transactions rolled back, workers ended): multiprocessing's exit
            # handlers would wait for ever on a queue whose worker process was ended.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(exc.code)
        raise
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
    except SettingsError as exc:  # a setting (environment or .env) that is not valid
        sys.exit(f"briefing: {exc.message}")
    except Exception as exc:
        from bot.store.faults import as_store_error, is_driver_error

        if is_driver_error(exc):  # a store fault no command caught: said the store's way
            sys.exit(f"briefing: {as_store_error(exc).message}")
        # A bug, not bad input: one line for the user, the traceback only in the debug log.
        log.debug("unexpected failure", exc_info=True)
        typer.echo(
            f"briefing: internal error ({type(exc).__name__}); run with LOG_LEVEL=DEBUG"
            " for the details.",
            err=True,
        )
        sys.exit(2)
