"""The role of a mentioned date (bot.extraction.dates.roles), decided from where the parse
attaches it, its verb's tense and its interval: no model needed."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.scoring.itemdates import read_roles
from bot.extraction.dates import When
from bot.extraction.dates.roles import ROLES, MentionedDate, as_item, role_of

P = dt.date(2025, 3, 5)


def _day(y: int, m: int, d: int) -> When:
    return When(dt.date(y, m, d), dt.date(y, m, d), "day", "x")


def _year(y: int) -> When:
    return When(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", str(y))


@pytest.mark.parametrize(
    ("attach", "tense", "when", "clause", "expected"),
    [
        ("verb", "past", _year(2015), "main", ("item", 0)),  # "deployed troops in 2015"
        ("verb", "past", _year(2015), "reported", ("background", None)),  # "says X did in 2015"
        ("verb", None, _day(2025, 3, 3), "main", ("item", 0)),  # "arrest X on Monday"
        ("verb", None, _year(2019), "main", ("background", None)),  # "sentences … in 2019"
        ("verb", "future", _day(2025, 6, 12), "main", ("scheduled", None)),
        ("verb", None, _day(2025, 6, 12), "main", ("scheduled", None)),  # after publication
        ("since", "past", _year(2024), "main", ("item", 0)),  # "Since December, X has…"
        ("since", None, _year(2024), "subordinate", ("background", None)),
        ("baseline", None, _year(2000), "main", ("background", None)),  # "down 22% since 2000"
        ("comparison", "past", _year(1984), "main", ("background", None)),
        ("subordinate", "past", _year(2012), "main", ("background", None)),
        ("verb", "past", _year(2016), "subordinate", ("background", None)),  # "who robbed…"
        ("verb", "past", _day(2025, 3, 3), "subordinate", ("background", None)),  # recent too
        ("phrase", None, _day(2025, 3, 1), "main", ("item", 1)),  # "the talks on 1 March"
        ("phrase", None, _year(2019), "main", ("background", None)),
        ("attribute", "past", _day(2025, 3, 4), "main", ("item", 1)),  # "yesterday's attack"
        ("attribute", None, _day(2025, 3, 4), "main", ("background", None)),
        ("deadline", None, _year(2030), "main", ("deadline", None)),
        ("offset", None, None, "main", ("background", None)),  # "three days after"
        ("recalled", None, _day(2025, 3, 3), "main", ("background", None)),  # "abducted on…"
        ("deadline", None, None, "main", ("deadline", None)),  # "through Ramadan"
        ("name", None, _year(2758), "main", ("name", None)),
        ("duration", "past", _year(2020), "main", ("duration", None)),
    ],
)
def test_role_of(attach, tense, when, clause, expected):
    assert role_of(attach, tense, when, P, clause=clause, recent_days=7) == expected


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("six years", "duration"),
        ("several days", "duration"),
        ("the past 24 hours", "duration"),
        ("a 17-year-old", "name"),  # an age is no date
        ("Twenty-six-year-old", "name"),
        ("40", "name"),
        ("weekly", "name"),
        ("yearlong", "duration"),
        ("several days ago", "background"),  # a past point we cannot place
    ],
)
def test_an_expression_without_an_interval_is_a_length_or_no_date(text, role):
    assert role_of("verb", "past", None, P, text=text) == (role, None)


def test_a_length_under_in_is_ahead_under_a_future_verb_else_a_length():
    assert role_of("within", "future", None, P, text="a few days") == ("scheduled", None)
    assert role_of("within", None, None, P, text="a few days") == ("duration", None)


def test_a_span_up_to_publication_is_a_length():
    span = When(dt.date(2025, 3, 3), P, "range", "the past two days")
    assert role_of("verb", "past", span, P, text="the past two days") == ("duration", None)
    last_week = When(dt.date(2025, 2, 24), dt.date(2025, 3, 2), "week", "last week")
    assert role_of("verb", "past", last_week, P, text="last week") == ("item", 0)


def test_a_year_before_publication_is_never_scheduled():
    assert role_of("verb", "future", _year(2015), P) == ("background", None)
    assert role_of("verb", "future", _year(2025), P) == ("scheduled", None)


@pytest.mark.parametrize("text", ["yesterday", "two days ago", "last week", "earlier this week"])
def test_a_present_tense_is_not_dated_by_a_date_that_looks_back(text):
    recent = _day(2025, 3, 4)
    assert role_of("verb", None, recent, P, text=text) == ("background", None)
    assert role_of("verb", "past", recent, P, text=text) == ("item", 0)
    assert role_of("verb", None, recent, P, text="Tuesday") == ("item", 0)


def test_recent_means_starting_within_the_days_before_publication():
    assert role_of("verb", None, _day(2025, 2, 26), P, recent_days=7) == ("item", 0)
    assert role_of("verb", None, _day(2025, 2, 25), P, recent_days=7) == ("background", None)


def test_an_item_never_ends_after_publication():
    month = When(dt.date(2025, 3, 1), dt.date(2025, 3, 31), "month", "this month")
    assert as_item(month, P) == When(dt.date(2025, 3, 1), P, "month", "this month")
    assert as_item(_day(2025, 3, 1), P) == _day(2025, 3, 1)


def test_a_mentioned_date_round_trips_through_json():
    for date in (
        MentionedDate("2019", "background", _year(2019)),
        MentionedDate("six years", "duration", None),
    ):
        again = MentionedDate.from_json(date.to_json())
        assert (again.text, again.role) == (date.text, date.role)
        assert (again.when and (again.when.start, again.when.end)) == (
            date.when and (date.when.start, date.when.end)
        )


def test_the_hand_labelled_sample_uses_only_these_roles():
    rows = read_roles()
    assert len(rows) == 300
    assert {row["role"] for row in rows} == set(ROLES)
