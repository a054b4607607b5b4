"""Which processes run (Linux's /proc): what the tests check is left behind."""

from __future__ import annotations

import time
from pathlib import Path

HAS_PROC = Path("/proc/self/stat").exists()


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid`."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for its parent to read its status."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:200]
    except OSError:
        return "?"


# Helpers that end with the process itself: multiprocessing's resource tracker reads a
# pipe only this process holds, and exits when it closes.
ENDS_WITH_US = ("multiprocessing.resource_tracker",)


def left_running(pid: int, grace: float = 10.0) -> list[str]:
    """The children of `pid` still running after `grace` seconds, as 'pid: command'
    (its own helpers that end with it aside)."""
    deadline = time.monotonic() + grace
    while True:
        running = sorted(
            p
            for p in children(pid)
            if alive(p) and not any(name in command_line(p) for name in ENDS_WITH_US)
        )
        if not running or time.monotonic() > deadline:
            return [f"{p}: {command_line(p)}" for p in running]
        time.sleep(0.2)
