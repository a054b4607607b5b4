"""Vocabulary: the word tables agree with each other and with the grammar."""

from __future__ import annotations

import pytest

from bot.extraction.dates import grammar as g
from bot.extraction.dates import vocabulary as v


def test_months_and_weekdays_are_numbered_as_the_calendar_does():
    assert v.MONTHS["jan"] == 1 and v.MONTHS["dec"] == 12 and len(v.MONTHS) == 12
    assert v.WEEKDAYS["monday"] == 0 and v.WEEKDAYS["sunday"] == 6


def test_ordinals_name_quarters_one_to_four():
    assert {v.ORDINALS[w] for w in ("first", "1st")} == {1}
    assert v.ORDINALS["fourth"] == v.ORDINALS["4th"] == v.ORDINALS["final"] == 4


@pytest.mark.parametrize("word", sorted(v.DAY_WORD_OFFSETS))
def test_every_day_word_with_an_offset_is_in_the_grammar(word):
    assert g.DAY_WORD.fullmatch(word) or g.DAY_WORD.fullmatch(f"the {word}"), word


@pytest.mark.parametrize("name", sorted(v.HOLIDAYS))
def test_every_holiday_is_in_the_grammar(name):
    m = g.HOLIDAY.fullmatch(name)
    assert m is not None and m["name"] == name


@pytest.mark.parametrize("modifier", sorted(v.PERIOD_SHIFTS))
def test_every_period_modifier_is_in_the_grammar(modifier):
    assert g.PERIOD.fullmatch(f"{modifier} week") is not None


def test_seasons_start_on_a_month_and_the_directions_do_not_overlap():
    assert set(v.SEASONS.values()) == {3, 6, 9, 12}
    assert not v.BACKWARD & v.FORWARD
    assert all(g.THIRD.fullmatch(f"{part} 2024") for part in v.PERIOD_PARTS)
