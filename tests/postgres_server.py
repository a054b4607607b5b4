"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, started on a
free loopback port, stopped and removed after.

pg_ctl starts the server detached from the test run, so a run that is killed (SIGKILL, a
CI timeout killing its process group) would leave it running. Each server therefore has a
watchdog: a small process in a session of its own that holds the read end of a pipe whose
write end only the test run holds. When the run ends, however it ends, the kernel closes
that end; the watchdog reads end-of-file, stops the server and removes its folder.

PostgreSQL refuses to run as root, so under root (a container) the server runs as an
unprivileged system user (`nobody`) that owns the folder. `missing()` says why no server
can be started here (no binaries, no psycopg), so the tests skip with that reason.
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

USER = "briefing"
# Durability is not what the tests check: a throwaway server need not fsync.
FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else the newest Debian/Ubuntu install."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def missing() -> str | None:
    """Why a server cannot be started here, or None."""
    if binaries() is None:
        return "no PostgreSQL binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql"
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed (pip install -e '.[dev]')"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser to start PostgreSQL as another user"
    return None


# The watchdog's program: wait for end-of-file on stdin (the test run is gone, or stopped
# the server itself), then stop the server at once and remove its folder.
WATCHDOG = """
import shutil, subprocess, sys
sys.stdin.buffer.read()
subprocess.run(sys.argv[2:], capture_output=True, check=False, timeout=60)
shutil.rmtree(sys.argv[1], ignore_errors=True)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One server in its own folder; `url(database)` names a database on it."""

    # The servers of this test run not stopped yet (the run's end checks it is empty).
    live: set[PostgresServer] = set()  # noqa: RUF012

    def __init__(self, durable: bool = False) -> None:
        # A durable server keeps what it acknowledged across a crash-stop (`halt`), as
        # a real one does: the fault tests count what survives a restart.
        self.durable = durable
        self.bin = binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="briefing-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.started = False
        self._watchdog: subprocess.Popen | None = None

    def _argv(self, *command: str) -> list[str]:
        argv = [str(self.bin / command[0]), *command[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses root: run it as nobody
            argv = ["runuser", "-u", "nobody", "--", *argv]
        return argv

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            self._argv(*command), capture_output=True, text=True, check=False, timeout=120
        )

    def start(self) -> PostgresServer:
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.folder, nobody.pw_uid, nobody.pw_gid)
        done = self._run(
            "initdb", "-D", str(self.data), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-sync"
        )
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr or done.stdout}")
        self._watch()
        self._start()
        PostgresServer.live.add(self)
        return self

    def _watch(self) -> None:
        """Start the watchdog that stops the server when this process ends (see above)."""
        stop = self._argv("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", WATCHDOG, str(self.folder), *stop],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not killed with the run's process group
        )

    def _start(self) -> None:
        fast = "-c fsync=off" if self.durable else FAST  # the OS never crashes in a test
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 {fast}"
        done = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options,
            "-w", "start",
        )  # fmt: skip
        if done.returncode != 0:
            log = (self.folder / "log").read_text() if (self.folder / "log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {done.stderr or done.stdout}\n{log}")
        self.started = True

    def halt(self) -> None:
        """Stop the server at once, as a crash or an operator's restart does: every
        connection is cut mid-request."""
        done = self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        if done.returncode != 0:
            raise RuntimeError(f"pg_ctl stop failed: {done.stderr or done.stdout}")
        self.started = False

    def resume(self) -> None:
        """Start the stopped server again, on the same port and data."""
        self._start()

    def restart(self) -> None:
        self.halt()
        self.resume()

    def pid(self) -> int | None:
        """The postmaster's process id while it runs."""
        pidfile = self.data / "postmaster.pid"
        try:
            return int(pidfile.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        PostgresServer.live.discard(self)
        if self.started:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)
        if self._watchdog is not None:  # its work is done: let it end
            self._watchdog.stdin.close()
            self._watchdog.wait(timeout=60)
            self._watchdog = None


@contextlib.contextmanager
def serving(durable: bool = False) -> Iterator[PostgresServer]:
    """A started server for a fixture, stopped after (the process's pools closed first),
    also when tests fail; the fixture is skipped with the reason where none can start."""
    import pytest

    reason = missing()
    if reason is not None:
        pytest.skip(reason)
    server = PostgresServer(durable=durable)
    try:
        server.start()
        yield server
    finally:
        from bot.store.engines.postgresql.connection import close_pools

        close_pools()
        server.stop()
