"""A child server run under this process (`briefing browse` runs Datasette so): stop
signals sent to this process are passed on to the child and waited for."""

from __future__ import annotations

import signal
import subprocess

from bot.lifeline import end_with_parent


def supervise(command: list[str]) -> int:
    """Run a child server until it ends; a stop signal sent to this process (a supervisor
    signals one PID) is passed on to it and waited for, so nothing is left serving."""
    stops = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
    # Killed (SIGKILL), this process cannot pass anything on: the child ends with it.
    child = subprocess.Popen(command, preexec_fn=end_with_parent)
    stopped: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        stopped.append(signum)
        if child.poll() is None:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in stops}
    try:
        code = child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child.poll() is None:  # this process is failing: never leave the child behind
            child.terminate()
            child.wait(timeout=10)
    return 0 if stopped else code
