"""systemd's notifications over a real Unix datagram socket, as systemd reads them:
READY=1 only once the start-up checks pass, WATCHDOG=1 while the loop runs, STATUS= with
what fails, STOPPING=1 at the end; and the real `briefing ingest` says READY=1 once it
serves."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.runtime import health as health_module
from bot.runtime.health import HealthServer
from bot.runtime.systemd import Notifier
from tests.conftest import REPO, SEEDS
from tests.factories import settings_of


@pytest.fixture
def systemd(tmp_path: Path) -> Iterator[socket.socket]:
    """The socket systemd listens on (NOTIFY_SOCKET)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify"))
    sock.setblocking(False)
    yield sock
    sock.close()


def _heard(sock: socket.socket) -> list[str]:
    lines = []
    while True:
        try:
            lines.extend(sock.recv(4096).decode().splitlines())
        except BlockingIOError:
            return lines


async def test_ready_once_the_start_checks_pass_and_the_watchdog_while_the_loop_runs(
    systemd, tmp_path, monkeypatch
):
    monkeypatch.setattr(health_module, "STATUS_SECONDS", 0.1)
    connected = False

    async def fronts() -> str | None:
        return None if connected else "Discord: not connected"

    async def owner() -> str | None:
        return "no process holds the digest scheduler's lease"

    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": "200000"})
    assert notifier.watchdog_seconds == 0.1
    server = HealthServer(
        settings_of(health_port=0),
        "bot",
        {"fronts": fronts, "digest_owner": owner},
        start_checks=("fronts",),
        notifier=notifier,
    )
    await server.start()
    try:
        await asyncio.sleep(0.3)
        before = _heard(systemd)
        assert "READY=1" not in before  # the fronts are not connected yet
        assert "STATUS=fronts: Discord: not connected; digest_owner: no process holds the" in (
            " ".join(before)
        )
        assert before.count("WATCHDOG=1") >= 2
        connected = True
        await asyncio.sleep(0.3)
        after = _heard(systemd)
        assert after.count("READY=1") == 1  # once, though the digest owner is elsewhere
        assert "STATUS=digest_owner: no process holds the digest scheduler's lease" in after
        await asyncio.sleep(0.2)
        assert "READY=1" not in _heard(systemd)
    finally:
        await server.close()
    assert _heard(systemd)[-1] == "STOPPING=1"


def test_no_socket_no_notifications_and_an_other_process_watchdog_is_not_ours():
    assert not Notifier({}).enabled and Notifier({}).send("READY=1") is False
    theirs = Notifier({"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "1000", "WATCHDOG_PID": "1"})
    assert theirs.address == "\0x" and theirs.watchdog_seconds is None


def test_the_ingest_service_says_ready_once_it_serves(systemd, tmp_path):
    service = subprocess.Popen(
        [sys.executable, "-m", "bot", "ingest", "--db", str(tmp_path / "b.db")],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={
            **os.environ,
            "BRIEFING_SEEDS": str(SEEDS),
            "LOG_LEVEL": "WARNING",
            "NOTIFY_SOCKET": str(tmp_path / "notify"),
            "WATCHDOG_USEC": "2000000",
        },
    )
    heard: list[str] = []
    try:
        deadline = time.monotonic() + 120
        while "READY=1" not in heard and time.monotonic() < deadline:
            assert service.poll() is None, service.stderr.read()
            heard += _heard(systemd)
            time.sleep(0.1)
        assert "READY=1" in heard and "STATUS=ready" in heard
        assert (tmp_path / "b.db").exists()  # after its start-up reload
    finally:
        service.send_signal(signal.SIGTERM)
        service.wait(timeout=60)
    heard += _heard(systemd)
    assert "WATCHDOG=1" in heard and heard[-1] == "STOPPING=1"


def test_a_listener_that_does_not_read_never_stalls_the_sender(systemd, tmp_path):
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "notify")})
    sent = [notifier.send("WATCHDOG=1") for _ in range(200)]  # nobody reads: the queue fills
    assert sent[0] is True and sent[-1] is False  # dropped, not waited for
