"""The cross-day check's gold rule: which items continue a story of an earlier day."""

from __future__ import annotations

import pytest

from benchmarks.digest import continues
from benchmarks.scoring.current_events import GoldParagraph

FIRES = GoldParagraph(
    "2025-01-08.txt",
    "More than 100,000 people are evacuated from wildfires in Los Angeles County, "
    "California. (Reuters)",
    [("Los Angeles County", "Los Angeles County"), ("California", "California")],
    3,
)


@pytest.mark.parametrize(
    ("text", "titles", "expected"),
    [
        (
            "The number of deaths in the wildfires in Los Angeles County rises to 16. (AP)",
            ["Los Angeles County", "California"],
            True,
        ),
        # Alike, one linked entity in common: not enough.
        (
            "The number of deaths in the wildfires in Los Angeles County rises to 16. (AP)",
            ["Los Angeles County", "Nevada"],
            False,
        ),
        # Two entities in common, another story.
        (
            "California's governor signs a budget law. (AP)",
            ["Los Angeles County", "California"],
            False,
        ),
    ],
)
def test_an_item_continues_when_it_shares_two_linked_entities_and_reads_alike(
    text, titles, expected
):
    later = GoldParagraph("2025-01-09.txt", text, [(t, t) for t in titles], 1)
    assert continues(later, FIRES) is expected
