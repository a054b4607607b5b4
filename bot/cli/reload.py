"""`briefing reload`: re-ingest the seeds folder, once or on every change. This is all a
reload loads (no front, no chart): tests/test_cli_imports.py."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from bot.cli.common import emit, fail, settings_for, utc_now
from bot.cli.options import DbOption, JsonOption, SeedsOption, WorkersOption
from bot.errors import BriefingError
from bot.settings import Settings


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

    engine = Engine(settings.spacy.model, settings.spacy.fallback_model)
    workers = settings.ingest.worker_count
    with Store(settings.store.db) as store:
        store.check_writable()  # before the extraction, not after it
        if sys.stderr.isatty():
            with _progress_bar() as bar:
                task = bar.add_task("", total=None)

                def tick(done: int, total: int, name: str) -> None:
                    bar.update(task, completed=done, total=total, description=name)

                report = reload(store, settings.ingest.seeds, engine, utc_now(), tick, workers)
        else:
            report = reload(store, settings.ingest.seeds, engine, utc_now(), workers=workers)
    return {**report.to_json(), "seconds": round(report.seconds, 2)}


def reload_text(report: dict[str, Any]) -> str:
    """A reload report as the console front shows it."""
    from bot.replies import ReloadReply

    return ReloadReply.from_report(report).plain_text()


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
    settings = settings_for(db, seeds)
    if workers is not None:
        settings.ingest.workers = workers

    def show(report: dict[str, Any]) -> None:
        if as_json:
            report.pop("seconds", None)
            emit(report)
        else:
            typer.echo(reload_text(report) + f" ({report['seconds']} s)")

    try:
        show(run_reload(settings, as_json))
    except BriefingError as exc:
        fail(exc.message, as_json)
        return
    if not watch:
        return
    import asyncio
    import contextlib
    import signal

    from bot.extraction.engine import Engine
    from bot.runtime.watch import watch as watch_seeds

    if not as_json:
        typer.echo(f"Watching {settings.ingest.seeds} for changes (Ctrl-C to stop).", err=True)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            # A reload under way finishes; then the watch ends. (No handlers on Windows.)
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        await watch_seeds(
            settings.store.db,
            settings.ingest.seeds,
            Engine(settings.spacy.model, settings.spacy.fallback_model),
            stop,
            workers=settings.ingest.worker_count,
            clock=utc_now,
            on_report=lambda r: show({**r.to_json(), "seconds": round(r.seconds, 2)}),
        )

    try:
        asyncio.run(main())
    except KeyboardInterrupt:  # pragma: no cover - Ctrl-C where signal handlers are missing
        pass
    except BriefingError as exc:
        fail(exc.message, as_json)
