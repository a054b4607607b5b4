"""Resolution: one date expression of news text to a When interval against publication."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.extraction.dates import When, interval_of, range_sides
from tests.conftest import REPO

D = dt.date
P = D(2025, 2, 17)  # a Monday
SAT = D(2025, 2, 15)
SUN = D(2025, 2, 16)

RESOLVED = [
    # text, published, start, end, granularity
    # days with and without a year; a missing year is the closest one, ties to the past
    ("Feb. 12", P, D(2025, 2, 12), D(2025, 2, 12), "day"),
    ("Dec. 30", P, D(2024, 12, 30), D(2024, 12, 30), "day"),
    ("Jan. 28", P, D(2025, 1, 28), D(2025, 1, 28), "day"),
    ("February 12", P, D(2025, 2, 12), D(2025, 2, 12), "day"),
    ("12 February", P, D(2025, 2, 12), D(2025, 2, 12), "day"),
    ("Feb 12th", P, D(2025, 2, 12), D(2025, 2, 12), "day"),
    ("the 12th of February", P, D(2025, 2, 12), D(2025, 2, 12), "day"),
    ("Sept. 3", P, D(2024, 9, 3), D(2024, 9, 3), "day"),
    ("Sep 3", P, D(2024, 9, 3), D(2024, 9, 3), "day"),
    ("on Feb. 12,", P, D(2025, 2, 12), D(2025, 2, 12), "day"),
    ("Monday, Feb. 17", P, D(2025, 2, 17), D(2025, 2, 17), "day"),
    ("Aug. 18", P, D(2025, 8, 18), D(2025, 8, 18), "day"),  # 182 days ahead beats 183 back
    ("Sept. 1", D(2024, 3, 2), D(2023, 9, 1), D(2023, 9, 1), "day"),  # 183 either way
    ("Feb. 29", P, D(2024, 2, 29), D(2024, 2, 29), "day"),
    ("February 12, 2025", P, D(2025, 2, 12), D(2025, 2, 12), "day"),
    ("12 Feb 2025", P, D(2025, 2, 12), D(2025, 2, 12), "day"),
    ("2025-02-12", P, D(2025, 2, 12), D(2025, 2, 12), "day"),
    ("Dec. 30, 2019", P, D(2019, 12, 30), D(2019, 12, 30), "day"),
    ("02/12/2025", P, D(2025, 2, 12), D(2025, 2, 12), "day"),  # dateparser fallback
    # months
    ("December", P, D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("in December", P, D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("May", P, D(2025, 5, 1), D(2025, 5, 31), "month"),
    ("August", P, D(2024, 8, 1), D(2024, 8, 31), "month"),  # six months either way
    ("December 2024", P, D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("Dec. 2024", P, D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("February 2024", P, D(2024, 2, 1), D(2024, 2, 29), "month"),
    # a part of a period is the period, as TimeML values it ("early June" = June, START)
    ("early December", P, D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("mid-December", P, D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("late December", P, D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("late February 2024", P, D(2024, 2, 1), D(2024, 2, 29), "month"),
    # years, decades, centuries and year ranges
    ("2015", P, D(2015, 1, 1), D(2015, 12, 31), "year"),
    ("in 2015", P, D(2015, 1, 1), D(2015, 12, 31), "year"),
    ("since 2015.", P, D(2015, 1, 1), D(2015, 12, 31), "year"),
    ("the 1990s", P, D(1990, 1, 1), D(1999, 12, 31), "range"),
    ("the 1990's", P, D(1990, 1, 1), D(1999, 12, 31), "range"),
    ("the '90s", P, D(1990, 1, 1), D(1999, 12, 31), "range"),
    ("the 2000s", P, D(2000, 1, 1), D(2009, 12, 31), "range"),
    ("the 1800s", P, D(1800, 1, 1), D(1899, 12, 31), "range"),
    ("the 21st century", P, D(2000, 1, 1), D(2099, 12, 31), "range"),  # as TimeML counts
    ("the 20th century", P, D(1900, 1, 1), D(1999, 12, 31), "range"),
    ("the sixties", P, D(1960, 1, 1), D(1969, 12, 31), "range"),
    ("the nineties", P, D(1990, 1, 1), D(1999, 12, 31), "range"),
    ("2023\u20132024", P, D(2023, 1, 1), D(2024, 12, 31), "range"),
    ("2023-2024", P, D(2023, 1, 1), D(2024, 12, 31), "range"),
    ("2023-24", P, D(2023, 1, 1), D(2024, 12, 31), "range"),
    ("between 2019 and 2021", P, D(2019, 1, 1), D(2021, 12, 31), "range"),
    ("from 2019 to 2021", P, D(2019, 1, 1), D(2021, 12, 31), "range"),
    ("Feb. 10-12", P, D(2025, 2, 10), D(2025, 2, 12), "range"),
    ("Jan. 30 to Feb. 3", P, D(2025, 1, 30), D(2025, 2, 3), "range"),
    ("mid-2024 to late 2025", P, D(2024, 1, 1), D(2025, 12, 31), "range"),
    ("mid-2024", P, D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("early 2024", P, D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("November 20 to December 11, 2025", P, D(2025, 11, 20), D(2025, 12, 11), "range"),
    ("December 20 to January 5, 2026", P, D(2025, 12, 20), D(2026, 1, 5), "range"),
    ("late 2024", P, D(2024, 1, 1), D(2024, 12, 31), "year"),  # vague: the year, as TimeML
    ("late last year", P, D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("the end of the year", P, D(2025, 1, 1), D(2025, 12, 31), "year"),
    ("the early 2000s", P, D(2000, 1, 1), D(2009, 12, 31), "range"),
    ("the first half of 2024", P, D(2024, 1, 1), D(2024, 6, 30), "range"),
    ("H2 2024", P, D(2024, 7, 1), D(2024, 12, 31), "range"),
    # days relative to publication
    ("today", P, P, P, "day"),
    ("this morning", P, P, P, "day"),
    ("tonight", P, P, P, "day"),
    ("this evening", P, P, P, "day"),
    ("This Afternoon", P, P, P, "day"),
    ("earlier today", P, P, P, "day"),
    ("yesterday", P, SUN, SUN, "day"),
    ("yesterday morning", P, SUN, SUN, "day"),
    ("last night", P, SUN, SUN, "day"),
    ("tomorrow", P, D(2025, 2, 18), D(2025, 2, 18), "day"),
    ("the day before yesterday", P, SAT, SAT, "day"),
    # weekdays: bare = on or before P; last = strictly before; next = strictly after
    ("Monday", P, P, P, "day"),
    ("Friday", P, D(2025, 2, 14), D(2025, 2, 14), "day"),
    ("on Friday", P, D(2025, 2, 14), D(2025, 2, 14), "day"),
    ("Tuesday's", P, D(2025, 2, 11), D(2025, 2, 11), "day"),
    ("Friday night", P, D(2025, 2, 14), D(2025, 2, 14), "day"),
    ("last Friday", P, D(2025, 2, 14), D(2025, 2, 14), "day"),
    ("last Monday", P, D(2025, 2, 10), D(2025, 2, 10), "day"),
    ("next Tuesday", P, D(2025, 2, 18), D(2025, 2, 18), "day"),
    ("next Monday", P, D(2025, 2, 24), D(2025, 2, 24), "day"),
    ("this Friday", P, D(2025, 2, 21), D(2025, 2, 21), "day"),
    # weeks
    ("this week", P, D(2025, 2, 17), D(2025, 2, 23), "week"),
    ("last week", P, D(2025, 2, 10), D(2025, 2, 16), "week"),
    ("the previous week", P, D(2025, 2, 10), D(2025, 2, 16), "week"),
    ("next week", P, D(2025, 2, 24), D(2025, 3, 2), "week"),
    ("earlier this week", D(2025, 2, 20), D(2025, 2, 17), D(2025, 2, 20), "week"),
    ("later this week", P, P, D(2025, 2, 23), "week"),
    # months relative to publication
    ("earlier this month", P, D(2025, 2, 1), D(2025, 2, 17), "month"),
    ("later this month", P, D(2025, 2, 17), D(2025, 2, 28), "month"),
    ("this month", P, D(2025, 2, 1), D(2025, 2, 28), "month"),
    ("last month", P, D(2025, 1, 1), D(2025, 1, 31), "month"),
    ("the previous month", P, D(2025, 1, 1), D(2025, 1, 31), "month"),
    ("next month", P, D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("last month", D(2025, 1, 5), D(2024, 12, 1), D(2024, 12, 31), "month"),
    # years relative to publication
    ("this year", P, D(2025, 1, 1), D(2025, 12, 31), "year"),
    ("earlier this year", P, D(2025, 1, 1), P, "year"),
    ("later this year", P, P, D(2025, 12, 31), "year"),
    ("last year", P, D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("next year", P, D(2026, 1, 1), D(2026, 12, 31), "year"),
    # quarters; without a year the closest one, ties to the past
    ("the first quarter", P, D(2025, 1, 1), D(2025, 3, 31), "quarter"),
    ("Q1", P, D(2025, 1, 1), D(2025, 3, 31), "quarter"),
    ("the third quarter", P, D(2024, 7, 1), D(2024, 9, 30), "quarter"),
    ("Q4", P, D(2024, 10, 1), D(2024, 12, 31), "quarter"),
    ("Q3 2024", P, D(2024, 7, 1), D(2024, 9, 30), "quarter"),
    ("2024 Q3", P, D(2024, 7, 1), D(2024, 9, 30), "quarter"),
    ("the fourth quarter of 2024", P, D(2024, 10, 1), D(2024, 12, 31), "quarter"),
    ("the second quarter of last year", P, D(2024, 4, 1), D(2024, 6, 30), "quarter"),
    ("fourth-quarter", P, D(2024, 10, 1), D(2024, 12, 31), "quarter"),
    ("last quarter", P, D(2024, 10, 1), D(2024, 12, 31), "quarter"),
    ("this quarter", P, D(2025, 1, 1), D(2025, 3, 31), "quarter"),
    # "N units ago": the unit containing P shifted back
    ("three days ago", P, D(2025, 2, 14), D(2025, 2, 14), "day"),
    ("3 days ago", P, D(2025, 2, 14), D(2025, 2, 14), "day"),
    ("two weeks ago", P, D(2025, 2, 3), D(2025, 2, 3), "day"),  # that day, two weeks back
    ("a week ago", P, D(2025, 2, 10), D(2025, 2, 10), "day"),
    ("a month ago", P, D(2025, 1, 1), D(2025, 1, 31), "month"),
    ("twelve months ago", P, D(2024, 2, 1), D(2024, 2, 29), "month"),
    ("five years ago", P, D(2020, 1, 1), D(2020, 12, 31), "year"),
    # ranges ending at P
    ("the past three days", P, D(2025, 2, 14), P, "range"),
    ("the last two weeks", P, D(2025, 2, 3), P, "range"),
    ("the past 6 months", P, D(2024, 8, 17), P, "range"),
    ("the past year", P, D(2024, 2, 17), P, "range"),
    ("the past week", P, D(2025, 2, 10), P, "range"),
    ("over the past five years", P, D(2020, 2, 17), P, "range"),
    ("the past decade", P, D(2015, 2, 17), P, "range"),
    ("the past month", D(2025, 3, 31), D(2025, 2, 28), D(2025, 3, 31), "range"),
    ("recent days", P, D(2025, 2, 10), P, "range"),
    ("in recent weeks", P, D(2025, 1, 18), P, "range"),
    ("recent months", P, D(2024, 8, 21), P, "range"),
    ("the past few weeks", P, D(2025, 1, 18), P, "range"),
    # weekends: the Saturday..Sunday on or before P
    ("the weekend", P, SAT, SUN, "range"),
    ("this weekend", P, SAT, SUN, "range"),
    ("last weekend", P, SAT, SUN, "range"),
    ("last weekend", SUN, D(2025, 2, 8), D(2025, 2, 9), "range"),
    ("this past weekend", P, SAT, SUN, "range"),
    ("next weekend", P, D(2025, 2, 22), D(2025, 2, 23), "range"),
    ("the weekend", SAT, SAT, SUN, "range"),
    # holidays, closest year
    ("Christmas", P, D(2024, 12, 25), D(2024, 12, 25), "day"),
    ("Christmas Eve", P, D(2024, 12, 24), D(2024, 12, 24), "day"),
    ("New Year's Day", P, D(2025, 1, 1), D(2025, 1, 1), "day"),
    ("Christmas", D(2025, 11, 30), D(2025, 12, 25), D(2025, 12, 25), "day"),
    ("Christmas 2019", P, D(2019, 12, 25), D(2019, 12, 25), "day"),
    # leap years and the edges of the date domain
    ("last year", D(2, 6, 1), D(1, 1, 1), D(1, 12, 31), "year"),
    ("the past 5 years", D(3, 1, 1), D(1, 1, 1), D(3, 1, 1), "range"),
    ("Dec. 31", D(9999, 12, 30), D(9999, 12, 31), D(9999, 12, 31), "day"),
]

UNRESOLVED = [
    "three years",
    "24 hours",
    "the past 24 hours",
    "the past",
    "decades",
    "annual",
    "daily",
    "years",
    "a decade",
    "age 45",
    "45-year-old",
    "several months",
    "recently",
    "26",
    "1,000",
    "10,000",
    "recent years",
    "the past years",
    "2019 and 2021",
    "2025-02-30",
    "Feb. 30",
    "",
    "   ",
    "season",
    "an hour ago",
    "a long time",
    "3000",
    "0999",
    "nowhere",
    "earlier last month",
]


@pytest.mark.parametrize(("text", "published", "start", "end", "granularity"), RESOLVED)
def test_interval_of_maps_expression_to_interval(text, published, start, end, granularity):
    got = interval_of(text, published)
    assert got is not None, text
    assert (got.start, got.end, got.granularity) == (start, end, granularity)
    assert got.text == text.strip()


@pytest.mark.parametrize("text", UNRESOLVED)
def test_interval_of_returns_none_for_durations_and_vague_phrases(text):
    assert interval_of(text, P) is None


def test_interval_of_returns_none_when_result_would_leave_the_date_domain():
    assert interval_of("tomorrow", D(9999, 12, 31)) is None
    assert interval_of("last year", D(1, 6, 1)) is None
    assert interval_of("9999 years ago", P) is None


def test_interval_of_is_case_and_whitespace_insensitive():
    assert interval_of("  EARLIER   this MONTH ", P) == When(
        D(2025, 2, 1), D(2025, 2, 17), "month", "EARLIER   this MONTH"
    )


def test_interval_of_ignores_overlong_text():
    assert interval_of("2015 " * 100, P) is None


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60), published=st.dates())
def test_interval_of_never_raises_and_returns_ordered_intervals(text, published):
    got = interval_of(text, published)
    assert got is None or got.start <= got.end


_WORDS = [
    "the",
    "last",
    "next",
    "past",
    "early",
    "mid-",
    "late",
    "of",
    "this",
    "ago",
    "Feb.",
    "December",
    "12",
    "2024",
    "Q3",
    "quarter",
    "week",
    "years",
    "-",
    "to",
    "between",
    "and",
    "Monday",
    "weekend",
    "1990s",
    "three",
    "first",
    "half",
    "days",
    "recent",
]


@settings(max_examples=500, deadline=None)
@given(words=st.lists(st.sampled_from(_WORDS), max_size=6), published=st.dates())
def test_interval_of_handles_word_salad_from_the_grammar(words, published):
    got = interval_of(" ".join(words), published)
    assert got is None or (
        got.start <= got.end
        and got.granularity in {"day", "week", "month", "quarter", "year", "range"}
    )


def test_interval_of_regex_paths_are_fast():
    texts = [row[0] for row in RESOLVED if "/" not in row[0]] + UNRESOLVED
    interval_of("warm up", P)
    t0 = time.perf_counter()
    for _ in range(20):
        for text in texts:
            interval_of(text, P)
    per_call = (time.perf_counter() - t0) / (20 * len(texts))
    assert per_call < 0.0005, f"{per_call * 1e6:.0f} µs per call"


def test_importing_the_module_does_not_import_dateparser():
    code = "import sys, bot.extraction.dates; sys.exit('dateparser' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False).returncode == 0


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("this summer", "2025-06-01", "2025-08-31", "range"),
        ("this winter", "2024-12-01", "2025-02-28", "range"),
        ("last fall", "2024-09-01", "2024-11-30", "range"),
        ("spring 2024", "2024-03-01", "2024-05-31", "range"),
        ("the summer of 2023", "2023-06-01", "2023-08-31", "range"),
        ("the previous day", "2025-02-16", "2025-02-16", "day"),
        ("the following day", "2025-02-18", "2025-02-18", "day"),
    ],
)
def test_seasons_and_neighbouring_days(text, start, end, granularity):
    when = interval_of(text, dt.date(2025, 2, 17))
    assert (when.start.isoformat(), when.end.isoformat(), when.granularity) == (
        start,
        end,
        granularity,
    )


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("the last week of March", "2025-03-24", "2025-03-30", "week"),
        ("'82", "1982-01-01", "1982-12-31", "year"),
        ("last September", "2024-09-01", "2024-09-30", "month"),
        ("last January", "2025-01-01", "2025-01-31", "month"),
        ("next September", "2025-09-01", "2025-09-30", "month"),
        ("October of next year", "2026-10-01", "2026-10-31", "month"),
        ("the final quarter of 2009", "2009-10-01", "2009-12-31", "quarter"),
    ],
)
def test_anchored_days_and_months(text, start, end, granularity):
    when = interval_of(text, dt.date(2025, 2, 17))
    assert (when.start.isoformat(), when.end.isoformat(), when.granularity) == (
        start,
        end,
        granularity,
    )


@pytest.mark.parametrize(
    "text", ["the day", "the same day", "that day", "late in the day", "later that day"]
)
def test_an_anaphoric_day_is_the_anchor_else_the_publication_day(text):
    anchor = D(2025, 1, 3)
    assert (interval_of(text, P, anchor=anchor).start, interval_of(text, P).start) == (anchor, P)


@pytest.mark.parametrize("text", ["the second half", "first half", "H2"])
def test_a_half_without_its_year_is_not_dated(text):
    assert interval_of(text, P) is None


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("between April and June", [("April", D(2025, 4, 1)), ("June", D(2025, 6, 1))]),
        ("from 2019 to 2021", [("2019", D(2019, 1, 1)), ("2021", D(2021, 1, 1))]),
        (
            "November 20 to December 11, 2024",
            [("November 20", D(2024, 11, 20)), ("December 11, 2024", D(2024, 12, 11))],
        ),
    ],
)
def test_a_written_range_has_two_dates_at_their_offsets(text, sides):
    got = range_sides(text, D(2025, 8, 1))
    assert [(text[a:b], when.start) for a, b, when in got] == sides


@pytest.mark.parametrize("text", ["2019 and 2021", "Feb. 10-12", "mid-2024", "the 1990s", "May"])
def test_a_list_a_day_span_or_a_single_date_has_no_range_sides(text):
    assert range_sides(text, P) is None


def test_the_first_century_starts_in_year_one():
    got = interval_of("the 1st century", P)
    assert (got.start, got.end) == (D(1, 1, 1), D(99, 12, 31))
