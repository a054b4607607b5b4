"""benchmarks/ingest.py (f): an unchanged reload's process against bare process start."""

from __future__ import annotations

from benchmarks.ingest import processes_report

BARE, HELP, RELOAD = "python -c pass", "python -m bot --help", "briefing reload (unchanged)"


def _run(bare: float, helped: float, reload: float) -> dict[str, float]:
    times = {BARE: bare, HELP: helped, RELOAD: reload}
    return {**times, **{f"{name} cpu": seconds / 2 for name, seconds in times.items()}}


def test_the_table_gives_each_process_over_bare_start_and_over_help_within_a_repeat():
    runs = [_run(0.1, 0.3, 0.6), _run(0.2, 0.4, 1.2), _run(0.1, 0.5, 0.4)]
    lines = processes_report(runs, 30, "bot").splitlines()
    reload = [line.removeprefix(RELOAD).split() for line in lines if line.startswith(RELOAD)]
    # the reload's wall time: median 0.60 s; over bare start 6, 6, 4 -> 6; over --help 2, 3, 0.8
    assert reload == [
        ["wall", "0.60", "0.40-1.20", "6.00", "2.00"],
        ["CPU", "0.30", "0.20-0.60", "6.00", "2.00"],
    ]
