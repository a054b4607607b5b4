"""Stories: one happening's reports gathered; the threshold is data."""

from __future__ import annotations

import pytest

from bot.digest.stories import Story, alike, gather, mark_updates, settings, similarity
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


def test_alike_with_its_cutoff_decides_as_the_similarity_does():
    sentences = [
        "Nine people are killed in floods in Guizhou, China.",
        "Floods in Guizhou, China, kill nine people.",
        "Floods kill nine in Guizhou.",
        "Russia deployed troops near the border.",
        "Russia withdrew its ambassador from Mali.",
        "Russia deployed troops near the Ukrainian border on Tuesday.",
    ]
    places = [("China",), ("China", "Guizhou"), ("Guizhou",), (), ("Mali",), ("Ukraine",)]
    stories = [
        Story([_ev(i, s, actors=("Russia",), places=p)])
        for i, (s, p) in enumerate(zip(sentences, places, strict=True))
    ]
    decided = set()
    for a in stories:
        for b in stories:
            for threshold in (0.3, 0.5, 0.65, 0.8, 1.0):
                expected = similarity(a, b) >= threshold
                assert alike(a, b, threshold) == expected
                decided.add(expected)
    assert decided == {True, False}


def test_a_story_is_joined_with_the_newest_join_per_entity_stories_of_each_entity(monkeypatch):
    events = [
        _ev(1, "Floods kill nine in the south of the country.", file="a.txt"),
        _ev(2, "Russia hosted a film festival in the east.", file="b.txt"),
        _ev(3, "Floods kill nine in the south of the country, officials say.", file="c.txt"),
    ]
    # Every event names Russia (the factory's actor): the first and last read alike.
    assert sorted(len(s.reports) for s in gather(events)) == [1, 2]
    monkeypatch.setitem(settings()["story"], "join_per_entity", 2)
    assert sorted(len(s.reports) for s in gather(events)) == [1, 1, 1]


def test_a_weeks_developments_of_one_story_are_one_entry_and_other_news_stays_apart():
    def item(i, sentence, day, section="Armed conflicts and attacks", **fields):
        fields.setdefault("actors", ("Israel",))
        return _ev(i, sentence, file=f"{i}.txt", when_start=day, when_end=day,
                   published=day, section=section, **fields)  # fmt: skip

    events = [
        item(1, "Israeli strikes kill 40 people in Gaza.", "2025-03-10"),
        item(2, "Israeli strikes kill 52 people across Gaza.", "2025-03-15"),
        # Israel alone (a country) is no story: another war's news stays apart.
        item(3, "Israel and Lebanon exchange fire near the border.", "2025-03-12"),
        # Another section joins only with a person in common and a sentence alike.
        item(4, "Ana Silva is convicted of fraud.", "2025-03-11", "Law and crime",
             actors=("Ana Silva",), places=("Chile",)),
        item(5, "Supporters of Ana Silva march after she is convicted of fraud.", "2025-03-12",
             "Politics and elections", actors=("Ana Silva",), places=("Chile",)),
        item(6, "Ana Silva opens a museum.", "2025-03-13", "Arts and culture",
             actors=("Ana Silva",), places=("Chile",)),
    ]  # fmt: skip
    stories = sorted(sorted(e.id for e in s.reports) for s in gather(events))
    assert stories == [[1, 2], [3], [4, 5], [6]]


def test_the_digests_stop_words_are_spacys_and_composing_never_imports_spacy():
    import subprocess
    import sys

    from spacy.lang.en.stop_words import STOP_WORDS

    from bot.digest.stories import stop_words

    assert stop_words() == frozenset(STOP_WORDS)
    code = (
        "import sys; from bot.digest.compose import compose;"
        "from tests.factories import stored_event as e;"
        "compose([e(1, 'Over 30 are killed in Gaza.'), e(2, 'Gaza mourns in Rafah.')], None);"
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
