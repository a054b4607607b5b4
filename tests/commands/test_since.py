"""/since: events from a date on, newest first."""

from __future__ import annotations

import datetime as dt

import pytest

from commands import run_line
from tests.conftest import NOW
from tests.factories import command_env


@pytest.mark.parametrize("text", ["2025-01-01", "1 Jan 2025", "Jan 1, 2025"])
def test_since_accepts_plain_forms(seed_store, text):
    reply = run_line(f"/since {text}", seed_store, NOW, command_env()).to_json()
    assert reply["from"] == "2025-01-01"


def test_since_relative_to_now(seed_store):
    reply = run_line("/since 3 days ago", seed_store, NOW, command_env()).to_json()
    assert reply["from"] == (NOW.date() - dt.timedelta(days=3)).isoformat()
    assert all(e["when"]["end"] >= reply["from"] for e in reply["events"])
