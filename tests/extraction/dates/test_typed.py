"""What a person types: /since dates, digest times and time zones."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import BadDate, BadInput
from bot.extraction.dates import parse_time, parse_user_date, parse_zone

D = dt.date
NOW = dt.datetime(2025, 2, 17, 12, 0)

ACCEPTED = [
    ("2025-01-01", D(2025, 1, 1)),
    (" 2025-01-01 ", D(2025, 1, 1)),
    ("1 Jan 2025", D(2025, 1, 1)),
    ("Jan 1, 2025", D(2025, 1, 1)),
    ("January 2025", D(2025, 1, 1)),
    ("2025", D(2025, 1, 1)),
    ("yesterday", D(2025, 2, 16)),
    ("today", D(2025, 2, 17)),
    ("3 days ago", D(2025, 2, 14)),
    ("2 weeks ago", D(2025, 2, 3)),
    ("last monday", D(2025, 2, 10)),
    ("Last Friday", D(2025, 2, 14)),
    ("0001-01-01", D(1, 1, 1)),
    ("9999-12-31", D(9999, 12, 31)),
    ("9999", D(9999, 1, 1)),
    # Without a year: the latest such day or month not after today.
    ("February 10", D(2025, 2, 10)),
    ("feb 17", D(2025, 2, 17)),
    ("Dec 30", D(2024, 12, 30)),
    ("3 March", D(2024, 3, 3)),
    ("March", D(2024, 3, 1)),
]

REJECTED = [
    "",
    "   ",
    "x" * 10_000,
    "2025-01-01" + "x" * 100,
    "2025\x00-01-01",
    "\x1b[31m",
    "not-a-date",
    "'; DROP TABLE events; --",
    "SELECT * FROM events",
    "26",
    "0000",
    "2025-13-01",
    "a",
    "hello",
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_parse_user_date_accepts_documented_forms(text, expected):
    assert parse_user_date(text, NOW) == expected


@pytest.mark.parametrize("text", REJECTED)
def test_parse_user_date_rejects_junk_with_a_helpful_message(text):
    with pytest.raises(BadDate) as err:
        parse_user_date(text, NOW)
    assert "2025-01-01" in err.value.message


def test_parse_user_date_accepts_timezone_aware_now():
    now = dt.datetime(2025, 2, 17, 12, 0, tzinfo=dt.UTC)
    assert parse_user_date("yesterday", now) == D(2025, 2, 16)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=120))
def test_parse_user_date_only_ever_raises_bad_date(text):
    try:
        got = parse_user_date(text, NOW)
    except BadDate:
        return
    assert isinstance(got, dt.date)


@pytest.mark.parametrize("text", ["25:00", "8", "noon", "", "08:60"])
def test_bad_times_are_refused(text):
    with pytest.raises(BadInput, match="08:00"):
        parse_time(text)


@pytest.mark.parametrize("text", ["Mars/Olympus", "", "../etc/passwd", "x" * 100])
def test_bad_zones_are_refused(text):
    with pytest.raises(BadInput, match="Europe/Paris"):
        parse_zone(text)
