"""Grammar: the patterns that recognise date expressions and the text they expect."""

from __future__ import annotations

import pytest

from bot.extraction.dates import grammar as g


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  On   Feb. 12, ", "feb. 12"),
        ("since the 1990s.", "1990s"),
        ("Tuesday\u2019s", "tuesday"),
        ("the 1990's", "1990's"),  # a decade's apostrophe is not a possessive
        ("2023\u20132024", "2023-2024"),
        ("(in December)", "december"),
        ("the", "the"),  # a leading word needs something after it
        ("", ""),
    ],
)
def test_normalise(text, expected):
    assert g.normalise(text) == expected


def test_strip_leading_words_strips_them_all():
    assert g.strip_leading_words("of the year") == "year"
    assert g.strip_leading_words("theory") == "theory"


@pytest.mark.parametrize(
    ("pattern", "text", "groups"),
    [
        (g.ISO, "2025/02/12", {"year": "2025", "m": "02", "day": "12"}),
        (g.MON_DAY, "monday, feb. 17", {"wd": "monday", "mon": "feb", "day": "17"}),
        (g.DAY_MON, "the 12th of february 2025", {"day": "12", "mon": "february"}),
        (g.MON_YEAR, "dec. 2024", {"mon": "dec", "year": "2024"}),
        (g.DECADE, "'90s", {"dec": "'90"}),
        (g.CENTURY, "21st century", {"c": "21"}),
        (g.HOLIDAY, "new year's eve 2019", {"name": "new year's eve", "year": "2019"}),
        (g.DAY_WORD, "the day before yesterday", {"w": "the day before yesterday"}),
        (g.WEEKDAY, "this coming friday night", {"mod": "this coming", "wd": "friday"}),
        (g.PERIOD, "earlier this month", {"side": "earlier", "mod": "this", "unit": "month"}),
        (g.AGO, "three days ago", {"n": "three", "unit": "day", "pl": "s"}),
        (g.PAST_N, "past decade", {"n": None, "unit": "decade", "pl": ""}),
        (g.QUARTER, "fourth-quarter of 2024", {"ord": "fourth", "rest": "2024"}),
        (g.HALF, "h2 2024", {"q": "2", "rest": "2024"}),
        (g.THIRD, "mid-2024", {"pos": "mid", "rest": "2024"}),
        (g.SEASON, "the summer of 2023", {"mod": "the", "season": "summer", "year": "2023"}),
        (g.LAST_WEEK_OF, "the last full week of march", {"which": "last", "mon": "march"}),
        (g.MON_OF_YEAR, "october of next year", {"mon": "october", "rel": "next"}),
        (g.DAY_SPAN, "feb. 10-12, 2025", {"mon": "feb", "d1": "10", "d2": "12"}),
    ],
)
def test_each_form_is_recognised_with_its_parts(pattern, text, groups):
    m = pattern.fullmatch(text)
    assert m is not None, text
    assert {k: m[k] for k in groups} == groups


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (g.YEAR_ONLY, "3000"),
        (g.MON_DAY, "feb"),
        (g.AGO, "an hour ago"),
        (g.RECENT, "recent years"),
        (g.WEEKEND, "the weekend"),  # the leading word is stripped before matching
    ],
)
def test_what_a_form_does_not_match(pattern, text):
    assert pattern.fullmatch(text) is None


def test_range_separators():
    assert [m.group() for m in g.RANGE_SEP.finditer("jan. 30 to feb. 3")] == [" to "]
    assert [m.group() for m in g.RANGE_SEP.finditer("mid-2024 - late 2024")] == ["-", " - "]


def test_month_and_count_words():
    assert g.month_of(g.MON_YEAR.fullmatch("sept")) == 9
    assert (g.count_of(None), g.count_of("12"), g.count_of("twelve"), g.count_of("an")) == (
        1,
        12,
        12,
        1,
    )
