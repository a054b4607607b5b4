"""`briefing browse`: Datasette on loopback, read-only, with full-text search of sentences."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import REPO


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
        return response.status, response.read()


@pytest.fixture
def browsing(tmp_path, seed_db):
    db = tmp_path / "briefing.db"
    shutil.copy(seed_db, db)
    before = db.read_bytes()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "browse", "--db", str(db), "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(f"{base}/-/versions.json")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(process.stderr.read().decode()[-2000:]) from None
            time.sleep(0.2)
    yield base
    process.send_signal(signal.SIGINT)
    process.wait(timeout=20)
    assert db.read_bytes() == before, "browsing must not write to the store"


def test_a_page_of_events_is_served(browsing):
    status, body = _get(f"{browsing}/briefing/events.json?_shape=array&_size=5")
    assert status == 200 and len(json.loads(body)) == 5


def test_full_text_search_finds_the_sentence(browsing):
    status, body = _get(f"{browsing}/briefing/events.json?_search=naval+base&_shape=array")
    rows = json.loads(body)
    assert status == 200 and len(rows) == 1
    assert rows[0]["sentence"].startswith("The Kremlin is seeking")
    status, page = _get(f"{browsing}/briefing/events?_search=Kremlin")
    assert status == 200 and b"The Kremlin is seeking" in page


def test_sigterm_stops_datasette_and_removes_the_metadata_folder(tmp_path, seed_db):
    """A supervisor signals one PID: the wrapper's child server and its files go with it."""
    db = tmp_path / "briefing.db"
    shutil.copy(seed_db, db)
    port = _free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "browse", "--db", str(db), "--port", str(port)],
        cwd=REPO,
        env={**env, "TMPDIR": str(temp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(f"http://127.0.0.1:{port}/-/versions.json")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(process.stderr.read().decode()[-2000:]) from None
            time.sleep(0.2)
    assert list(temp.iterdir()), "the metadata folder is made in TMPDIR"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    with pytest.raises(OSError):
        _get(f"http://127.0.0.1:{port}/-/versions.json")
    assert list(temp.iterdir()) == []
