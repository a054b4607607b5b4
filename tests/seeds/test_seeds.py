"""The seed format parser."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.errors import SeedError
from bot.seeds import decode_seed, parse_seed, strip_boilerplate


def test_date_line_sets_publication_date_and_rest_is_body():
    doc = parse_seed("date 2025-02-17 Russia said things.\n\nMore news here.", "a.txt")
    assert doc.published == dt.date(2025, 2, 17)
    assert [p.text for p in doc.paragraphs] == ["Russia said things.", "More news here."]


def test_header_lines_follow_the_date():
    doc = parse_seed(
        "\n\ndate 2025-01-01\ntitle A title\nsource Somewhere\nurl https://x.test/a\n\nBody.",
        "a.txt",
    )
    assert (doc.title, doc.source, doc.url) == ("A title", "Somewhere", "https://x.test/a")
    assert [p.text for p in doc.paragraphs] == ["Body."]


def test_lines_of_one_paragraph_are_joined():
    doc = parse_seed("date 2025-01-01\n\nOne line\nand the next.\n\nSecond.", "a.txt")
    assert [p.text for p in doc.paragraphs] == ["One line and the next.", "Second."]


def test_boilerplate_yields_no_paragraph():
    doc = parse_seed("date 2025-02-17 This audio is created with AI assistance\n\nNews.", "a.txt")
    assert [p.text for p in doc.paragraphs] == ["News."]


def test_boilerplate_sentence_is_removed_inside_a_paragraph():
    assert (
        strip_boilerplate("Advertisement Russia moved. Read more: here")
        == "Advertisement Russia moved."
    )
    assert (
        strip_boilerplate("This audio is created with AI assistance. Russia moved.")
        == "Russia moved."
    )


def test_trailing_citations_become_sources():
    doc = parse_seed("date 2025-01-01\n\nIsrael strikes Gaza. (Al Jazeera) (Reuters)", "a.txt")
    assert doc.paragraphs[0].text == "Israel strikes Gaza."
    assert doc.paragraphs[0].sources == ("Al Jazeera", "Reuters")


def test_parenthesis_inside_a_sentence_is_not_a_citation():
    doc = parse_seed("date 2025-01-01\n\nThe Islamic State (IS) attacked", "a.txt")
    assert doc.paragraphs[0].sources == ()


def test_crlf_and_bom_are_accepted():
    text = decode_seed("\ufeffdate 2025-01-01\r\n\r\nBody one.\r\n".encode())
    assert [p.text for p in parse_seed(text, "a.txt").paragraphs] == ["Body one."]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\n  ", "empty"),
        ("title No date\n\nBody", "date YYYY-MM-DD"),
        ("date 2025-02-30\n\nBody", "not a real date"),
        ("date yesterday\n\nBody", "not a real date"),
    ],
)
def test_bad_seed_is_refused_with_a_reason(text, reason):
    with pytest.raises(SeedError) as caught:
        parse_seed(text, "bad.txt")
    assert reason in caught.value.message


def test_binary_is_refused():
    with pytest.raises(SeedError, match="binary"):
        decode_seed(b"\x00\x01\x02date 2025-01-01")


def test_content_hash_is_stable():
    a = parse_seed("date 2025-01-01\n\nBody.", "a.txt")
    b = parse_seed("date 2025-01-01\n\nBody.", "b.txt")
    assert a.sha256 == b.sha256 and len(a.sha256) == 64
