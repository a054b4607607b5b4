"""Helpers shared by the performance benchmarks (ingest, query, startup).

The corpus and its paths are in ``benchmarks.corpora``. Stores the benchmarks build are
cached under ``$BRIEFING_BENCH_CACHE`` (default ``/tmp/briefing-bench``), keyed by
everything that shapes them, so a rerun does not extract the corpus again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import inspect
import os
import resource
import statistics
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from benchmarks.corpora import CURRENT_EVENTS, FALLBACK, MODEL, NOW

CACHE = Path(os.environ.get("BRIEFING_BENCH_CACHE", "/tmp/briefing-bench"))


# --- the corpus --------------------------------------------------------------------------


def read_documents(folder: Path) -> list:
    from bot.seeds import list_seeds, read_seed

    return [read_seed(p) for p in list_seeds(folder)]


def folder_digest(folder: Path) -> str:
    """A hash of the seed files' names and contents."""
    from bot.seeds import list_seeds

    digest = hashlib.sha256()
    for path in list_seeds(folder):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def schema_digest() -> str:
    """A hash of the store's migrations: a cached store is rebuilt when they change."""
    from sqlite_utils import Database

    from bot.store.engines.sqlite.schema import migrations

    digest = hashlib.sha256()
    for migration in migrations.pending(Database(memory=True)):  # every one, in order
        digest.update(inspect.getsource(migration.fn).encode())
    return digest.hexdigest()


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextlib.contextmanager
def building(path: Path) -> Iterator[Path]:
    """Build the cached file `path` once across processes: yields a partial file of this
    process's own to write (None-free: check `path.exists()` again inside), renamed to
    `path` when the block ends without error. Two benchmarks started together wait for
    each other's build instead of writing one partial file at once."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        partial = path.with_name(f"{path.stem}.partial-{os.getpid()}.db")
        remove_db(partial)
        try:
            yield partial
            if partial.exists():
                partial.rename(path)
        finally:
            remove_db(partial)


def corpus_store(folder: Path = CURRENT_EVENTS, quiet: bool = False) -> Path:
    """A store file holding the reloaded corpus, cached under CACHE by everything it depends
    on (documents, extraction fingerprint, schema)."""
    from bot.extraction.engine import Engine
    from bot.ingest import reload
    from bot.store import Store

    key = hashlib.sha256(
        "|".join(
            (
                folder_digest(folder),
                Engine(MODEL, FALLBACK).aliases(folder).fingerprint,
                schema_digest(),
                NOW.isoformat(),
            )
        ).encode()
    ).hexdigest()[:16]
    path = CACHE / f"corpus-{key}.db"
    if path.exists():
        return path
    with building(path) as partial:
        if path.exists():  # built by another process while this one waited
            return path
        if not quiet:
            print(f"extracting the corpus into {path} (once) ...", file=sys.stderr, flush=True)
        with Store(partial) as store:
            reload(store, folder, Engine(MODEL, FALLBACK), NOW)
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


# --- numbers -----------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), nearest rank: p95 of 20 values is the 19th smallest."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.4999)))
    return ordered[rank - 1]


def maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MB (getrusage; kilobytes on Linux, bytes on macOS)."""
    value = resource.getrusage(who).ru_maxrss
    return value / (1024 * 1024) if sys.platform == "darwin" else value / 1024


def cpu_note() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} cores, load average {load:.2f} at start"


# --- tables ------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], title: str = "") -> str:
    """An aligned text table: text left, numbers right."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    numeric = [
        all(_is_number(row[i]) for row in rows if row[i] not in ("", None)) and bool(rows)
        for i in range(len(headers))
    ]

    def line(row: list[str]) -> str:
        return "  ".join(
            (c.rjust(w) if num else c.ljust(w))
            for c, w, num in zip(row, widths, numeric, strict=True)
        ).rstrip()

    out = [title] if title else []
    out.append(line(cells[0]))
    out.append("  ".join("-" * w for w in widths))
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) or (
        isinstance(value, str) and value.replace(".", "", 1).replace(",", "").strip().isdigit()
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # nan
            return "-"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@contextlib.contextmanager
def quiet_logs() -> Iterator[None]:
    import logging

    previous = logging.root.level
    logging.root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logging.root.setLevel(previous)
