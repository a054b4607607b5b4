"""Watch the seeds folder and reload when files are added, changed or removed.

Changes are debounced: a burst of writes (an editor saving, a sync tool copying a dozen
files) gives one reload after `quiet` seconds without a change. Built on watchfiles
(inotify, FSEvents, ReadDirectoryChangesW; polling where those are missing).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import Change, awatch

from bot.errors import BriefingError
from bot.extraction.engine import Engine
from bot.ingest import ReloadReport, reload
from bot.seeds.folder import check_seeds_folder
from bot.store import Store

log = logging.getLogger(__name__)
Runner = Callable[[], Awaitable[ReloadReport]]
OnReport = Callable[[ReloadReport], None]
DEFAULT_QUIET = 2.0


def seeds_filter(seeds: Path) -> Callable[[Change, str], bool]:
    """Only entries at the top of the folder that a reload looks at (no hidden files)."""
    root = seeds.resolve()

    def accept(_change: Change, path: str) -> bool:
        entry = Path(path)
        return entry.parent == root and not entry.name.startswith(".")

    return accept


async def watch_seeds(
    seeds: Path,
    run: Runner,
    stop: asyncio.Event,
    *,
    quiet: float = DEFAULT_QUIET,
    on_report: OnReport | None = None,
    force_polling: bool | None = None,
) -> int:
    """Call `run` after each debounced burst of changes until `stop` is set.

    Returns how many reloads ran. A reload that fails is logged and the watch goes on.
    """
    check_seeds_folder(seeds)
    step = max(1, int(quiet * 1000))
    reloads = 0
    async for changes in awatch(
        seeds.resolve(),
        watch_filter=seeds_filter(seeds),
        step=step,  # yield once nothing changed for this long…
        debounce=max(step * 10, 10_000),  # …or after this long of non-stop changes
        stop_event=stop,
        recursive=False,
        force_polling=force_polling,
        poll_delay_ms=min(300, step),
    ):
        if stop.is_set():
            break
        log.info("seeds changed: %s", sorted(Path(p).name for _, p in changes))
        try:
            report = await run()
        except BriefingError as exc:
            log.warning("reload after a change failed: %s", exc.message)
            continue
        except Exception:
            log.exception("reload after a change failed")
            continue
        reloads += 1
        log.info("reload after a change: %s", report.to_json())
        if on_report is not None:
            on_report(report)
    return reloads


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


async def watch(
    store_path: Path | str,
    seeds: Path,
    engine: Engine,
    stop: asyncio.Event,
    *,
    quiet: float = DEFAULT_QUIET,
    on_report: OnReport | None = None,
    workers: int = 1,
    clock: Callable[[], dt.datetime] = _now,
    force_polling: bool | None = None,
) -> int:
    """Reload `store_path` from `seeds` on every debounced change until `stop` is set.

    Each reload runs in a thread on its own connection, so the event loop stays free.
    """

    def once() -> ReloadReport:
        with Store(store_path) as store:
            return reload(store, seeds, engine, clock(), workers=workers)

    return await watch_seeds(
        seeds,
        lambda: asyncio.to_thread(once),
        stop,
        quiet=quiet,
        on_report=on_report,
        force_polling=force_polling,
    )
