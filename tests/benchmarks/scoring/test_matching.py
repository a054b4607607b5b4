"""Spans and names as the scorers compare them."""

from __future__ import annotations

from benchmarks.scoring.matching import Span, locate, names_match, same_name


def test_names_match_ignores_case_and_accepts_whole_word_containment():
    assert names_match("Steve Jobs", "Jobs")
    assert names_match("general motors", "General Motors")
    assert names_match("Boeing", "Boeing's")
    assert not names_match("Apple", "Applebee's")
    assert not names_match("Ford", None)


def test_same_name_drops_wikipedia_disambiguators():
    assert same_name("Georgia", "Georgia (country)")
    assert same_name("Balochistan", "Balochistan, Pakistan")
    assert not same_name("Georgia", "Georgia Tech")
    assert not same_name(None, "Georgia")


def test_locate_takes_the_nth_whole_word_occurrence():
    text = "Israelis and Israel: Israel agrees."
    assert locate(text, "Israel") == (13, 19)
    assert locate(text, "Israel", 1) == (21, 27)
    assert locate(text, "Israel", 5) == (21, 27)
    assert locate(text, "Gaza") is None


def test_spans_overlap_only_within_one_paragraph():
    assert Span(1, 0, 5).overlaps(Span(1, 4, 9))
    assert not Span(1, 0, 5).overlaps(Span(1, 5, 9))  # end is exclusive
    assert not Span(1, 0, 5).overlaps(Span(2, 0, 5))
