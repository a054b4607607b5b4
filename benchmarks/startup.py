"""Start-up of `python -m bot run` in console mode: time to "Ready." and resident memory.

    python benchmarks/startup.py [--repeat N] [--limit N]

The bot starts on an existing store whose seeds are unchanged (the current-events corpus,
reloaded once into a cached store and copied for each run), with no chat tokens in its
environment (so it opens the console) and RELOAD_ON_START on: it hashes every seed file,
finds nothing to extract and never loads spaCy. The clock runs from just before the
process is started to the moment its "Ready." line is read; then ``/quit`` is sent.

Memory: VmHWM (peak resident set) read from /proc/<pid>/status when "Ready." arrives,
and ru_maxrss from os.wait4 after it exits (the whole run; the same here, as nothing
happens after Ready but /quit). For scale, the same is shown for a bare interpreter and
for importing what the console imports. One warm-up start is not counted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import corpus_store, cpu_note, median, table
from benchmarks.corpora import corpus_folder

TARGET_SECONDS, TARGET_MB = 1.5, 150
SECRET_KEYS = (
    "DISCORD_TOKEN",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
)
IMPORTS = "import bot.cli, bot.fronts.console.front, bot.serve, commands; commands.registry()"


def _vmhwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _wait(proc: subprocess.Popen) -> float:
    """Reap the process; its peak RSS in MB (ru_maxrss is in KB on Linux)."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def start_bot(env: dict[str, str], cwd: Path) -> dict[str, float | str]:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=cwd,
    )
    assert proc.stdout is not None and proc.stdin is not None
    before: list[str] = []
    ready = None
    for line in proc.stdout:
        if line.startswith("Ready."):
            ready = time.perf_counter() - started
            break
        before.append(line.rstrip())
    hwm = _vmhwm_mb(proc.pid)
    proc.stdin.write("/quit\n")
    proc.stdin.close()
    rest = proc.stdout.read()
    maxrss = _wait(proc)
    errors = proc.stderr.read() if proc.stderr else ""
    if ready is None or proc.returncode != 0:
        raise SystemExit(f"the bot did not start:\n{''.join(before)}{rest}\n{errors}")
    reload_line = next((b for b in before if b.startswith("Reload:")), "")
    if " 0 added, 0 updated, 0 removed" not in reload_line:
        raise SystemExit(f"the seeds were not unchanged: {reload_line!r}")
    return {"seconds": ready, "hwm_mb": hwm, "maxrss_mb": maxrss, "reload": reload_line}


def run_python(code: str, env: dict[str, str], cwd: Path) -> tuple[float, float]:
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=cwd)
    maxrss = _wait(proc)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"python -c {code!r} failed")
    return seconds, maxrss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    args = parser.parse_args(argv)

    with contextlib.ExitStack() as stack:
        seeds = corpus_folder(args.limit, stack)
        cached = corpus_store(seeds)
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-start-")))
        env = {k: v for k, v in os.environ.items() if k not in SECRET_KEYS}
        env.update(
            BRIEFING_SEEDS=str(seeds),
            RELOAD_ON_START="true",
            LOG_LEVEL="WARNING",
            INGEST_WORKERS="0",
        )
        print(f"machine: {cpu_note()}; store copied from {cached}")
        bots, bare, imports = [], [], []
        for n in range(args.repeat + 1):
            db = work / f"run{n}.db"
            shutil.copyfile(cached, db)
            run = start_bot({**env, "BRIEFING_DB": str(db)}, work)
            if n == 0:
                print(f"warm-up (not counted): {run['seconds']:.2f} s; {run['reload']}")
                continue
            bots.append(run)
            bare.append(run_python("pass", env, work))
            imports.append(run_python(IMPORTS, env, work))

    def row(name, seconds, rss_at_ready, maxrss, target=""):
        return (
            name,
            median(seconds),
            min(seconds),
            max(seconds),
            rss_at_ready,
            median(maxrss),
            target,
        )

    seconds = [r["seconds"] for r in bots]
    rows = [
        row("python -c pass", [b[0] for b in bare], None, [b[1] for b in bare]),
        row(
            "python -c '<console imports>'", [i[0] for i in imports], None, [i[1] for i in imports]
        ),
        row(
            "python -m bot run -> Ready.",
            seconds,
            median([r["hwm_mb"] for r in bots]),
            [r["maxrss_mb"] for r in bots],
            f"<= {TARGET_SECONDS} s, <= {TARGET_MB} MB",
        ),
    ]
    print()
    print(
        table(
            (
                "process",
                "s (median)",
                "s min",
                "s max",
                "VmHWM at Ready MB",
                "peak RSS MB",
                "target",
            ),
            rows,
            title=f"Start-up, console, unchanged seeds; {len(bots)} starts (median)",
        )
    )
    ok_time = median(seconds) <= TARGET_SECONDS
    ok_mem = median([r["maxrss_mb"] for r in bots]) <= TARGET_MB
    print(
        f"time {'ok' if ok_time else 'MISSED'}, memory {'ok' if ok_mem else 'MISSED'};"
        f" <console imports> = {IMPORTS}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
