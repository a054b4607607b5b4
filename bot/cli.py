"""The `briefing` command line. Its JSON output is a contract other tools read."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from bot.cli_options import DbOption, JsonOption, SeedsOption, WorkersOption
from bot.errors import BadInput, BriefingError
from bot.ingest_cli import ingest_command
from bot.runtime.settings import Settings, SettingsError, load_settings
from bot.runtime.supervise import supervise

log = logging.getLogger("briefing")
app = typer.Typer(
    help="Briefing: news events from your seed documents, asked about from chat or here.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("ingest")(ingest_command)  # the ingest service has its own module


def _settings(db: str | Path | None = None, seeds: Path | None = None) -> Settings:
    from bot.store.location import server_url

    settings = load_settings()
    if db is not None:
        settings.briefing_db = server_url(db) or Path(db)
    if seeds is not None:
        settings.briefing_seeds = seeds
    logging.basicConfig(
        level=settings.log_level.upper() if isinstance(settings.log_level, str) else "WARNING",
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    return settings


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _emit(payload: dict[str, Any] | list[Any]) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _fail(message: str, as_json: bool, code: int = 1) -> None:
    if as_json:
        _emit({"error": message})
    else:
        typer.echo(message, err=True)
    raise typer.Exit(code)


def _progress_bar():  # pragma: no cover - only on a terminal
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[bold]Extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    )


def run_reload(settings: Settings, as_json: bool) -> dict[str, Any]:
    """Reload with a progress bar when stderr is a terminal."""
    from bot.extraction.engine import Engine
    from bot.ingest import reload
    from bot.store import Store

    engine = Engine(settings.spacy_model, settings.spacy_fallback_model)
    with Store(settings.briefing_db) as store:
        store.check_writable()  # before the extraction, not after it
        if sys.stderr.isatty():
            with _progress_bar() as bar:
                task = bar.add_task("", total=None)

                def tick(done: int, total: int, name: str) -> None:
                    bar.update(task, completed=done, total=total, description=name)

                report = reload(
                    store, settings.briefing_seeds, engine, _now(), tick, settings.workers
                )
        else:
            report = reload(
                store, settings.briefing_seeds, engine, _now(), workers=settings.workers
            )
    return {**report.to_json(), "seconds": round(report.seconds, 2)}


@app.command("reload")
def reload_command(
    seeds: SeedsOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    workers: WorkersOption = None,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Then watch the folder and reload on every change (after 2 s of quiet)"
            " until Ctrl-C.",
        ),
    ] = False,
) -> None:
    """Re-ingest the seeds folder into the store and report what changed."""
    from bot.fronts.console.render import render
    from bot.replies import ReloadReply

    settings = _settings(db, seeds)
    if workers is not None:
        settings.ingest_workers = workers

    def show(report: dict[str, Any]) -> None:
        if as_json:
            report.pop("seconds", None)
            _emit(report)
        else:
            typer.echo(render(ReloadReply.from_report(report)) + f" ({report['seconds']} s)")

    try:
        show(run_reload(settings, as_json))
    except BriefingError as exc:
        _fail(exc.message, as_json)
        return
    if not watch:
        return
    import asyncio
    import contextlib
    import signal

    from bot.extraction.engine import Engine
    from bot.runtime.watch import watch as watch_seeds

    if not as_json:
        typer.echo(f"Watching {settings.briefing_seeds} for changes (Ctrl-C to stop).", err=True)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            # A reload under way finishes; then the watch ends. (No handlers on Windows.)
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        await watch_seeds(
            settings.briefing_db,
            settings.briefing_seeds,
            Engine(settings.spacy_model, settings.spacy_fallback_model),
            stop,
            workers=settings.workers,
            clock=_now,
            on_report=lambda r: show({**r.to_json(), "seconds": round(r.seconds, 2)}),
        )

    try:
        asyncio.run(main())
    except KeyboardInterrupt:  # pragma: no cover - Ctrl-C where signal handlers are missing
        pass
    except BriefingError as exc:
        _fail(exc.message, as_json)


@app.command("ask")
def ask_command(
    line: Annotated[str, typer.Argument(help='A slash command, e.g. "/who Tartus"')],
    db: DbOption = None,
    seeds: SeedsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Run one slash command through the same handler the chat fronts use."""
    from bot.extraction.engine import Engine
    from bot.fronts.common import front_env
    from bot.fronts.console.render import PAGE_SIZE, render_with_chart
    from bot.store import Store
    from commands import run_line

    settings = _settings(db, seeds)
    env = front_env(
        settings,
        Engine(settings.spacy_model, settings.spacy_fallback_model),
        front="console",
        is_admin=settings.console_admin,
        page_size=None if as_json else PAGE_SIZE,  # the JSON holds every match
    )
    try:
        with Store(settings.briefing_db, create=False) as store:
            now = _now()
            reply = run_line(line, store, now, env)
    except BriefingError as exc:
        _fail(exc.message, as_json)
        return
    from bot.fronts.charts import save_chart

    chart = save_chart(reply, now)
    if as_json:
        _emit({**reply.to_json(), "chart": chart} if chart else reply.to_json())
    else:
        typer.echo(render_with_chart(reply, chart))


INSPECT_HELP = (
    "Show how a seed file's articles are dated and what events they yield, without the store."
    "\n\nReads every format the reload reads."
    " With --json, a .txt or .md file (one article) prints one object"
    ' {"document", "dates", "events"}; a .jsonl file or a feed (.xml, .rss, .atom: one'
    " article per line or entry) prints a list in file order with one such object per"
    ' article, and {"skipped": {"file", "reason"}} for an article the reload would skip.'
)


@app.command("inspect", help=INSPECT_HELP)
def inspect_command(
    file: Annotated[Path, typer.Argument(help="A seed file, in any seed format")],
    seeds: SeedsOption = None,
    as_json: JsonOption = False,
) -> None:
    """How a seed file's articles are dated and what events they yield (see INSPECT_HELP)."""
    from bot.errors import SeedError
    from bot.extraction.engine import Engine
    from bot.seeds import BadArticle, holds_several_articles, read_articles

    settings = _settings(None, seeds)
    try:
        if not file.is_file():
            raise SeedError(f"{file} is not a file")
        articles, warning = read_articles(file, today=_now().date())
        several = holds_several_articles(file.name)
        if not several and isinstance(articles[0], BadArticle):
            raise SeedError(articles[0].reason)
    except (SeedError, OSError) as exc:
        message = exc.message if isinstance(exc, SeedError) else f"cannot read {file}"
        _fail(message, as_json)
        return
    if warning:
        typer.echo(f"{file.name}: {warning}", err=True)
    engine = Engine(settings.spacy_model, settings.spacy_fallback_model)
    extractor = engine.extractor(engine.aliases(settings.briefing_seeds))
    found = [
        {"skipped": {"file": a.file, "reason": a.reason}}
        if isinstance(a, BadArticle)
        else extractor.inspect(a)
        for a in articles
    ]
    if as_json:
        _emit(found if several else found[0])
        return
    for article in found:
        if "skipped" in article:
            skipped = article["skipped"]
            typer.echo(f"{skipped['file']}: skipped ({skipped['reason']})")
            continue
        document = article["document"]
        typer.echo(
            f"{document['file']}: published {document['published']}, title {document['title']!r}"
        )
        for d in article["dates"]:
            typer.echo(f"  date {d['text']!r} -> {d['start']}..{d['end']} ({d['granularity']})")
        for e in article["events"]:
            w = e["when"]
            typer.echo(
                f"  [{w['start']}..{w['end']} {w['granularity']}] {e['action']}:"
                f" actors={e['actors']} places={e['places']} attribution={e['attribution']}"
            )


@app.command("digest")
def digest_command(
    db: DbOption = None,
    as_json: JsonOption = False,
    start: Annotated[
        str | None, typer.Option("--from", help="First publication date (e.g. 2025-06-26).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last publication date (default: --from's).")
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option("--channel", help="A digest channel, e.g. discord:123 (default: console)."),
    ] = None,
) -> None:
    """Print a digest: by default what the next scheduled digest would send; with --from
    and --to, the digest of the documents published in those days."""
    from bot.digest.schedule import published_digest, window_digest
    from bot.fronts.console.render import render
    from bot.store import Store
    from commands._dates import user_date

    settings = _settings(db)
    now = _now()
    try:
        first = user_date(start, now) if start else None
        last = user_date(end, now) if end else first
        if first and last and last < first:
            raise BadInput("--to must not be before --from.")
        with Store(settings.briefing_db) as store:
            if first or last:
                reply = published_digest(store, first, last, settings.digest_max_stories)
            else:
                key = channel or "console"
                reply = window_digest(store, key, settings.digest_max_stories)
    except BriefingError as exc:
        _fail(exc.message, as_json)
        return
    if as_json:
        _emit(reply.to_json())
    else:
        typer.echo(render(reply))


@app.command("browse")
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

    settings = _settings(db, None)
    if importlib.util.find_spec("datasette") is None:
        _fail("Datasette is not installed: pip install 'briefing[browse]'", False)
    try:  # checked without opening it: browsing never writes, not even a migration
        check_store_file(store_path(settings.briefing_db), create=False)
    except BriefingError as exc:
        _fail(exc.message, False)
    metadata = {
        "title": "Briefing",
        "databases": {
            Path(settings.briefing_db).stem: {
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
            str(settings.briefing_db),
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
        typer.echo(f"Browsing {settings.briefing_db} at http://{host}:{port}/ (Ctrl-C to stop)")
        code = supervise(command)
    raise typer.Exit(code)


@app.command("migrate")
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

    _settings()
    try:
        with (
            Store(store_location(source), create=False) as old,
            Store(store_location(target)) as new,
        ):
            copied = new.copy_from(old)
    except BriefingError as exc:
        _fail(exc.message, as_json)
        return
    if as_json:
        _emit({"from": redact(source), "to": redact(target), "copied": copied})
    else:
        typer.echo(
            f"Copied {copied['documents']} documents, {copied['events']} events and"
            f" {copied['entities']} entities into {redact(target)}."
        )


@app.command("slack-manifest")
def slack_manifest_command() -> None:
    """Print the Slack app manifest (JSON), generated from the commands."""
    from bot.fronts.slack.manifest import build_manifest

    _emit(build_manifest())


@app.command("run")
def run_command(db: DbOption = None, seeds: SeedsOption = None) -> None:
    """Start the bot: on Discord and/or Slack when their tokens are set, else a console."""
    from bot.fronts.console.front import run_console
    from bot.store import Store

    settings = _settings(db, seeds)
    from bot.serve import has_chat_front, run_fronts

    try:  # the store's problems stop the start, in one line, before any front connects
        with Store(settings.briefing_db) as store:
            store.check_writable()
    except BriefingError as exc:
        _fail(exc.message, False)

    if has_chat_front(settings):
        raise typer.Exit(run_fronts(settings, _now))
    raise typer.Exit(run_console(settings, _now))


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
