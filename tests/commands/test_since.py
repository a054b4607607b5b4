"""/since: what happened from a date on, newest first, each sentence once."""

from __future__ import annotations

import datetime as dt

import pytest

from commands import run_line
from tests.conftest import NOW
from tests.factories import TRUCE, command_env, document, extracted_event, list_pages, truce_events


@pytest.mark.parametrize("text", ["2025-01-01", "1 Jan 2025", "Jan 1, 2025"])
def test_since_accepts_plain_forms(seed_store, text):
    reply = run_line(f"/since {text}", seed_store, NOW, command_env()).to_json()
    assert reply["from"] == "2025-01-01"


def test_since_relative_to_now(seed_store):
    reply = run_line("/since 3 days ago", seed_store, NOW, command_env()).to_json()
    assert reply["from"] == (NOW.date() - dt.timedelta(days=3)).isoformat()
    assert all(e["when"]["end"] >= reply["from"] for e in reply["events"])


def test_a_sentence_of_several_events_is_listed_once(store):
    store.apply_reload([(document(), truce_events())], [], NOW)
    full = run_line("/since 2025-02-01", store, NOW, command_env()).to_json()
    listed = [s["sentence"] for s in full["sentences"]]
    assert listed.count(TRUCE) == 1 and full["total"] == len(listed) == 5
    assert full["sentences"][2]["actors"] == ["Russia", "Syria", "Iran", "Turkey"]
    assert len(full["events"]) == 8
    pages = list_pages(store, "/since 2025-02-01", 2, NOW)
    assert [s for p in pages for s in p["sentences"]] == full["sentences"]
    assert [p["total"] for p in pages] == [5, 5, 5]


def test_a_sentence_counts_from_its_newest_event(store):
    """'Announces today that … yesterday': two events of one sentence, on two days. Since
    the later day it is listed with the event of that day; since the earlier, with both."""
    said = "Moscow announces that Kyiv struck a depot yesterday."
    events = [
        extracted_event(["Russia"], [], "2025-02-12", said),
        extracted_event(["Ukraine"], [], "2025-02-11", said),
    ]
    store.apply_reload([(document(), events)], [], NOW)
    later = run_line("/since 2025-02-12", store, NOW, command_env()).to_json()
    assert later["total"] == 1 and later["sentences"][0]["actors"] == ["Russia"]
    both = run_line("/since 2025-02-11", store, NOW, command_env()).to_json()
    assert both["total"] == 1 and both["sentences"][0]["actors"] == ["Russia", "Ukraine"]
    assert both["sentences"][0]["when"]["start"] == "2025-02-12"
    assert run_line("/since 2025-02-13", store, NOW, command_env()).to_json()["total"] == 0
