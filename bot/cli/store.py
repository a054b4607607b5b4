"""`briefing browse`, `migrate`, `backup` and `restore`: the store as a whole, looked at,
copied or saved."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.common import emit, fail, settings_for
from bot.cli.options import DbOption, JsonOption
from bot.cli.supervise import supervise
from bot.errors import BriefingError

if TYPE_CHECKING:
    from bot.store.backup import BackupReport


def browse_command(
    db: DbOption = None,
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1")] = 8001,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback unless you say so)")
    ] = "127.0.0.1",
) -> None:
    """Browse the store read-only in Datasette, full-text search of sentences included."""
    import importlib.util

    from bot.store.location import check_store_file, store_path

    settings = settings_for(db, None)
    if importlib.util.find_spec("datasette") is None:
        fail("Datasette is not installed: pip install 'briefing[browse]'", False)
    try:  # checked without opening it: browsing never writes, not even a migration
        check_store_file(store_path(settings.store.db), create=False)
    except BriefingError as exc:
        fail(exc.message, False)
    metadata = {
        "title": "Briefing",
        "databases": {
            Path(settings.store.db).stem: {
                "tables": {
                    "events": {"fts_table": "events_fts", "fts_pk": "id", "sort_desc": "when_end"}
                }
            }
        },
    }
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        meta = Path(folder) / "metadata.json"
        meta.write_text(json.dumps(metadata), "utf-8")
        command = [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            str(settings.store.db),
            "--host",
            host,
            "--port",
            str(port),
            "--metadata",
            str(meta),
            "--setting",
            "sql_time_limit_ms",
            "3000",
        ]
        typer.echo(f"Browsing {settings.store.db} at http://{host}:{port}/ (Ctrl-C to stop)")
        code = supervise(command)
    raise typer.Exit(code)


def migrate_command(
    source: Annotated[str, typer.Option("--from", help="The store to copy (a file or a URL)")],
    target: Annotated[str, typer.Option("--to", help="A new, empty store (a file or a URL)")],
    as_json: JsonOption = False,
) -> None:
    """Copy a whole store to another engine or place, e.g. --from briefing.db --to
    postgresql://user@host/briefing: every document, event, entity, alias, ledger, follow,
    digest channel and state row, in one transaction on the target."""
    from bot.store import Store
    from bot.store.location import redact, store_location

    settings_for()
    try:
        with (
            Store(store_location(source), create=False) as old,
            Store(store_location(target)) as new,
        ):
            copied = new.copy_from(old)
    except BriefingError as exc:
        fail(exc.message, as_json)
        return
    if as_json:
        emit({"from": redact(source), "to": redact(target), "copied": copied})
    else:
        typer.echo(
            f"Copied {copied['documents']} documents, {copied['events']} events and"
            f" {copied['entities']} entities into {redact(target)}."
        )


PG_BACKUP = (
    "A PostgreSQL store is backed up with PostgreSQL's tools: pg_dump --format=custom"
    " --file briefing.dump <url>, restored with pg_restore --clean --dbname <url>"
    " briefing.dump (docs/operations.md)."
)


def backup_command(
    path: Annotated[Path, typer.Argument(help="A new file for the copy")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Copy a SQLite store, running or not, into a new file: one consistent snapshot (the
    store as one commit left it), taken without stopping the bot."""
    from bot.store.backup import backup

    report = _copied(db, as_json, lambda store: backup(store, path))
    if as_json:
        emit(report.to_json())
    else:
        typer.echo(
            f"Backed up {report.documents} documents and {report.events} events from"
            f" {report.source} into {report.target} ({report.bytes:,} bytes)."
        )


def restore_command(
    path: Annotated[Path, typer.Argument(help="A backup taken with briefing backup")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Replace a SQLite store's content with a backup's. Refused while a bot or an ingest
    service runs on the store: stop them first."""
    from bot.store.backup import restore

    report = _copied(db, as_json, lambda store: restore(path, store))
    if as_json:
        emit(report.to_json())
    else:
        typer.echo(
            f"Restored {report.documents} documents and {report.events} events from"
            f" {report.source} into {report.target}."
        )


def _copied(db: str | None, as_json: bool, copy: Callable[[Path], BackupReport]) -> BackupReport:
    """`copy` run on the SQLite store --db names; a PostgreSQL store, or a failure, ends
    the command with what to do."""
    from bot.store.location import server_url, store_path

    settings = settings_for(db, None)
    if server_url(settings.store.db):
        fail(PG_BACKUP, as_json)
    try:
        return copy(store_path(settings.store.db))
    except BriefingError as exc:
        fail(exc.message, as_json)


def status_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """A store's status: its size and last change, the last reload request and those
    waiting, who holds the digest and feed roles, each channel's last digest, the feeds'
    health. It reads; it changes nothing."""
    from bot.store import Store
    from bot.store.status import status, status_lines

    settings = settings_for(db, None)
    try:
        with Store(settings.store.db, create=False) as store:
            report = status(store)
    except BriefingError as exc:
        fail(exc.message, as_json)
        return
    if as_json:
        emit(report)
    else:
        typer.echo("\n".join(status_lines(report)))
