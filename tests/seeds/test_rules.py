"""The rules every article meets: size, binary, encoding, date, boilerplate, citations."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.errors import SeedError
from bot.seeds import (
    MAX_SEED_BYTES,
    decode_seed,
    decode_seed_with_warning,
    future_date_refusal,
    parse_seed,
    real_date,
    strip_boilerplate,
)
from bot.seeds.reader import parse_articles
from bot.seeds.rules import (
    MAX_PARAGRAPH_CHARS,
    body_paragraphs,
    paragraph,
    size_refusal,
    text_or_none,
)


def test_boilerplate_yields_no_paragraph():
    doc = parse_seed("date 2025-02-17 This audio is created with AI assistance\n\nNews.", "a.txt")
    assert [p.text for p in doc.paragraphs] == ["News."]
    assert paragraph(["This audio is created with AI assistance."]) is None


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
    para = paragraph(["Israel strikes Gaza. (Al Jazeera)", "(Reuters)"])
    assert para is not None
    assert (para.text, para.sources) == ("Israel strikes Gaza.", ("Al Jazeera", "Reuters"))


def test_parenthesis_inside_a_sentence_is_not_a_citation():
    doc = parse_seed("date 2025-01-01\n\nThe Islamic State (IS) attacked", "a.txt")
    assert doc.paragraphs[0].sources == ()
    assert paragraph(["The Islamic State (IS) attacked"]).text == "The Islamic State (IS) attacked"


def test_paragraphs_are_separated_by_blank_lines_and_spaces_collapsed():
    paras = body_paragraphs(["One  line", "and\tthe next.", "", "  ", "Second."])
    assert [p.text for p in paras] == ["One line and the next.", "Second."]


def test_crlf_and_bom_are_accepted():
    text = decode_seed("\ufeffdate 2025-01-01\r\n\r\nBody one.\r\n".encode())
    assert [p.text for p in parse_seed(text, "a.txt").paragraphs] == ["Body one."]


def test_latin1_is_read_with_a_warning():
    text, warning = decode_seed_with_warning("François à Paris".encode("latin-1"))
    assert text == "François à Paris"
    assert warning is not None and "Latin-1" in warning
    assert decode_seed_with_warning("François".encode()) == ("François", None)


def test_binary_is_refused():
    with pytest.raises(SeedError, match="binary"):
        decode_seed(b"\x00\x01\x02date 2025-01-01")


def test_control_characters_without_a_nul_are_binary_too():
    with pytest.raises(SeedError, match="binary"):
        decode_seed(bytes(range(1, 32)) * 4 + b"\xff")


def test_size_limit():
    assert size_refusal(MAX_SEED_BYTES) is None
    assert size_refusal(MAX_SEED_BYTES + 1) == "larger than 10 MB"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-17", dt.date(2025, 2, 17)),
        (" 2025-02-17 ", dt.date(2025, 2, 17)),
        ("2025-02-17T23:30:00-05:00", dt.date(2025, 2, 17)),  # its own date, in its offset
    ],
)
def test_real_date_accepts_iso_dates_and_date_times(value, expected):
    assert real_date(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (None, "no date"),
        ("  ", "no date"),
        (20250217, "must be a string"),
        ("2025-02-30", "not a real date"),
        ("yesterday", "not a real date"),
    ],
)
def test_real_date_refuses_anything_else_with_a_reason(value, reason):
    with pytest.raises(SeedError) as caught:
        real_date(value)
    assert reason in caught.value.message


def test_real_date_without_time_refuses_a_date_time():
    with pytest.raises(SeedError, match="not a real date"):
        real_date("2025-02-17T10:00:00", time_allowed=False)


def test_a_date_more_than_a_day_ahead_is_in_the_future():
    today = dt.date(2025, 2, 18)
    assert future_date_refusal(dt.date(2025, 2, 19), today) is None  # time zones
    assert future_date_refusal(dt.date(2025, 2, 20), today) == (
        "publication date 2025-02-20 is in the future"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("  A\n title ", "A title"), (7, "7"), ("", None), (True, None), (None, None), ([], None)],
)
def test_header_values_are_one_line_of_text(value, expected):
    assert text_or_none(value) == expected


@pytest.mark.parametrize(
    "value", ["20250224", "2025-W09-2", "2025-055", "2025-02-170", "20250224T10:00"]
)
def test_real_date_accepts_only_the_yyyy_mm_dd_form(value):
    """Python reads these as dates; the seed format is YYYY-MM-DD, and says so."""
    with pytest.raises(SeedError, match="YYYY-MM-DD"):
        real_date(value)


# --- a NUL anywhere, control characters, paragraphs longer than spaCy reads ----------------


@pytest.mark.parametrize("at", [0, 100, 9_000, 200_000])
def test_a_nul_anywhere_makes_the_file_binary(at):
    body = ("Officials met in Athens. " * 10_000).encode()
    data = b"date 2025-02-17\n\n" + body[:at] + b"\x00" + body[at:]
    with pytest.raises(SeedError, match="binary file"):
        parse_articles(data, "a.txt")


def test_control_characters_in_decoded_text_are_not_kept():
    (doc,), _ = parse_articles(
        b'{"date": "2025-02-17", "text": "They met in\\u0000 Athens\\u0007."}\n', "a.jsonl"
    )
    assert doc.paragraphs[0].text == "They met in Athens ."


def test_a_long_paragraph_is_cut_at_sentence_ends_under_the_limit():
    sentence = "Officials from Greece met in Athens on Monday. "
    text = sentence * (3 * MAX_PARAGRAPH_CHARS // len(sentence))
    found = body_paragraphs([text])
    assert len(found) >= 3
    assert all(len(p.text) <= MAX_PARAGRAPH_CHARS for p in found)
    assert all(p.text.endswith("Monday.") for p in found)
    assert " ".join(p.text for p in found) == text.strip()


def test_a_long_run_without_spaces_is_cut_anywhere_and_keeps_its_sources():
    found = body_paragraphs(["It began. " + "a" * (2 * MAX_PARAGRAPH_CHARS) + ". (Reuters)"])
    assert all(len(p.text) <= MAX_PARAGRAPH_CHARS for p in found)
    assert (
        "".join(p.text for p in found).replace(" ", "")
        == "Itbegan." + "a" * (2 * MAX_PARAGRAPH_CHARS) + "."
    )
    assert {p.sources for p in found} == {("Reuters",)}
