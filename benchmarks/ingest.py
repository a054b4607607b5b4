"""Ingest throughput on the current-events corpus: raw spaCy, reload with 1 and 2 workers,
and a reload of the unchanged corpus.

    python benchmarks/ingest.py [--repeat N] [--limit N] [--workers N] [--engines | --startup]

Each measurement runs in a fresh Python process (so its peak memory is its own) on the
same texts:

- (a) ``nlp.pipe`` of the pipeline the project loads (``engine.extractor(aliases).nlp``:
  en_core_web_sm + the gazetteer ruler + the clause extractor) over every paragraph of
  every document, with the extractor's batch size. Model load time is excluded (shown on
  its own line); reading and parsing the seed files is excluded too.
- (b) ``reload(store, corpus, engine, now, workers=1)`` into a fresh store file, end to
  end. "incl. load" counts loading spaCy and the model (as an admin running
  ``briefing reload`` waits for it; only interpreter start-up and the bot's own imports
  are left out); "excl. load" is the same run less that load.
- (c) the same with ``workers=--workers`` (default 2): spawned processes that each load
  the model (in parallel) and extract, the parent writes. Worker start-up and model load
  are inside; they cannot be taken apart from the run, so "excl. load" subtracts the
  model load time measured in (b) from the same repeat (an estimate).
- (d) a reload of the corpus already in the store (unchanged files are skipped by hash).
- (e) with ``--engines``, instead of (a)-(d): the full reload of (b) (workers=1, the model
  load included) into a new SQLite file and into a new database of a throwaway PostgreSQL
  server (tests/postgres_server.py) in the same run, alternating which engine goes first
  from one repeat to the next. "writing" is the time spent in ``Store.apply_reload`` (the
  one write transaction); the ratio PostgreSQL/SQLite is taken within each repeat.
- (f) after (a)-(d), and alone with ``--startup``: a fresh ``briefing reload`` process
  (``python -m bot reload``) on the corpus already in the store, end to end as an admin
  waits for it, against bare process start in the same repeat: ``python -c pass`` and
  ``python -m bot --help``; wall time, and CPU time (user + system, of the process: less
  moved by other work on a shared machine). Ratios are taken within each repeat. These
  processes run the ``bot`` that PYTHONPATH names (this checkout when it is unset), from a
  folder holding no ``bot``, so ``PYTHONPATH=<other checkout>`` measures another version
  with this file.

words/s is corpus words (whitespace-split paragraph words, as ``Document.words``) per
second of the phase. Peak memory is ``resource.getrusage(...).ru_maxrss`` of the phase's
process (RUSAGE_SELF) and of its largest waited-for child (RUSAGE_CHILDREN: the biggest
extraction worker in (c)). Ratios compare words/s within one repeat; the table shows
their median over the repeats, with the repeats' min and max.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (
    cpu_note,
    maxrss_mb,
    median,
    read_documents,
    remove_db,
    table,
)
from benchmarks.corpora import FALLBACK, MODEL, NOW, corpus_folder

PHASES = ("raw", "reload", "unchanged", "parallel", "engine")


# --- one phase, in its own process -------------------------------------------------------


def run_phase(phase: str, folder: Path, db: Path, workers: int) -> dict[str, float]:
    import resource

    from bot.extraction.engine import Engine
    from bot.ingest import reload
    from bot.store import Store

    documents = read_documents(folder)
    out: dict[str, float] = {
        "documents": len(documents),
        "words": sum(d.words for d in documents),
    }
    engine = Engine(MODEL, FALLBACK)
    if phase == "raw":
        started = time.perf_counter()
        extractor = engine.extractor(engine.aliases(folder))
        out["load_seconds"] = time.perf_counter() - started
        texts = [p.text for d in documents for p in d.paragraphs]
        out["paragraphs"] = len(texts)
        started = time.perf_counter()
        for _ in extractor.nlp.pipe(texts, batch_size=extractor.batch_size):
            pass
        out["seconds"] = time.perf_counter() - started
    elif phase == "reload":
        remove_db(db)
        started = time.perf_counter()
        engine.extractor(engine.aliases(folder))  # what reload() would load first; timed on its own
        out["load_seconds"] = time.perf_counter() - started
        with Store(db) as store:
            report = reload(store, folder, engine, NOW, workers=1)
        out["seconds"] = time.perf_counter() - started
        out["events"] = report.events
    elif phase == "parallel":
        remove_db(db)
        started = time.perf_counter()
        with Store(db) as store:
            report = reload(store, folder, engine, NOW, workers=workers)
        out["seconds"] = time.perf_counter() - started
        out["events"] = report.events
    elif phase == "unchanged":
        started = time.perf_counter()
        with Store(db) as store:
            report = reload(store, folder, engine, NOW, workers=1)
        out["seconds"] = time.perf_counter() - started
        out["events"] = report.events
        if report.added or report.updated:
            raise SystemExit(f"expected an unchanged corpus, got {report.to_json()}")
    elif phase == "engine":  # (e): the full reload into a new store, either engine
        started = time.perf_counter()
        with Store(str(db)) as store:
            writing = _timed(store, "apply_reload")
            report = reload(store, folder, engine, NOW, workers=1)
        out["seconds"] = time.perf_counter() - started
        out["write_seconds"] = writing[0]
        out["events"] = report.events
    else:
        raise SystemExit(f"unknown phase {phase}")
    out["rss_self_mb"] = maxrss_mb(resource.RUSAGE_SELF)
    out["rss_children_mb"] = maxrss_mb(resource.RUSAGE_CHILDREN)
    return out


def _timed(store: object, method: str) -> list[float]:
    """Time every call of one store's method (this instance only): [seconds so far]."""
    spent = [0.0]
    call = getattr(store, method)

    def timed(*args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    setattr(store, method, timed)
    return spent


def spawn(phase: str, folder: Path, db: Path | str, workers: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--phase", phase, "--folder", str(folder)]
    command += ["--db", str(db), "--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"phase {phase} failed ({done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- (f): an unchanged reload's process against bare process start -------------------------

REPO = Path(__file__).resolve().parents[1]


def _processes(folder: Path, db: Path) -> dict[str, list[str]]:
    python = [sys.executable]
    return {
        "python -c pass": [*python, "-c", "pass"],
        "python -m bot --help": [*python, "-m", "bot", "--help"],
        "briefing reload (unchanged)": [
            *python, "-m", "bot", "reload", "--db", str(db), "--seeds", str(folder)
        ],
    }  # fmt: skip


def _process_env() -> dict[str, str]:
    """The environment of (f)'s processes: the `bot` of PYTHONPATH, else this checkout's."""
    return {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH") or str(REPO)}


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_processes(folder: Path, db: Path, cwd: Path) -> dict[str, float]:
    """(f) once: each process's wall time, start to exit, and its CPU time (user + system:
    less moved by other work on the machine), as "<name> cpu"; a reload that changed
    anything stops the benchmark."""
    out = {}
    for name, command in _processes(folder, db).items():
        cpu, started = _children_cpu(), time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=_process_env(), capture_output=True, text=True)
        out[name] = time.perf_counter() - started
        out[f"{name} cpu"] = _children_cpu() - cpu
        if done.returncode != 0 or ("reload" in name and "0 added, 0 updated" not in done.stdout):
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"{name} did not run as expected ({done.returncode})")
    return out


def measured_bot(cwd: Path) -> str:
    """Which `bot` package (f) runs."""
    done = subprocess.run(
        [sys.executable, "-c", "import bot; print(bot.__path__[0])"],
        cwd=cwd,
        env=_process_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def processes_report(runs: list[dict[str, float]], documents: int, code: str) -> str:
    names = [name for name in runs[0] if not name.endswith(" cpu")]
    bare, helped = names[0], names[1]
    rows = []
    for name in names:
        for suffix, what in (("", "wall"), (" cpu", "CPU")):
            key = name + suffix
            seconds = [r[key] for r in runs]
            over_bare = [r[key] / r[bare + suffix] for r in runs]
            over_help = [r[key] / r[helped + suffix] for r in runs]
            rows.append(
                (name, what, median(seconds), _spread(seconds), median(over_bare),
                 median(over_help))
            )  # fmt: skip
    return table(
        ("process (fresh, end to end)", "time", "s (median)", "s min-max", "/ python -c pass",
         "/ --help"),
        rows,
        title=f"(f) briefing reload on an unchanged corpus of {documents} documents vs process"
        f" start; {len(runs)} repeats; bot from {code}",
    )  # fmt: skip


def compare_processes(args: argparse.Namespace) -> int:
    """(f) alone: load the corpus once with the measured `briefing reload`, then time."""
    with contextlib.ExitStack() as stack:
        folder = corpus_folder(args.limit, stack)
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-ingest-")))
        db = work / "one.db"
        subprocess.run(  # the corpus, loaded by the reload measured
            _processes(folder, db)["briefing reload (unchanged)"],
            cwd=work,
            env=_process_env(),
            capture_output=True,
            check=True,
        )
        documents = len(read_documents(folder))
        time_processes(folder, db, work)  # a warm-up start, not counted
        runs = []
        for n in range(args.repeat):
            runs.append(time_processes(folder, db, work))
            print(
                f"  repeat {n + 1}/{args.repeat}: load average {os.getloadavg()[0]:.2f}",
                file=sys.stderr,
                flush=True,
            )
        code = measured_bot(work)
    print()
    print(processes_report(runs, documents, code), flush=True)
    return 0


# --- the table ---------------------------------------------------------------------------


def _spread(values: list[float]) -> str:
    if len(values) < 2:
        return ""
    return f"{min(values):.2f}-{max(values):.2f}"


def report(runs: list[dict[str, dict[str, float]]], workers: int) -> str:
    words = runs[0]["raw"]["words"]

    def col(phase: str, key: str) -> list[float]:
        return [r[phase][key] for r in runs]

    def rate(seconds: float) -> float:
        return words / seconds if seconds > 0 else float("nan")

    from bot.extraction.processes import PARALLEL_MIN_WORDS

    serial = " (serial: < PARALLEL_MIN_WORDS)" if words < PARALLEL_MIN_WORDS else ""
    b_excl = [r["reload"]["seconds"] - r["reload"]["load_seconds"] for r in runs]
    c_excl = [r["parallel"]["seconds"] - r["reload"]["load_seconds"] for r in runs]
    lines = [
        ("(a) nlp.pipe, raw", "excl. load", col("raw", "seconds"), "raw"),
        ("    model load (spaCy + model + ruler)", "", col("raw", "load_seconds"), None),
        ("(b) reload, workers=1", "incl. load", col("reload", "seconds"), "reload"),
        ("(b) reload, workers=1", "excl. load", b_excl, None),
        (
            f"(c) reload, workers={workers}{serial}",
            "incl. spawn+load",
            col("parallel", "seconds"),
            "parallel",
        ),
        (f"(c) reload, workers={workers}{serial}", "≈ excl. load", c_excl, None),
        (
            "(d) reload, unchanged corpus",
            "no model needed",
            col("unchanged", "seconds"),
            "unchanged",
        ),
    ]
    rows = []
    for name, note, seconds, phase in lines:
        rss_self = median(col(phase, "rss_self_mb")) if phase else None
        rss_children = median(col(phase, "rss_children_mb")) if phase else None
        rows.append(
            (
                name,
                note,
                median(seconds),
                _spread(seconds),
                rate(median(seconds)) if "load (" not in name else None,
                rss_self,
                rss_children or None,
            )
        )
    first = table(
        ("phase", "note", "s (median)", "s min-max", "words/s", "peak RSS MB", "workers' peak MB"),
        rows,
        title=(
            f"Ingest, {int(runs[0]['raw']['documents'])} documents, {int(words):,} words,"
            f" {int(runs[0]['raw']['paragraphs']):,} paragraphs,"
            f" {int(runs[0]['reload']['events']):,} events; {len(runs)} repeats"
        ),
    )

    def ratio(top: list[float], bottom: list[float]) -> list[float]:
        # words/s of the first over words/s of the second = seconds of the second over first
        return [b / t for t, b in zip(top, bottom, strict=True)]

    a, b, c, d = (col(p, "seconds") for p in ("raw", "reload", "parallel", "unchanged"))
    ratios = [
        ("b/a  reload (incl. load) vs raw spaCy", ratio(b, a)),
        ("b/a  reload (excl. load) vs raw spaCy", ratio(b_excl, a)),
        (f"c/b  {workers} workers vs 1 (both incl. load)", ratio(c, b)),
        ("d/b  unchanged reload vs full reload", ratio(d, b)),
    ]
    second = table(
        ("ratio of words/s (same repeat)", "median", "min", "max"),
        [(name, median(v), min(v), max(v)) for name, v in ratios],
    )
    return f"{first}\n\n{second}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--workers", type=int, default=2, help="workers for (c)")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument(
        "--startup",
        action="store_true",
        help="only (f): a fresh `briefing reload` process on the unchanged corpus against"
        " `python -c pass` and `python -m bot --help`, with their ratios",
    )
    parser.add_argument(
        "--engines",
        action="store_true",
        help="only (e): the full reload into a new SQLite file and a new PostgreSQL database"
        " (a throwaway server), alternating, with their ratio",
    )
    args = parser.parse_args(argv)
    if args.phase:
        db = args.db if "://" in args.db else Path(args.db)
        print(json.dumps(run_phase(args.phase, args.folder, db, args.workers)))
        return 0

    print(f"machine: {cpu_note()}; python {sys.version.split()[0]}", flush=True)
    if args.engines:
        return compare_engines(args)
    if args.startup:
        return compare_processes(args)
    runs: list[dict[str, dict[str, float]]] = []
    started: list[dict[str, float]] = []
    with contextlib.ExitStack() as stack:
        folder = corpus_folder(args.limit, stack)
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-ingest-")))
        for n in range(args.repeat):
            run: dict[str, dict[str, float]] = {}
            for phase, db in (
                ("raw", work / "unused.db"),
                ("reload", work / "one.db"),
                ("unchanged", work / "one.db"),
                ("parallel", work / "many.db"),
            ):
                run[phase] = spawn(phase, folder, db, args.workers)
                print(
                    f"  repeat {n + 1}/{args.repeat} {phase}: {run[phase]['seconds']:.1f} s,"
                    f" load average {os.getloadavg()[0]:.2f}",
                    file=sys.stderr,
                    flush=True,
                )
            runs.append(run)
            started.append(time_processes(folder, work / "one.db", work))
        code = measured_bot(work)
    sys.stderr.flush()
    print()
    print(report(runs, args.workers), flush=True)
    print()
    print(processes_report(started, int(runs[0]["raw"]["documents"]), code), flush=True)
    return 0


def compare_engines(args: argparse.Namespace) -> int:
    """(e) on each engine, alternating which goes first from one repeat to the next."""
    from tests.postgres_server import PostgresServer, missing

    if missing():
        raise SystemExit(f"cannot start PostgreSQL here: {missing()}")
    runs: list[dict[str, dict[str, float]]] = []
    with contextlib.ExitStack() as stack:
        folder = corpus_folder(args.limit, stack)
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-ingest-")))
        server = PostgresServer().start()
        stack.callback(server.stop)
        for n in range(args.repeat):
            run: dict[str, dict[str, float]] = {}
            for engine in ENGINES[n % 2 :] + ENGINES[: n % 2]:
                db = work / f"e{n}.db" if engine == "SQLite" else server.create_database(f"e{n}")
                run[engine] = spawn("engine", folder, db, 1)
                print(
                    f"  repeat {n + 1}/{args.repeat} {engine}: {run[engine]['seconds']:.1f} s"
                    f" (writing {run[engine]['write_seconds']:.1f} s),"
                    f" load average {os.getloadavg()[0]:.2f}",
                    file=sys.stderr,
                    flush=True,
                )
            runs.append(run)
    print()
    print(engines_report(runs), flush=True)
    print(f"\nmachine at the end: {cpu_note().replace(' at start', '')}")
    return 0


ENGINES = ("SQLite", "PostgreSQL")


def engines_report(runs: list[dict[str, dict[str, float]]]) -> str:
    """Seconds and events/s per engine (medians over the repeats), and PostgreSQL/SQLite
    per repeat."""
    rows = []
    for engine in ENGINES:
        seconds = [r[engine]["seconds"] for r in runs]
        writing = [r[engine]["write_seconds"] for r in runs]
        events = runs[0][engine]["events"]
        rows.append(
            (
                engine,
                int(events),
                median(seconds),
                _spread(seconds),
                events / median(seconds),
                median(writing),
                events / median(writing),
            )
        )
    total = [r["PostgreSQL"]["seconds"] / r["SQLite"]["seconds"] for r in runs]
    write = [r["PostgreSQL"]["write_seconds"] / r["SQLite"]["write_seconds"] for r in runs]
    first = table(
        ("engine", "events", "s (median)", "s min-max", "events/s", "writing s",
         "events/s written"),
        rows,
        title=f"(e) full reload, workers=1, into a new store; {len(runs)} repeats"
        " (writing: Store.apply_reload)",
    )  # fmt: skip
    second = table(
        ("PostgreSQL / SQLite (same repeat)", "median", "min", "max"),
        [
            ("seconds, whole reload", median(total), min(total), max(total)),
            ("seconds, writing", median(write), min(write), max(write)),
        ],
    )
    return f"{first}\n\n{second}"


if __name__ == "__main__":
    raise SystemExit(main())
