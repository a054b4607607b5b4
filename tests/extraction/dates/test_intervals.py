"""The When interval and the calendar arithmetic that builds one."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.extraction.dates import When, interval_of, published_when
from bot.extraction.dates.intervals import (
    add_days,
    add_months,
    date_or_none,
    month_end,
    months_span,
    period_around,
    span,
)

D = dt.date
P = D(2025, 2, 17)  # a Monday


def test_to_json_uses_iso_dates():
    when = interval_of("Feb. 12", P)
    assert when is not None
    assert when.to_json() == {
        "start": "2025-02-12",
        "end": "2025-02-12",
        "granularity": "day",
        "text": "Feb. 12",
    }


def test_published_when_is_the_publication_day_without_text():
    assert published_when(P) == When(P, P, "day", None)
    assert published_when(P).to_json()["text"] is None


def test_dates_outside_the_calendar_are_none():
    assert date_or_none(2025, 2, 29) is None and date_or_none(0, 1, 1) is None
    assert date_or_none(2024, 2, 29) == D(2024, 2, 29)
    assert add_days(D(9999, 12, 31), 1) is None and add_days(D(1, 1, 1), -1) is None
    assert add_months(D(9999, 12, 1), 1) is None and add_months(D(1, 1, 1), -1) is None


def test_month_arithmetic_clips_the_day():
    assert add_months(D(2025, 3, 31), -1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 11, 15), 14) == D(2026, 1, 15)
    assert month_end(2024, 2) == D(2024, 2, 29)


@pytest.mark.parametrize(
    ("unit", "offset", "expected"),
    [
        ("day", -1, (D(2025, 2, 16), D(2025, 2, 16))),
        ("week", 0, (D(2025, 2, 17), D(2025, 2, 23))),
        ("week", -1, (D(2025, 2, 10), D(2025, 2, 16))),
        ("month", 1, (D(2025, 3, 1), D(2025, 3, 31))),
        ("quarter", -1, (D(2024, 10, 1), D(2024, 12, 31))),
        ("year", -1, (D(2024, 1, 1), D(2024, 12, 31))),
    ],
)
def test_period_around_publication(unit, offset, expected):
    assert period_around(unit, P, offset) == expected


def test_period_around_the_edges_is_none():
    assert period_around("year", D(1, 6, 1), -1) is None
    assert period_around("day", D(9999, 12, 31), 1) is None


def test_span_refuses_missing_or_reversed_ends():
    assert span(P, None, "day", "t") is None and span(None, P, "day", "t") is None
    assert span(P, D(2025, 2, 16), "range", "t") is None
    assert span(D(2025, 2, 16), P, "range", "t") == When(D(2025, 2, 16), P, "range", "t")


def test_months_span_ends_on_the_last_day_of_the_last_month():
    assert months_span(D(2024, 1, 1), 4, "range", "t") == When(
        D(2024, 1, 1), D(2024, 4, 30), "range", "t"
    )
    assert months_span(None, 4, "range", "t") is None
