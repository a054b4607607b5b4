"""Child processes that end with their parent, however the parent ends.

A parent stopped cleanly (SIGTERM, SIGINT) shuts its children down itself; one that is
killed (SIGKILL, the OOM killer) cannot, and a spaCy worker left behind idles at about
300 MB for ever. So each child also watches its parent: extraction workers (our own code)
run a thread that exits the worker once its parent process is gone (the parent id
changes when the parent dies, on every POSIX system); a child that runs another program
(Datasette under `briefing browse`) gets Linux's parent-death signal at its start.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading

# Seconds between two looks at the parent: a killed parent's workers are gone this soon.
WATCH_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def watch_parent(interval: float = WATCH_SECONDS) -> threading.Thread:
    """In a child: exit at once (no clean-up: the parent that would wait for it is gone)
    when the process that started it dies."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            threading.Event().wait(interval)

    thread = threading.Thread(target=watch, name="watch-parent", daemon=True)
    thread.start()
    return thread


def end_with_parent() -> None:
    """A `preexec_fn` for a child program: on Linux, the kernel sends it SIGTERM when
    this process dies (elsewhere nothing: the parent's stop handlers are what remain)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl here: the stop handlers remain
        return
