"""A full reload's writes on each engine: the same apply replayed into new stores.

    python -m benchmarks.reload_writes [--limit DAYS] [--repeat N] [--profile ENGINE]

The current-events pages (or their first DAYS) are extracted once, by a real reload into a
new SQLite store whose one write transaction (``Store.apply_reload``) is captured with its
arguments. The same call is then replayed into a new SQLite file and a new database of a
throwaway PostgreSQL server (tests/postgres_server.py), N times each, alternating which
engine goes first, so both write the same documents and events on the same machine in the
same minutes. The table shows each engine's write seconds (median, min-max) and the
PostgreSQL/SQLite ratio within each repeat; and, since extraction is the same on both,
what that ratio makes of a whole full reload (extraction measured once, plus each
engine's writes), the figure `benchmarks/ingest.py --engines` measures end to end.

``--profile sqlite|postgresql`` prints the 25 functions with the most cumulative time in
one more replay into that engine.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import cpu_note, median, quiet_logs, table
from benchmarks.corpora import FALLBACK, MODEL, NOW, corpus_folder

ENGINES = ("SQLite", "PostgreSQL")


def captured_reload(folder: Path, db: Path) -> tuple[float, float, tuple, dict[str, Any], int]:
    """Reload `folder` into a new SQLite store at `db`: (whole seconds, write seconds,
    the write's arguments, events)."""
    from bot.extraction.engine import Engine
    from bot.ingest import reload
    from bot.store import Store

    call: dict[str, Any] = {}
    started = time.perf_counter()
    with Store(db) as store:
        apply = store.apply_reload

        def capture(*args: Any, **kwargs: Any) -> None:
            call["args"], call["kwargs"] = args, kwargs
            began = time.perf_counter()
            apply(*args, **kwargs)
            call["seconds"] = time.perf_counter() - began

        store.apply_reload = capture  # type: ignore[method-assign]
        report = reload(store, folder, Engine(MODEL, FALLBACK), NOW, workers=1)
    whole = time.perf_counter() - started
    return whole, call["seconds"], call["args"], call["kwargs"], report.events


def replay(location: str, args: tuple, kwargs: dict[str, Any], profile: bool = False) -> float:
    """Seconds of one `apply_reload(*args, **kwargs)` into the new store at `location`."""
    from bot.store import Store

    with Store(location) as store:
        profiler = cProfile.Profile() if profile else None
        began = time.perf_counter()
        if profiler:
            profiler.enable()
        store.apply_reload(*args, **kwargs)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - began
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(out.getvalue())
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N days (default all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", choices=("sqlite", "postgresql"), default=None)
    args = parser.parse_args()
    from tests.postgres_server import PostgresServer, missing

    if missing():
        raise SystemExit(f"cannot start PostgreSQL here: {missing()}")
    with contextlib.ExitStack() as stack, quiet_logs():
        folder = corpus_folder(args.limit, stack)
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-writes-")))
        whole, first_write, call_args, call_kwargs, events = captured_reload(
            folder, work / "captured.db"
        )
        extraction = whole - first_write
        print(f"  extracted {events} events in {extraction:.1f} s", file=sys.stderr)
        server = PostgresServer().start()
        stack.callback(server.stop)
        runs: list[dict[str, float]] = []
        for n in range(args.repeat):
            run: dict[str, float] = {}
            for engine in ENGINES[n % 2 :] + ENGINES[: n % 2]:
                location = (
                    str(work / f"r{n}.db")
                    if engine == "SQLite"
                    else server.create_database(f"r{n}")
                )
                run[engine] = replay(location, call_args, call_kwargs)
                print(
                    f"  repeat {n + 1}/{args.repeat} {engine}: {run[engine]:.2f} s,"
                    f" load average {os.getloadavg()[0]:.2f}",
                    file=sys.stderr,
                    flush=True,
                )
            runs.append(run)
        if args.profile:
            location = (
                str(work / "profiled.db")
                if args.profile == "sqlite"
                else server.create_database("profiled")
            )
            replay(location, call_args, call_kwargs, profile=True)
    print()
    print(report(runs, events, extraction, args.limit))
    print(f"\nmachine at the end: {cpu_note().replace(' at start', '')}")
    return 0


def report(runs: list[dict[str, float]], events: int, extraction: float, limit: int | None) -> str:
    rows = []
    for engine in ENGINES:
        seconds = [r[engine] for r in runs]
        rows.append(
            (engine, events, median(seconds), f"{min(seconds):.2f}-{max(seconds):.2f}",
             events / median(seconds))
        )  # fmt: skip
    write = [r["PostgreSQL"] / r["SQLite"] for r in runs]
    whole = [(extraction + r["PostgreSQL"]) / (extraction + r["SQLite"]) for r in runs]
    days = f"first {limit} days" if limit else "365 pages"
    first = table(
        ("engine", "events", "writing s (median)", "min-max", "events/s written"),
        rows,
        title=f"one full reload's writes replayed into a new store ({days}); {len(runs)} repeats",
    )
    second = table(
        ("PostgreSQL / SQLite (same repeat)", "median", "min", "max"),
        [
            ("writing", median(write), min(write), max(write)),
            (f"whole reload (extraction {extraction:.0f} s + writing)", median(whole),
             min(whole), max(whole)),
        ],
    )  # fmt: skip
    return f"{first}\n\n{second}"


if __name__ == "__main__":
    raise SystemExit(main())
