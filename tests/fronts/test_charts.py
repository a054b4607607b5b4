"""The charts the fronts draw: sizes, thresholds and the Okabe–Ito colours in the pixels."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from bot.fronts.charts import (
    CHART_MIN_EVENTS,
    OKABE_ITO,
    OTHERS_COLOUR,
    digest_chart,
    png_size,
    timeline_chart,
    timeline_png,
)
from bot.replies import OTHERS, DigestReply, EntityPage, TimelineReply
from bot.store import EntityRow

DAY = dt.date(2025, 2, 19)


def _colours(png: bytes) -> set[tuple[int, int, int]]:
    """Every colour drawn, as 8-bit RGB."""
    from matplotlib.image import imread

    pixels = (imread(io.BytesIO(png))[:, :, :3].reshape(-1, 3) * 255).round().astype(int)
    return {(int(r), int(g), int(b)) for r, g, b in {tuple(p) for p in pixels}}


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _digest(events: int) -> DigestReply:
    """A digest of `events` events, one story each (the chart counts events, not stories:
    a story of several items is several events)."""
    from bot.replies import DigestStory
    from tests.factories import stored_event

    stories = [
        DigestStory([stored_event(i, f"Entity {i} acts.")], [], 0.0, {}, "Other news")
        for i in range(events)
    ]
    activity = [(f"Entity {i}", 2) for i in range(events)]
    return DigestReply(None, stories, total=events, activity=activity)


def test_digest_chart_from_five_events_in_okabe_ito_blue():
    assert digest_chart(_digest(CHART_MIN_EVENTS - 1), DAY) is None
    chart = digest_chart(_digest(CHART_MIN_EVENTS), DAY)
    assert chart is not None and png_size(chart) == (800, 400)
    assert _rgb(OKABE_ITO[3]) in _colours(chart)


def test_timeline_stacks_the_co_actors_in_palette_order_and_others_in_grey():
    series = {"2025-02-10": {"Syria": 2, OTHERS: 1}, "2025-02-17": {"Turkey": 3}}
    colours = _colours(timeline_chart("Russia", series, ["Syria", "Turkey", OTHERS]))
    assert {_rgb(OKABE_ITO[0]), _rgb(OKABE_ITO[1]), _rgb(OTHERS_COLOUR)} <= colours
    assert _rgb(OKABE_ITO[2]) not in colours  # a third co-actor would be bluish green


@pytest.mark.parametrize(
    "reply",
    [
        TimelineReply(query="Atlantis", entity=None, suggestions=["Atlanta"]),
        EntityPage("who", "Russia", EntityRow(1, "Russia", "country", ())),
    ],
)
def test_only_a_timeline_that_found_its_entity_is_drawn(reply):
    assert timeline_png(reply) is None


def test_a_timeline_with_no_weeks_is_still_a_chart():
    reply = TimelineReply(query="Russia", entity=EntityRow(1, "Russia", "country", ()))
    png = timeline_png(reply)
    assert png is not None and png_size(png) == (1000, 500)


def test_a_digest_of_one_story_of_five_events_has_its_chart():
    # Stories join (an inauguration and its orders): the chart counts their events.
    from bot.replies import DigestStory
    from tests.factories import stored_event

    story = DigestStory(
        [stored_event(i, f"Item {i}.") for i in range(CHART_MIN_EVENTS)], [], 0.0, {}, "Top"
    )
    reply = DigestReply(None, [story], total=1, activity=[("Russia", CHART_MIN_EVENTS)])
    assert digest_chart(reply, DAY) is not None
