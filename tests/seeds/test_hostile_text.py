"""Hostile text in a seed: every string a Document carries is valid, storable Unicode.

Lone surrogates (from JSON or YAML escapes, XML character references) become U+FFFD,
NUL and the other C0 controls but tab, newline and carriage return go, text is NFC; a
file of UTF-8 with a few invalid bytes keeps its UTF-8 and gets U+FFFD for the bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Iterator

import pytest

from bot.seeds import Document, Paragraph, content_key, hashed_by_content, parse_articles

FFFD = "\ufffd"


def _strings(document: Document) -> Iterator[str]:
    """Every string a Document carries."""
    yield from (document.file, document.sha256)
    yield from (s for s in (document.title, document.source, document.url) if s is not None)
    for para in document.paragraphs:
        yield para.text
        yield from para.sources
        if para.section is not None:
            yield para.section


def _assert_storable(document: Document) -> None:
    for text in _strings(document):
        text.encode("utf-8")  # no lone surrogate: PostgreSQL and SQLite both take it
        assert not any(ord(c) < 32 and c not in "\t\n\r" for c in text), repr(text)
        assert unicodedata.is_normalized("NFC", text), repr(text)


def _documents(data: bytes, name: str) -> list[Document]:
    articles, _ = parse_articles(data, name)
    documents = [a for a in articles if isinstance(a, Document)]
    assert documents, articles
    return documents


def _jsonl(**fields: str) -> bytes:
    item = {"date": "2025-02-10", "text": "Ukraine and Poland met in Kyiv.", **fields}
    return json.dumps(item).encode() + b"\n"  # ensure_ascii: a surrogate as "\ud800"


RSS = """<rss version="2.0"><channel><title>Feed{mark}</title>
<item><title>Warsaw{mark}</title><link>https://e.test/{mark}</link>
<pubDate>Sun, 16 Feb 2025 09:00:00 +0000</pubDate>
<description>Ukraine and Poland met in Warsaw{mark}.</description></item></channel></rss>"""
ATOM = """<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed{mark}</title>
<entry><title>Cairo{mark}</title><published>2025-02-14T10:00:00Z</published>
<content type="html">Egypt and Jordan met in Cairo{mark}.</content></entry></feed>"""
MD = '---\ndate: 2025-02-11\ntitle: "Berlin{mark}"\nsource: "AP{mark}"\n---\nFrance met.\n'


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("text.jsonl", _jsonl(text="Ukraine \ud800 and Poland met in Kyiv.")),
        ("title.jsonl", _jsonl(title="Kyiv \udfff talks")),
        ("outlet.jsonl", _jsonl(source="Reuters\ud83d")),
        ("url.jsonl", _jsonl(url="https://e.test/\udc80")),
        ("cited.jsonl", _jsonl(text="Ukraine and Poland met in Kyiv. (Reut\ud800ers)")),
        ("front.md", MD.format(mark="\\ud800").encode()),
        ("charref.rss", RSS.format(mark="&#xD800;").encode()),
        ("charref.atom", ATOM.format(mark="&#xDFFF;").encode()),
    ],
)
def test_a_lone_surrogate_becomes_a_replacement_character(name, data):
    (document,) = _documents(data, name)
    _assert_storable(document)
    assert any(FFFD in s for s in _strings(document))
    content_key(document)  # hashes the text: no UnicodeEncodeError


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("text.jsonl", _jsonl(text="Ukraine and\u0000 Poland met\u0007 in Kyiv.")),
        ("title.jsonl", _jsonl(title="Kyiv\u0000 talks\u001b[31m")),
        ("outlet.jsonl", _jsonl(source="Reu\u0000ters", url="https://e.test/\u0001")),
        ("front.md", MD.format(mark="\\0\\x01").encode()),
        ("charref.rss", RSS.format(mark="&#1;&#x1b;").encode()),
    ],
)
def test_nul_and_control_characters_never_reach_a_document(name, data):
    for document in _documents(data, name):
        _assert_storable(document)


def test_a_nul_in_a_title_is_removed_not_kept_or_spaced():
    (document,) = _documents(_jsonl(title="Kyiv\u0000 talks", source="A\u0000P"), "a.jsonl")
    assert (document.title, document.source) == ("Kyiv talks", "AP")


def test_text_is_normalised_to_nfc():
    decomposed = "Cafe\u0301 talks in Bogota\u0301."
    (document,) = _documents(_jsonl(text=decomposed, title="Cafe\u0301"), "a.jsonl")
    assert document.title == "Café"
    assert document.paragraphs[0].text == "Café talks in Bogotá."


def test_the_same_article_decomposed_or_composed_is_one_content():
    (a,) = _documents(_jsonl(text="Bogota\u0301 talks."), "a.jsonl")
    (b,) = _documents(_jsonl(text="Bogotá talks."), "b.jsonl")
    assert content_key(a) == content_key(b) and a.sha256 == b.sha256


def test_invalid_utf8_bytes_in_a_utf8_txt_are_replaced_and_warned_about():
    data = "date 2025-02-10\ntitle Café\n\nThe café in Kyiv \xff closed.\n".encode()
    data = data.replace(b"\xc3\xbf", b"\xff")  # "ÿ" as one invalid byte
    articles, warning = parse_articles(data, "a.txt")
    (document,) = articles
    assert document.title == "Café"  # the valid UTF-8 stays UTF-8, not Latin-1 mojibake
    assert document.paragraphs[0].text == f"The café in Kyiv {FFFD} closed."
    assert warning is not None and "UTF-8" in warning


def test_a_latin1_txt_is_still_read_as_latin1():
    data = "date 2025-02-10\n\nFrançois Bayrou in Paris.\n".encode("latin-1")
    (document,), warning = parse_articles(data, "a.txt")
    assert document.paragraphs[0].text == "François Bayrou in Paris."
    assert warning is not None and "Latin-1" in warning


def test_a_surrogate_in_a_date_gives_a_printable_reason():
    articles, _ = parse_articles(_jsonl(date="2025-\ud800"), "a.jsonl")
    (bad,) = articles
    bad.reason.encode("utf-8")
    assert "not a real date" in bad.reason


def test_hashing_a_document_with_surrogates_does_not_raise():
    body = (Paragraph("Kyiv \ud800 talks.", ("A\udfffP",)),)
    document = hashed_by_content("a.jsonl#1", dt.date(2025, 2, 10), body, "T\ud800", "S", "U")
    _assert_storable(document)
    assert document.title == f"T{FFFD}" and document.paragraphs[0].sources == (f"A{FFFD}P",)


def test_a_bom_file_with_an_invalid_byte_stays_utf8():
    # Found by the fuzzer: read as Latin-1, the BOM became "ï»¿" and cost the first line.
    data = b"\xef\xbb\xbf" + _jsonl(title="Kyiv") + b'{"date": "2025-02-11", "text": "x\xff"}\n'
    articles, warning = parse_articles(data, "a.jsonl")
    assert [a.title for a in articles if isinstance(a, Document)] == ["Kyiv", None]
    assert warning is not None and "UTF-8" in warning
