"""A fast guard of benchmarks/digest.py: two 2025 days, each alone in a fresh store."""

from __future__ import annotations

import pytest

from tests.conftest import shared

pytestmark = pytest.mark.corpus


@pytest.mark.parametrize("day", ["2025-01-01", "2025-06-26"])
def test_a_day_leads_with_its_multi_outlet_items_credits_every_outlet_and_fits(day, engine):
    from benchmarks.digest import score_day

    path = shared("corpus", "current-events", "2025", f"{day}.txt")
    shared("corpus", "current-events", "gold-2025.jsonl")
    score = score_day(engine, path)
    assert score["lead"] == score["multi"]
    assert score["credited"] == score["stories"] > 0
    assert score["covered"] >= 0.9 * score["items"]
    assert score["fits"]
