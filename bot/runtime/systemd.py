"""systemd's service notifications, for a unit with `Type=notify` and `WatchdogSec=`.

Under systemd (NOTIFY_SOCKET set), a process says `READY=1` once it can serve (its start-up
checks pass), `WATCHDOG=1` every half of the unit's WatchdogSec while its event loop runs
(systemd restarts it when they stop: a hung loop), `STATUS=` its readiness in one line
(`systemctl status` shows it) and `STOPPING=1` as it shuts down. Elsewhere nothing is sent.

The protocol is one datagram per notification on a Unix socket (man sd_notify), a few
lines written here: the Python packages for it are unmaintained (sdnotify, 2017) or
need libsystemd's headers to build (cysystemd).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


class Notifier:
    """Sends notifications to the socket systemd gave this process, if any."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        environ = os.environ if environ is None else environ
        path = environ.get("NOTIFY_SOCKET", "")
        # An abstract socket is written "@name"; its address starts with a NUL byte.
        self.address = "\0" + path[1:] if path.startswith("@") else path
        usec = environ.get("WATCHDOG_USEC", "")
        pid = environ.get("WATCHDOG_PID", "")
        mine = not pid or pid == str(os.getpid())
        # Half the watchdog's time, as sd_watchdog_enabled(3) advises; None without one.
        self.watchdog_seconds = int(usec) / 2e6 if usec.isdigit() and mine else None

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    def send(self, *lines: str) -> bool:
        """Send one notification; False (and a warning) when it cannot go now (no
        listener, or its queue full)."""
        if not self.address:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                # Never wait: a listener that does not read must not stall the loop.
                sock.setblocking(False)
                sock.sendto("\n".join(lines).encode(), self.address)
        except OSError as exc:
            log.warning("systemd notification not sent (%s)", exc.strerror or exc)
            return False
        return True
