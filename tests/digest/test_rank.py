"""Ranking: one test per signal, each able to move a story up."""

from __future__ import annotations

import pytest

from bot.digest.rank import casualties, rank
from bot.digest.stories import Story, settings
from tests.factories import stored_event as _ev


def _story(i: int, sentence: str = "Chile held a vote.", **fields) -> Story:
    fields.setdefault("actors", (f"E{i}",))
    return Story([_ev(i, sentence, file=f"{i}.txt", **fields)])


def _top(stories, history=None, window=None) -> int:
    window = window or {n: 1 for s in stories for n in s.entities}
    return rank(stories, history or {}, window)[0].reports[0].id


def test_weights_are_data_one_per_signal():
    assert set(settings()["rank"]["weights"]) == {
        "outlets",
        "documents",
        "prominence",
        "trending",
        "severity",
        "recency",
    }


def test_more_outlets_rank_higher():
    assert _top([_story(1, sources=("AP",)), _story(2, sources=("AP", "Reuters"))]) == 2


def test_more_documents_rank_higher():
    two = Story(
        [
            _ev(2, "Chile voted.", actors=("E2",), file="a.txt"),
            _ev(3, "Chile voted.", actors=("E2",), file="b.txt"),
        ]
    )
    assert _top([_story(1), two]) == 2


def test_a_prominent_entity_ranks_higher():
    assert _top([_story(1), _story(2)], history={"E2": 200}) == 2


def test_an_entity_active_against_its_baseline_is_trending():
    stories = [_story(1), _story(2)]
    # E1 has as many stories today, but it is always this busy.
    window = {"E1": 3, "E2": 3}
    ranked = rank(stories, {"E1": 28 * 3, "E2": 0}, window)
    assert ranked[0].signals["trending"] > ranked[1].signals["trending"]
    assert ranked[0].reports[0].id == 2


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Israeli forces kill at least 71 Palestinians in Gaza.", 71),
        ("Nine people are killed and thousands are displaced.", 2000),
        ("A bomb injures 1,200 people.", 1200),
        ("The minister resigned in 2015.", None),
        ("A man is killed in a crash in 2024.", 0),
    ],
)
def test_casualties_read_the_number_near_the_harm(sentence, count):
    assert casualties(sentence) == count


def test_more_casualties_rank_higher():
    assert _top([_story(1, "Two people are injured."), _story(2, "Ninety people are killed.")]) == 2


def test_recent_news_ranks_higher():
    old = _story(1, when_start="2025-02-10", when_end="2025-02-10")
    assert _top([old, _story(2)]) == 2
