"""The plain-text seed (.txt): a date line, optional headers, paragraphs."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.errors import SeedError
from bot.seeds import parse_seed


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


def test_a_repeated_header_starts_the_body():
    doc = parse_seed("date 2025-01-01\ntitle One\ntitle Two\n\nBody.", "a.txt")
    assert doc.title == "One"
    assert [p.text for p in doc.paragraphs] == ["title Two", "Body."]


def test_lines_of_one_paragraph_are_joined():
    doc = parse_seed("date 2025-01-01\n\nOne line\nand the next.\n\nSecond.", "a.txt")
    assert [p.text for p in doc.paragraphs] == ["One line and the next.", "Second."]


def test_boilerplate_on_the_date_line_yields_no_paragraph():
    doc = parse_seed("date 2025-02-17 This audio is created with AI assistance\n\nNews.", "a.txt")
    assert [p.text for p in doc.paragraphs] == ["News."]


def test_trailing_citations_become_sources():
    doc = parse_seed("date 2025-01-01\n\nIsrael strikes Gaza. (Al Jazeera) (Reuters)", "a.txt")
    assert doc.paragraphs[0].text == "Israel strikes Gaza."
    assert doc.paragraphs[0].sources == ("Al Jazeera", "Reuters")


def test_crlf_cr_and_a_bom_on_the_date_line_are_accepted():
    doc = parse_seed("\ufeffdate 2025-01-01\r\n\r\nBody one.\r\rBody two.\r\n", "a.txt")
    assert [p.text for p in doc.paragraphs] == ["Body one.", "Body two."]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\n  ", "empty"),
        ("title No date\n\nBody", "date YYYY-MM-DD"),
        ("date 2025-02-30\n\nBody", "not a real date"),
        ("date yesterday\n\nBody", "not a real date"),
        ("date 2025-02-17T10:00:00\n\nBody", "not a real date"),  # a .txt date has no time
    ],
)
def test_bad_seed_is_refused_with_a_reason(text, reason):
    with pytest.raises(SeedError) as caught:
        parse_seed(text, "bad.txt")
    assert reason in caught.value.message


def test_content_hash_is_stable():
    a = parse_seed("date 2025-01-01\n\nBody.", "a.txt")
    b = parse_seed("date 2025-01-01\n\nBody.", "b.txt")
    assert a.sha256 == b.sha256 and len(a.sha256) == 64


def test_given_hash_is_kept():
    assert parse_seed("date 2025-01-01\n\nBody.", "a.txt", "abc").sha256 == "abc"


@pytest.mark.parametrize("header", ["date 20250224", "date 2025-W09-2"])
def test_a_date_line_not_in_the_yyyy_mm_dd_form_is_refused_with_the_form(header):
    with pytest.raises(SeedError, match="YYYY-MM-DD"):
        parse_seed(f"{header}\n\nBody.", "a.txt")


@pytest.mark.parametrize(
    "text",
    [
        "date 2025-02-17\ndate 2025-02-18\n\nBody.",
        "date 2025-02-17\ntitle T\n\ndate 2025-02-18\n\nBody.",
    ],
)
def test_a_second_date_line_is_refused_not_read_as_body(text):
    with pytest.raises(SeedError, match="second 'date' line"):
        parse_seed(text, "a.txt")
