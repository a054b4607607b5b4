"""Acronyms and their long forms grow linearly with the paragraph (issue 23): one name
repeated over a megabyte once made the long-form pattern restart at every word and scan
to the end of the run, and each long form built every one of its endings."""

from __future__ import annotations

import re
import tracemalloc
from collections.abc import Iterator
from re import _constants, _parser  # the parser's width of a pattern: no public API has it

import pytest

from bot.extraction.names import acronyms
from bot.extraction.names.acronyms import pairs_in

NAME = "Volodymyr Zelenskyy "
NATO = "North Atlantic Treaty Organization (NATO)"


class _Recording:
    """A compiled pattern that notes how much text each call searches."""

    def __init__(self, pattern: re.Pattern[str], calls: list[tuple[re.Pattern[str], int]]):
        self.pattern = pattern
        self.calls = calls

    def __getattr__(self, method: str) -> object:
        run = getattr(self.pattern, method)
        if method not in ("search", "match", "fullmatch", "findall", "finditer", "sub", "split"):
            return run

        def recorded(string: str, *args: object, **kwargs: object) -> object:
            pos = kwargs.get("pos", args[0] if args and method not in ("sub", "split") else 0)
            end = kwargs.get("endpos", args[1] if len(args) > 1 else len(string))
            self.calls.append((self.pattern, min(int(end), len(string)) - int(pos)))
            return run(string, *args, **kwargs)

        return recorded


def _unbounded(pattern: re.Pattern[str]) -> bool:
    """True when the pattern can match text of any length (a `+` or `*` in it): run over a
    whole paragraph, each attempt may scan to its end, so its steps are not bounded by a
    constant times the paragraph's length."""
    return _parser.parse(pattern.pattern, pattern.flags).getwidth()[1] >= _constants.MAXREPEAT


@pytest.fixture
def searched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[re.Pattern[str], int]]]:
    calls: list[tuple[re.Pattern[str], int]] = []
    for name, value in vars(acronyms).items():
        if isinstance(value, re.Pattern):
            monkeypatch.setattr(acronyms, name, _Recording(value, calls))
    yield calls


@pytest.mark.parametrize(
    "text",
    [
        NAME * 5_000,
        NAME * 5_000 + NATO,
        f"{NATO} " * 1_000,
        "NATO (" + NAME * 5_000 + ")",
        " " * 50_000 + "(NATO)",
    ],
    ids=["one-name", "name-then-acronym", "pairs-repeated", "long-in-brackets", "spaces"],
)
def test_no_pattern_of_unbounded_width_searches_the_whole_paragraph(searched, text):
    pairs_in(text)
    wide = {p.pattern for p, length in searched if length > 2_000 and _unbounded(p)}
    assert not wide


def test_a_long_form_is_read_in_a_window_the_acronym_bounds():
    text = NAME * 2_000 + NATO
    tracemalloc.start()
    try:
        pairs = pairs_in(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert pairs == [("NATO", "North Atlantic Treaty Organization")]
    # Every ending of a 4,000-word long form took tens of megabytes.
    assert peak < len(text)


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (f"{NATO} " * 3, [("NATO", "North Atlantic Treaty Organization")] * 3),
        (f"“{NATO}", [("NATO", "North Atlantic Treaty Organization")]),
        ("(Islamic State (IS) said", [("IS", "Islamic State")]),
        ("the Hayat Tahrir al-Sham (HTS) group", [("HTS", "Hayat Tahrir al-Sham")]),
        (
            "the Democratic Republic of the Congo (DRC)",
            [("DRC", "Democratic Republic of the Congo")],
        ),
        ("the Foo Bar of (FB) said", []),  # a long form ends with a name's word
        (
            "the NATO (North Atlantic Treaty Organization) said",
            [("NATO", "North Atlantic Treaty Organization")],
        ),
        ("XNATO (North Atlantic Treaty Organization)", []),  # no acronym: the word goes on
        (
            "the NATO    (North Atlantic Treaty Organization)",
            [("NATO", "North Atlantic Treaty Organization")],
        ),
    ],
)
def test_pairs_beside_brackets_quotes_and_particles(text, pairs):
    assert pairs_in(text) == pairs


def test_a_long_form_longer_than_its_acronym_allows_is_not_read():
    # Schwartz and Hearst: at most min(|A| + 5, 2|A|) words; "EF" takes four at most.
    known = frozenset({"Alpha Beta Gamma Delta Front", "Gamma Delta Front"})
    text = "the Alpha Beta Gamma Delta Front (EF) said"
    assert pairs_in(text, known) == [("EF", "Gamma Delta Front")]
