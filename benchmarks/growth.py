"""Growth of a reload with one hostile paragraph (issue 23): time and peak memory from 1 KB
to 2 MB, for each shape of text that once made a component quadratic.

    python benchmarks/growth.py [--max-kb N] [--shapes a,b] [--timeout S]

Each case is one seed file holding one paragraph of the shape, cut to the size, reloaded
with ``reload(store, folder, engine, NOW, workers=1)`` into a fresh store file, in a fresh
Python process (so its peak memory is its own). The model is loaded before the clock
starts (its load does not grow with the text); "reload s" is the rest of the reload:
reading, extraction, the corpus passes, the store. "s/KB" is that time per KB of the
paragraph: flat when the reload grows linearly. Peak memory is the case process's
``ru_maxrss`` (the model included, about 200 MB); "mem x" is it over the 1 KB case's
of the same shape, in the same run.

Set PYTHONPATH to another checkout to measure its code (the repository is put last on
``sys.path`` for that): ``PYTHONPATH=/tmp/old python benchmarks/growth.py``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Last, not first: a PYTHONPATH checkout's `bot` is the one measured.
sys.path.append(str(Path(__file__).resolve().parents[1]))

from benchmarks.common import cpu_note, table
from benchmarks.corpora import FALLBACK, MODEL, NOW

SIZES_KB = (1, 8, 64, 512, 2048)
# Each shape's repeating unit: a name, a word, one endless token, brackets nested as deep
# as the text goes (a half of openings then a half of closings), a long form and its acronym.
SHAPES = {
    "one-name": "Volodymyr Zelenskyy ",
    "one-word": "news ",
    "no-spaces": "x",
    "brackets": None,
    "acronym": "North Atlantic Treaty Organization (NATO) ",
}


def paragraph(shape: str, size: int) -> str:
    """`size` characters of the shape (ASCII: as many bytes)."""
    if shape == "brackets":
        return "(" * (size // 2) + ")" * (size - size // 2)
    unit = SHAPES[shape]
    assert unit is not None
    return (unit * (size // len(unit) + 1))[:size].strip() or unit.strip()


def seed_text(text: str) -> str:
    return f" date 2025-02-17 Growth\n\n{text}\n"


# --- one case, in its own process ------------------------------------------------------


def run_case(shape: str, kb: int) -> dict[str, float]:
    import resource

    from bot.extraction.engine import Engine
    from bot.ingest import reload
    from bot.store import Store

    with tempfile.TemporaryDirectory(prefix="bench-growth-") as work:
        folder = Path(work) / "seeds"
        folder.mkdir()
        (folder / "000_growth.txt").write_text(seed_text(paragraph(shape, kb * 1024)), "utf-8")
        engine = Engine(MODEL, FALLBACK)
        engine.extractor(engine.aliases(folder))  # the model's load does not grow with the text
        started = time.perf_counter()
        with Store(Path(work) / "growth.db") as store:
            report = reload(store, folder, engine, NOW, workers=1)
        seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "rss_mb": rss / (1024 * 1024 if sys.platform == "darwin" else 1024),
        "events": report.events,
    }


def spawn(shape: str, kb: int, timeout: float | None) -> dict[str, float] | None:
    """A case's numbers from a fresh process; None when it ran past `timeout` seconds."""
    command = [sys.executable, __file__, "--case", shape, "--kb", str(kb)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"case {shape} {kb} KB failed ({done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the table -------------------------------------------------------------------------


def report(results: dict[tuple[str, int], dict[str, float] | None], timeout: float | None) -> str:
    rows: list[list[object]] = []
    for (shape, kb), found in results.items():
        if found is None:
            rows.append([shape, kb, f"> {timeout:.0f}", "", "", "", ""])
            continue
        base = results.get((shape, min(k for s, k in results if s == shape)))
        ratio = found["rss_mb"] / base["rss_mb"] if base else float("nan")
        rows.append(
            [
                shape,
                kb,
                found["seconds"],
                found["seconds"] / kb,
                found["rss_mb"],
                ratio,
                int(found["events"]),
            ]
        )
    headers = ["shape", "KB", "reload s", "s/KB", "peak MB", "mem x", "events"]
    return table(headers, rows, "One paragraph of each shape, reloaded alone (model excluded)")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--max-kb", type=int, default=max(SIZES_KB), help="the largest paragraph, in KB"
    )
    parser.add_argument(
        "--shapes",
        type=lambda v: v.split(","),
        default=list(SHAPES),
        help=f"comma-separated, from {', '.join(SHAPES)}",
    )
    parser.add_argument("--timeout", type=float, default=None, help="seconds a case may take")
    parser.add_argument("--case", choices=list(SHAPES), help=argparse.SUPPRESS)
    parser.add_argument("--kb", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = [s for s in args.shapes if s not in SHAPES]
    if unknown:
        parser.error(f"unknown shape(s) {', '.join(unknown)}; choose from {', '.join(SHAPES)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.case:
        print(json.dumps(run_case(args.case, args.kb)))
        return 0
    print(f"machine: {cpu_note()}; python {sys.version.split()[0]}", flush=True)
    sizes = [kb for kb in SIZES_KB if kb <= args.max_kb] or [args.max_kb]
    results: dict[tuple[str, int], dict[str, float] | None] = {}
    for shape in args.shapes:
        for kb in sizes:
            results[(shape, kb)] = found = spawn(shape, kb, args.timeout)
            note = "timed out" if found is None else f"{found['seconds']:.1f} s"
            print(f"  {shape} {kb} KB: {note}", file=sys.stderr, flush=True)
            if found is None:
                break  # a larger one would only take longer
    print()
    print(report(results, args.timeout), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
