"""Ranking: one test per signal, each able to move a story up."""

from __future__ import annotations

import pytest

from bot.digest.rank import casualties, killed_where, rank
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
        "severity",
        "breadth",
        "novelty",
        "items",
        "outlets",
        "prominence",
        "trending",
        "recency",
    }


def test_severity_outweighs_every_attention_signal_together():
    weights = settings()["rank"]["weights"]
    attention = ("items", "outlets", "breadth", "prominence", "trending", "novelty")
    assert weights["severity"] > sum(weights[k] for k in attention)


def test_a_head_of_states_death_from_one_outlet_beats_a_minor_story_from_many():
    minor = _story(1, "A festival opens in a town.", sources=("AP", "Reuters", "BBC", "CNN", "DW"))
    grave = _story(2, "President Ana Silva of Chile dies at 81.", sources=("AP",))
    assert _top([minor, grave]) == 2


def test_the_outlet_count_decides_between_equals_and_is_capped():
    one = _story(1, "Nine people are killed in a flood.", sources=("AP",))
    many = _story(2, "Nine people are killed in a flood.", sources=("AP", "Reuters"))
    assert _top([one, many]) == 2
    cap = settings()["rank"]["outlets_cap"]
    huge = _story(3, "A fair opens.", sources=tuple(f"O{i}" for i in range(cap * 3)))
    rank([huge], {}, {n: 1 for n in huge.entities})
    assert huge.signals["outlets"] == 1.0


@pytest.mark.parametrize(
    ("sentence", "graver_than"),
    [
        ("Prime Minister Ana Silva resigns.", "Five people are killed in a crash."),
        ("Former President Ana Silva is sentenced to ten years in prison.", "A bridge opens."),
        ("A magnitude 7.1 earthquake strikes the coast.", "A bridge opens."),
    ],
)
def test_classes_of_grave_news_rank_without_a_number(sentence, graver_than):
    assert _top([_story(1, graver_than), _story(2, sentence)]) == 2


@pytest.mark.parametrize(
    "sentence",
    [
        # The title is after the verb, in another clause: not a ruling against a leader.
        "Five protesters are arrested by police during a ceremony attended by"
        " Prime Minister Ana Silva.",
        "A Cessna 172 lands in a field.",
    ],
)
def test_words_near_a_title_or_a_names_number_make_no_grave_news(sentence):
    from bot.digest.rank import sentence_severity

    assert sentence_severity(sentence) < 0.3


@pytest.mark.parametrize(
    ("sentence", "killed", "hurt"),
    [
        ("Nine people are killed and thousands of others are displaced.", 9, 2000),
        ("A car hits a crowd, killing two people and injuring 25 others.", 2, 25),
        ("Three people are killed when a Cessna 172 crashes.", 3, None),
        ("President Ana Silva dies at 81.", 0, None),
        ("Over 30 people are killed and 90 others are injured.", 30, 90),
        # A running total is harm without a number: not the day's news.
        ("Since October 2023, 55,000 people have been killed in the war.", 0, None),
        ("The ministry says 216 children have died this flu season.", 0, None),
    ],
)
def test_harm_reads_killed_and_hurt_apart(sentence, killed, hurt):
    from bot.digest.rank import harm

    found = harm(sentence)
    assert (found.killed, found.hurt) == (killed, hurt)


def test_a_storys_line_is_its_gravest_item():
    story = Story(
        [
            _ev(1, "Officials meet in the capital.", file="a.txt", paragraph=1),
            _ev(2, "At least 40 people are killed in the fighting.", file="a.txt", paragraph=2),
        ]
    )
    rank([story], {}, {n: 1 for n in story.entities})
    assert story.lead.id == 2


def test_more_outlets_rank_higher():
    assert _top([_story(1, sources=("AP",)), _story(2, sources=("AP", "Reuters"))]) == 2


def test_more_items_rank_higher():
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


def test_a_toll_is_named_where_its_own_report_says_it_happened():
    # The lead names who spoke; the toll's report names where; a story with no place at
    # all is named by who its toll's report names.
    said = _ev(1, "The United Nations says an attack in Al-Fashir killed 53.", ("United Nations",))
    where = _ev(2, "An attack killed 53.", (), places=("Al-Fashir", "Sudan"))
    assert killed_where(Story([said, where])) == "Al-Fashir"
    lead = _ev(3, "Russia strikes Ukraine.", places=("Ukraine",))
    toll = _ev(4, "A strike kills three in Fastiv.", places=("Fastiv", "Ukraine"))
    assert killed_where(Story([lead, toll])) == "Fastiv"
    assert killed_where(Story([_ev(5, "Nine fighters are killed.", ("Al-Shabaab",))])) == (
        "Al-Shabaab"
    )
    # Of two events of the toll's sentence, the one with places names it, never a place
    # of another item of the story.
    other = _ev(6, "Rebels detain nine UN workers in Yemen.", places=("Yemen",))
    assert killed_where(Story([said, other, where])) == "Al-Fashir"
    # The toll's event has no place, but its sentence names one of the story's places.
    bare = _ev(7, "The United Nations says 53 are killed in Al-Fashir.", ("United Nations",))
    camp = _ev(8, "Thousands flee the camp.", (), places=("Al-Fashir",))
    assert killed_where(Story([bare, other, camp])) == "Al-Fashir"
