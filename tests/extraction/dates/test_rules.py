"""Rules: the verb's tense, modifiers and granularity decide what an expression names."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.extraction.dates import interval_of, rules

D = dt.date
P = D(2025, 2, 17)  # a Monday


@pytest.mark.parametrize(
    ("text", "tense", "start", "end"),
    [
        ("March 3", "past", "2024-03-03", "2024-03-03"),
        ("March 3", "future", "2025-03-03", "2025-03-03"),
        ("March 3", None, "2025-03-03", "2025-03-03"),  # nearest when the verb does not say
        ("Dec. 30", "future", "2025-12-30", "2025-12-30"),
        ("December", "future", "2025-12-01", "2025-12-31"),
        ("January", "past", "2025-01-01", "2025-01-31"),
        ("Friday", "future", "2025-02-21", "2025-02-21"),
        ("Friday", "past", "2025-02-14", "2025-02-14"),
    ],
)
def test_tense_of_the_verb_decides_the_direction(text, tense, start, end):
    when = interval_of(text, dt.date(2025, 2, 17), tense)
    assert (when.start.isoformat(), when.end.isoformat()) == (start, end)


def test_a_yearless_day_goes_to_the_nearest_year_ties_to_the_past():
    cands = [D(2024, 8, 18), D(2025, 8, 18)]
    assert rules.closest_date(cands, P) == D(2025, 8, 18)  # 182 days ahead beats 183 back
    assert rules.closest_date(cands, D(2025, 2, 16)) == D(2024, 8, 18)  # 182 back, 183 ahead
    assert rules.closest_date([D(2023, 9, 1), D(2024, 9, 1)], D(2024, 3, 2)) == D(2023, 9, 1)
    assert rules.closest_date([None, None], P) is None


@pytest.mark.parametrize(
    ("tense", "expected"),
    [("past", D(2024, 3, 3)), ("future", D(2025, 3, 3)), (None, D(2025, 3, 3))],
)
def test_the_tense_chooses_before_or_after_publication(tense, expected):
    assert rules.closest_date([D(2024, 3, 3), D(2025, 3, 3), None], P, tense) == expected


def test_a_past_tense_with_nothing_before_falls_back_to_the_nearest():
    assert rules.closest_date([D(2025, 3, 3)], P, "past") == D(2025, 3, 3)


@pytest.mark.parametrize(
    ("month", "tense", "year"),
    [(12, None, 2024), (5, None, 2025), (8, None, 2024), (12, "future", 2025), (1, "past", 2025)],
)
def test_year_of_a_yearless_month(month, tense, year):
    assert rules.year_of_month(month, P, tense) == year


@pytest.mark.parametrize(
    ("weekday", "mod", "tense", "offset"),
    [
        (0, None, None, 0),  # bare Monday on a Monday: that day (AP style)
        (4, None, None, -3),
        (4, None, "future", 4),
        (0, "last", None, -7),
        (0, "next", None, 7),
        (1, "next", None, 1),
        (4, "this", None, 4),  # the Friday of P's own week
        (4, "this past", None, -3),
        (4, "this coming", None, 4),
    ],
)
def test_weekday_offset(weekday, mod, tense, offset):
    assert rules.weekday_offset(weekday, mod, P, tense) == offset


@pytest.mark.parametrize(
    ("mod", "published", "saturday"),
    [
        (None, P, D(2025, 2, 15)),
        ("last", P, D(2025, 2, 15)),
        ("last", D(2025, 2, 16), D(2025, 2, 8)),  # during a weekend: the one before
        ("next", P, D(2025, 2, 22)),
    ],
)
def test_weekend_saturday(mod, published, saturday):
    assert rules.weekend_saturday(mod, published) == saturday


@pytest.mark.parametrize(
    ("month", "mod", "year"),
    [(9, "last", 2024), (1, "last", 2025), (2, "last", 2024), (9, "next", 2025), (2, "next", 2026)],
)
def test_year_of_a_modified_month(month, mod, year):
    assert rules.year_of_modified_month(month, mod, P) == year


@pytest.mark.parametrize(
    ("mod", "tense", "first_day"),
    [
        ("", None, D(2024, 12, 1)),  # "this winter": the one around P
        ("last", None, D(2023, 12, 1)),
        ("", "past", D(2023, 12, 1)),
        ("next", None, D(2025, 12, 1)),
        ("the coming", None, D(2025, 12, 1)),
    ],
)
def test_pick_season(mod, tense, first_day):
    spans = [rules.season_months(12, P.year + k) for k in (-2, -1, 0, 1)]
    assert rules.pick_season(spans, mod, P, tense)[0] == first_day


def test_winter_spans_the_new_year():
    assert rules.season_months(12, 2024) == (D(2024, 12, 1), D(2025, 2, 28))


@pytest.mark.parametrize(
    ("dec", "years"),
    [("1990", (1990, 10)), ("'90", (1990, 10)), ("20", (2020, 10)), ("1800", (1800, 100))],
)
def test_decade_years(dec, years):
    assert rules.decade_years(dec, P) == years
    assert rules.decade_years("2000", P) == (2000, 10)  # only the 2000s is a decade


def test_two_digit_years_are_not_after_publication():
    assert (rules.two_digit_year(82, P), rules.two_digit_year(24, P)) == (1982, 2024)
    assert rules.two_digit_year(25, P) == 2025 and rules.two_digit_year(26, P) == 1926
