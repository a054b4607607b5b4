"""Stories: one happening's reports gathered; the threshold is data."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from bot.digest.stories import (
    Story,
    gather,
    mark_updates,
    settings,
    similarity,
    token_set_ratio,
    words_of,
)
from tests.factories import stored_event as _ev


def test_clauses_and_sentences_of_one_paragraph_are_one_story():
    events = [
        _ev(1, "Floods kill nine in China.", file="a.txt", paragraph=3),
        _ev(2, "Thousands are displaced.", actors=("Guizhou",), file="a.txt", paragraph=3),
        _ev(3, "Floods kill nine in China.", file="a.txt", paragraph=4, actors=("Peru",)),
    ]
    assert sorted(len(s.reports) for s in gather(events)) == [1, 2]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (
            "Nine people are killed in floods in Guizhou, China.",
            "Floods in Guizhou, China, kill nine people.",
            True,
        ),
        (
            "Russia deployed troops near the border.",
            "Russia withdrew its ambassador from Mali.",
            False,
        ),
    ],
)
def test_reports_in_two_documents_join_when_alike(a, b, same):
    stories = gather([_ev(1, a, file="a.txt"), _ev(2, b, file="b.txt")])
    assert (len(stories) == 1) is same


def test_reports_far_apart_in_time_are_two_stories():
    stories = gather(
        [
            _ev(1, "Russia deployed troops.", file="a.txt"),
            _ev(
                2,
                "Russia deployed troops.",
                file="b.txt",
                when_start="2025-01-01",
                when_end="2025-01-01",
            ),
        ]
    )
    assert len(stories) == 2


def test_the_threshold_is_data_and_sits_between_alike_and_unlike():
    threshold = settings()["story"]["same_story"]
    alike = similarity(
        Story([_ev(1, "Floods kill nine in Guizhou.")]),
        Story([_ev(2, "Floods in Guizhou kill nine people.")]),
    )
    unlike = similarity(
        Story([_ev(1, "Russia deployed troops.")]),
        Story([_ev(2, "Russia hosted a film festival.")]),
    )
    assert unlike < threshold <= alike


def test_a_story_told_in_an_earlier_digest_is_an_update():
    earlier = [
        _ev(
            1,
            "Israeli strikes kill 40 in Gaza.",
            actors=("Israel",),
            places=("Gaza Strip",),
            file="d1.txt",
            when_start="2025-02-16",
            when_end="2025-02-16",
        )
    ]
    (story,) = gather(
        [
            _ev(
                2,
                "Israeli strikes kill 71 in Gaza.",
                ("Israel",),
                places=("Gaza Strip",),
                file="d2.txt",
            )
        ]
    )
    mark_updates([story], earlier)
    assert story.update_of is not None and story.update_of.id == 1
    (fresh,) = gather([_ev(3, "Chile held a vote.", actors=("Chile",))])
    mark_updates([fresh], earlier)
    assert fresh.update_of is None


FIRES = "Wildfires force 100,000 people to evacuate their homes near Los Angeles."


@pytest.mark.parametrize(
    ("sentence", "places", "update"),
    [
        # A later day of the story: less alike than a second report, still an update.
        (
            "The death toll of the Los Angeles wildfires rises to 16 as firefighters battle.",
            ("Los Angeles", "California"),
            True,
        ),
        # As alike, but one name in common is too little.
        (
            "The death toll of the Los Angeles wildfires rises to 16 as firefighters battle.",
            ("Los Angeles", "Nevada"),
            False,
        ),
        # Both names in common, another story.
        ("The governor signs a budget law.", ("Los Angeles", "California"), False),
    ],
)
def test_a_later_day_continues_a_story_when_it_shares_two_names_and_reads_alike(
    sentence, places, update
):
    rules = settings()["story"]
    earlier = [_ev(1, FIRES, actors=(), places=("Los Angeles", "California"), file="d1.txt")]
    (story,) = gather([_ev(2, sentence, actors=(), places=places, file="d2.txt")])
    assert rules["update_story"] < rules["same_story"]
    mark_updates([story], earlier)
    assert (story.update_of is not None) is update


def _sentences() -> list[str]:
    """Sentences of the seed article and variants of them: shared words, reordered,
    repeated, case, unicode spaces (which rapidfuzz splits on, and which not), empty."""
    text = (Path(__file__).resolve().parents[2] / "seeds").glob("*.txt")
    found = [line.strip() for path in sorted(text) for line in path.read_text("utf-8").splitlines()]
    found = [s for s in found if s][:40]
    rng = random.Random(14)
    variants = []
    for s in found:
        words = s.split()
        rng.shuffle(words)
        variants += [" ".join(words[: len(words) // 2]), s.upper()]
        variants += [s.replace(" ", "\u00a0", 3), s.replace(" ", "\u2003\x85", 2)]
        variants += [s.replace(" ", "\xa0\x01", 2), s.replace(" ", "\xa0", 2) + "\u0100"]
    return [*found, *variants, "", " ", "a", "a a", "b a"]


def test_token_set_ratio_from_word_sets_is_rapidfuzzs():
    sentences = _sentences()
    rng = random.Random(13)
    pairs = [(rng.choice(sentences), rng.choice(sentences)) for _ in range(6000)]
    pairs += [(s, s) for s in sentences[:20]]
    for a, b in pairs:
        ours = token_set_ratio(words_of(a), words_of(b))
        assert ours == pytest.approx(fuzz.token_set_ratio(a, b), abs=1e-9), (a, b)
        cutoff = rng.uniform(30, 95)
        ours = token_set_ratio(words_of(a), words_of(b), score_cutoff=cutoff)
        assert ours == pytest.approx(fuzz.token_set_ratio(a, b, score_cutoff=cutoff), abs=1e-9)
