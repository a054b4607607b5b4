"""MEANTIME TIMEX3 values as gradable intervals, and the date score on a made-up article."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.scoring.dates import gold_interval


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2008-03-01", ("2008-03-01", "2008-03-01", "day")),
        ("2008-W41", ("2008-10-06", "2008-10-12", "week")),
        ("2009-W01", ("2008-12-29", "2009-01-04", "week")),
        ("2008-02", ("2008-02-01", "2008-02-29", "month")),
        ("2008-12", ("2008-12-01", "2008-12-31", "month")),
        ("2009-Q1", ("2009-01-01", "2009-03-31", "quarter")),
        ("2009-Q4", ("2009-10-01", "2009-12-31", "quarter")),
        ("2015", ("2015-01-01", "2015-12-31", "year")),
    ],
)
def test_gold_interval_of_gradable_values(value, expected):
    start, end, granularity = expected
    assert gold_interval(value) == (
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(end),
        granularity,
    )


@pytest.mark.parametrize(
    "value",
    ["XXXX-XX-XX", "PAST_REF", "PRESENT_REF", "2008-SP", "2008-W42-WE", "199", "FY2009",
     "2008-10-10TMO", "P3D", "2008-02-30", "2008-13"],
)  # fmt: skip
def test_gold_interval_skips_what_cannot_be_graded(value):
    assert gold_interval(value) is None
