"""Watching the seeds folder: added, changed and removed files reload, bursts debounced."""

from __future__ import annotations

import asyncio

import pytest

from bot.errors import BadInput
from bot.ingest import ReloadReport
from bot.runtime.watch import watch, watch_seeds
from bot.store import Store
from tests.conftest import NOW

QUIET = 0.3
TIMEOUT = 10.0


async def _until(predicate, timeout: float = TIMEOUT) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_watch_reloads_on_add_change_and_remove(tmp_path, engine):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    db = tmp_path / "b.db"
    reports: list[ReloadReport] = []
    stop = asyncio.Event()
    task = asyncio.create_task(
        watch(db, seeds, engine, stop, quiet=QUIET, on_report=reports.append, clock=lambda: NOW)
    )
    await asyncio.sleep(0.3)  # the watcher is set up
    (seeds / "a.txt").write_text("date 2025-02-10\n\nUkraine and Poland signed a deal in Warsaw.\n")
    await _until(lambda: len(reports) == 1)
    assert reports[0].added == 1
    (seeds / "a.txt").write_text("date 2025-02-11\n\nFrance and Germany met in Paris.\n")
    await _until(lambda: len(reports) == 2)
    assert reports[1].updated == 1
    (seeds / "a.txt").unlink()
    await _until(lambda: len(reports) == 3)
    assert (reports[2].removed, reports[2].documents) == (1, 0)
    stop.set()
    assert await asyncio.wait_for(task, TIMEOUT) == 3
    with Store(db) as store:
        assert store.aggregates.counts()["documents"] == 0


def _recorder(seeds):
    """A reload stand-in that records, for each reload, whether the control file existed:
    a reload caused by anything written before the control records False."""
    control = seeds / "control.txt"
    seen: list[bool] = []

    async def run() -> ReloadReport:
        seen.append(control.exists())
        return ReloadReport()

    return run, seen, control


async def test_a_burst_of_writes_gives_one_reload(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    run, seen, control = _recorder(seeds)
    stop = asyncio.Event()
    task = asyncio.create_task(watch_seeds(seeds, run, stop, quiet=QUIET))
    await asyncio.sleep(0.3)  # the watcher is set up
    for i in range(8):  # eight writes, each well inside the quiet window
        (seeds / f"{i % 3}.txt").write_text(f"date 2025-02-1{i}\n\nNews {i}.\n")
        await asyncio.sleep(QUIET / 6)
    (seeds / ".hidden.swp").write_text("editor noise")
    await _until(lambda: len(seen) == 1)
    control.write_text("date 2025-02-18\n\nControl.\n")  # must give the next reload
    await _until(lambda: True in seen)
    assert seen == [False, True], "the burst gave more than one reload"
    stop.set()
    assert await asyncio.wait_for(task, TIMEOUT) == 2


async def test_hidden_files_and_subfolders_do_not_reload(tmp_path):
    seeds = tmp_path / "seeds"
    (seeds / "archive").mkdir(parents=True)  # a subfolder, there before the watch
    run, seen, control = _recorder(seeds)
    stop = asyncio.Event()
    task = asyncio.create_task(watch_seeds(seeds, run, stop, quiet=QUIET))
    await asyncio.sleep(0.3)  # the watcher is set up
    (seeds / ".a.txt.swp").write_text("x")
    (seeds / "archive" / "old.txt").write_text("date 2025-01-01\n\nOld news.\n")
    (seeds / "archive" / "old.txt").write_text("date 2025-01-02\n\nOlder news.\n")
    await asyncio.sleep(QUIET * 2)  # time enough for a reload they would have caused…
    control.write_text("date 2025-02-18\n\nControl.\n")  # …before this one's
    await _until(lambda: len(seen) >= 1)
    assert seen == [True], "a hidden file or a subfolder's file caused a reload"
    stop.set()
    assert await asyncio.wait_for(task, TIMEOUT) == 1


async def test_a_failing_reload_does_not_stop_the_watch(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    calls: list[int] = []

    async def run() -> ReloadReport:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("model crashed")
        return ReloadReport()

    stop = asyncio.Event()
    task = asyncio.create_task(watch_seeds(seeds, run, stop, quiet=QUIET))
    await asyncio.sleep(0.3)
    (seeds / "a.txt").write_text("date 2025-02-10\n\nx\n")
    await _until(lambda: len(calls) == 1)
    (seeds / "a.txt").write_text("date 2025-02-11\n\ny\n")
    await _until(lambda: len(calls) == 2)
    stop.set()
    assert await asyncio.wait_for(task, TIMEOUT) == 1


async def test_missing_folder_is_a_clear_error(tmp_path):
    async def run() -> ReloadReport:
        return ReloadReport()

    with pytest.raises(BadInput, match="seeds folder"):
        await watch_seeds(tmp_path / "nope", run, asyncio.Event())
