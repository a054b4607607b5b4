"""Parsing is linear in the file's size: inputs that made the old regexes quadratic
(each start position reading to the end of the paragraph) are checked by growth ratio."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.seeds import parse_markdown, parse_seed
from tests.factories import LINEAR_BOUND, growth_ratio

_FRONT = "---\ndate: 2025-02-17\n---\n"

# name → (parser, the text of a seed with n repetitions of the pattern)
CASES: dict[str, tuple[Callable[[str, str], object], Callable[[int], str]]] = {
    "txt: citations not at the end": (
        parse_seed,
        lambda n: "date 2025-02-17\n\nIt moved. " + "(ab)" * n + " then more\n",
    ),
    "md: emphasis marks that never close": (parse_markdown, lambda n: _FRONT + " *a" * n),
    "md: underscores that never close": (parse_markdown, lambda n: _FRONT + " _a" * n),
    "md: link brackets that never close": (parse_markdown, lambda n: _FRONT + "[a" * n),
    "md: link targets that never close": (parse_markdown, lambda n: _FRONT + "[a](" * n),
    "md: images that never close": (parse_markdown, lambda n: _FRONT + "![a](b" * n),
    "md: tags that never close": (parse_markdown, lambda n: _FRONT + "<a" * n),
    "md: comments that never close": (parse_markdown, lambda n: _FRONT + "<!--" * n),
    "md: autolinks that never close": (parse_markdown, lambda n: _FRONT + "<http:" * n),
    "md: a heading with a long run of spaces": (
        parse_markdown,
        lambda n: _FRONT + "# a" + "  " * n + "b\n",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_parsing_time_grows_linearly_with_the_paragraph(name):
    parse, text = CASES[name]
    ratio = growth_ratio(lambda n: parse(text(n), "a"), 6000)
    assert ratio < LINEAR_BOUND, f"{name}: ×{ratio:.1f} for 4× the text"


def test_citations_not_at_the_end_stay_in_the_text():
    doc = parse_seed("date 2025-02-17\n\nIt moved. (ab)(cd) then more\n", "a.txt")
    assert doc.paragraphs[0].text == "It moved. (ab)(cd) then more"
    assert doc.paragraphs[0].sources == ()


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("**a *b* c**", "a b c"),
        ("*a* and _b_ and ~~c~~", "a and b and c"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("a * b * c", "a * b * c"),
        ("[text](http://x.org/wiki/A_(b)) after", "text after"),
        ("![alt](pic.png)[ref][1]", "ref"),
        ("<b>bold</b> <!-- hidden --> <https://x.org>", "bold https://x.org"),
    ],
)
def test_inline_markup_is_removed(line, text):
    doc = parse_markdown(_FRONT + line + "\n", "a.md")
    assert doc.paragraphs[0].text == text


@pytest.mark.parametrize(
    ("heading", "text"),
    [("# Title #", "Title"), ("# Title#", "Title#"), ("## a   ##   ", "a"), ("# #", "#")],
)
def test_heading_closing_hashes_are_dropped(heading, text):
    doc = parse_markdown(_FRONT + heading + "\n\nBody.\n", "a.md")
    assert doc.paragraphs[0].text == text
