"""Fast guards of benchmarks/digest.py and benchmarks/digest_read.py: 2025 days, each alone
in a fresh store, read as a subscriber reads them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from benchmarks.corpora import NOW
from tests.conftest import shared

pytestmark = pytest.mark.corpus

# The hand-labelled development days of January and February (benchmarks/data/lead-2025.tsv).
LABELLED = ["2025-01-06", "2025-01-15", "2025-01-20", "2025-01-30", "2025-01-31",
            "2025-02-15", "2025-02-19", "2025-02-25", "2025-02-26"]  # fmt: skip


@pytest.mark.parametrize("day", ["2025-01-01", "2025-06-26"])
def test_a_day_credits_every_outlet_covers_its_items_and_fits(day, engine):
    from benchmarks.digest import score_day

    path = shared("corpus", "current-events", "2025", f"{day}.txt")
    shared("corpus", "current-events", "gold-2025.jsonl")
    score = score_day(engine, path)
    assert score["credited"] == score["stories"] > 0
    assert score["covered"] >= 0.9 * score["items"]
    assert score["fits"]


def _day_digest(engine, day: dt.date, tmp: Path):
    from bot.digest.schedule import published_digest
    from bot.ingest import reload
    from bot.store import Store

    path = shared("corpus", "current-events", "2025", f"{day}.txt")
    shutil.copy2(path, tmp / path.name)
    with Store(":memory:") as store:
        reload(store, tmp, engine, NOW)
        return published_digest(store, day, day)


def test_labelled_days_lead_with_their_biggest_story_and_break_no_check(engine, tmp_path):
    from benchmarks.digest_read import CHECKS, _labelled_paragraphs, check, hand_labels

    labels = hand_labels()
    right, broken = 0, []
    for text in LABELLED:
        day = dt.date.fromisoformat(text)
        folder = tmp_path / text
        folder.mkdir()
        reply = _day_digest(engine, day, folder)
        path = shared("corpus", "current-events", "2025", f"{day}.txt")
        wanted = _labelled_paragraphs(path, labels[day][1])
        right += bool({e.paragraph for e in reply.shown[0].reports} & wanted)
        found = check(reply, day, day, set())
        broken += [(text, name) for name in CHECKS if found[name]]
    assert broken == []
    # 6 of 9 when written (each page alone; the whole year in one store: 16 of 23).
    assert right >= 6
