"""`briefing ingest`: the ingest service on the command line."""

from __future__ import annotations

import logging
from typing import Annotated, Any

import typer

from bot.cli.common import emit, fail, settings_for, utc_now
from bot.cli.options import DbOption, SeedsOption, WorkersOption
from bot.cli.reload import reload_text, run_reload
from bot.errors import BriefingError, StoreUnavailable


def ingest_command(
    seeds: SeedsOption = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print each report as JSON.")] = False,
    workers: WorkersOption = None,
    watch: Annotated[
        bool,
        typer.Option("--watch", help="Also reload on every change of the seeds folder."),
    ] = False,
    once: Annotated[
        bool,
        typer.Option("--once", help="Serve the requests already filed, then exit (for cron)."),
    ] = False,
) -> None:
    """The ingest service: reload the seeds, then run the /reload requests that chat
    processes with INGEST_SERVICE=true file, until Ctrl-C (with --watch, also reload on
    every change of the seeds folder)."""
    import asyncio
    import contextlib
    import signal

    from bot.extraction.engine import Engine
    from bot.runtime.health import HealthServer, store_check
    from bot.runtime.ingest_service import IngestService
    from bot.runtime.notices import (
        EveryPlatform,
        OutboxPoster,
        StoredNotices,
        tell_reload,
        told_reload,
    )
    from bot.runtime.store_worker import StoreWorker
    from bot.runtime.watch import watch_seeds

    settings = settings_for(db, seeds)
    if workers is not None:
        settings.ingest.workers = workers

    def show(report: dict[str, Any], prefix: str = "") -> None:
        if as_json:
            emit(report)
        else:
            typer.echo(prefix + reload_text(report))

    def served(row, report, error) -> None:
        who = f"request {row.id} ({row.asked_by or 'someone'} in {row.channel})"
        if error is not None:
            if as_json:
                emit({"request": row.id, "error": error})
            else:
                typer.echo(f"{who}: {error}", err=True)
            return
        show({"request": row.id, **report.to_json()}, f"{who}: ")

    try:
        start = run_reload(settings, as_json)
        start.pop("seconds", None)
        show(start)
    except BriefingError as exc:
        if not isinstance(exc, StoreUnavailable):
            _tell_failed(settings, exc.message)
        fail(exc.message, as_json)
        return

    async def main() -> None:
        # Each reload's skipped files, or why it failed, for the admin notices (the
        # start-up reload's first).
        reports: asyncio.Queue[tuple[list[dict[str, Any]], str | None]] = asyncio.Queue()
        reports.put_nowait((start["skipped"], None))
        loop = asyncio.get_running_loop()

        def served_and_noted(row, report, error) -> None:  # in the service's thread
            served(row, report, error)
            told = (report.to_json()["skipped"], None) if report is not None else ([], error)
            loop.call_soon_threadsafe(reports.put_nowait, told)

        service = IngestService(
            settings.store.db,
            settings.ingest.seeds,
            Engine(settings.spacy.model, settings.spacy.fallback_model),
            utc_now,
            workers=settings.ingest.worker_count,
            poll=settings.ingest.poll_seconds,
            on_served=served_and_noted,
            lease=settings.ingest.lease_seconds,
        )
        # This process has no chat front: its notices (a reload that skipped documents, a
        # feed failing) wait in the store's outbox for a chat process to post them.
        outbox = EveryPlatform(OutboxPoster(service.in_store, utc_now))
        notices = StoredNotices(
            settings.admin_channel or settings.feeds.notice_channel, service.in_store, utc_now
        )

        async def tell_reloads(until_empty: bool = False) -> None:
            while not (until_empty and reports.empty()):
                await tell_reload(notices, *await reports.get())

        async def reload_and_tell():
            return await told_reload(notices, service.run_watched_reload)

        # The health port (HEALTH_PORT) reads the store on a connection of its own, so a
        # long reload never makes the service look dead.
        probe = StoreWorker(settings.store.db, threads=1, name="briefing-health")
        health = HealthServer(settings, "ingest", {"store": store_check(probe.run)}, probe.run)
        try:
            if once:
                await asyncio.to_thread(service.requeue_abandoned)
                await asyncio.to_thread(service.serve_pending)
                await asyncio.sleep(0)  # the reports the served requests queued
                await tell_reloads(until_empty=True)
                return
            await health.start()
            stop = asyncio.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):
                # A request or reload under way finishes; then the service ends.
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(sig, stop.set)
            if not as_json:
                typer.echo("Serving reload requests (Ctrl-C to stop).", err=True)
            tasks = [service.serve(stop)]
            if settings.feeds.fetch:  # the chat processes leave the feeds to the service
                from bot.runtime.feeds import FeedFetcher

                fetcher = FeedFetcher(settings, service.in_store, reload_and_tell, utc_now, outbox)
                tasks.append(fetcher.run_forever(stop))
            if watch:
                tasks.append(
                    watch_seeds(
                        settings.ingest.seeds,
                        reload_and_tell,
                        stop,
                        on_report=lambda r: show(r.to_json()),
                    )
                )
            telling = asyncio.create_task(tell_reloads())
            try:
                await asyncio.gather(*tasks)
            finally:
                telling.cancel()
        finally:
            await health.close()
            probe.close()
            service.close()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:  # pragma: no cover - where signal handlers are missing
        pass
    except BriefingError as exc:
        fail(exc.message, as_json)


def _tell_failed(settings: Any, message: str) -> None:
    """Leave the admin channel the notice of a start-up reload that failed (the service
    then ends: cron runs it again), when the store can take it."""
    import asyncio

    from bot.runtime.feeds import in_store
    from bot.runtime.notices import StoredNotices, tell_reload
    from bot.store import Store

    async def tell() -> None:
        with Store(settings.store.db) as store:
            channel = settings.admin_channel or settings.feeds.notice_channel
            await tell_reload(StoredNotices(channel, in_store(store), utc_now), [], message)

    try:
        asyncio.run(tell())
    except BriefingError as exc:  # the store is what failed: the exit status tells
        logging.getLogger(__name__).warning("admin notice not left: %s", exc.message)
