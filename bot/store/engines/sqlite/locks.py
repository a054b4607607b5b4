"""One reload at a time on a store, across processes: a lock file beside the database.

A reload reads what the store holds, extracts for minutes, then writes; two at once (cron
beside the bot's folder watch) would each write from a store the other has changed. The
lock is `flock` on `<db>.reload-lock`: the kernel releases it when its holder exits,
killed or not, so a crashed reload never blocks the next. The database file itself is
never locked this way (closing a second descriptor on it would drop SQLite's own locks).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)
LOCK_SUFFIX = ".reload-lock"


def lock_file(db: Path) -> Path:
    """The lock file of a store's database file."""
    return db.with_name(db.name + LOCK_SUFFIX)


@contextlib.contextmanager
def reload_lock(db: Path | None) -> Iterator[None]:
    """Hold the store's reload lock, waiting for another process's reload to finish; a
    store in memory has no other writer."""
    if db is None:
        yield
        return
    try:
        fd = os.open(lock_file(db), os.O_CREAT | os.O_RDWR, 0o600)
    except OSError as exc:  # a folder we cannot write: the reload's own write will say so
        log.warning("reload: no lock file beside %s (%s)", db, exc.strerror)
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("reload: waiting for another reload of %s to finish", db)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
