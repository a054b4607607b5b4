"""The article model: content keys and content hashes."""

from __future__ import annotations

import datetime as dt

from bot.seeds import Document, Paragraph, content_key, hashed_by_content

DAY = dt.date(2025, 2, 17)
BODY = (Paragraph("Russia moved."), Paragraph("Syria answered.", ("Reuters",)))


def test_words_counts_every_paragraph():
    assert Document("a.txt", DAY, "x", paragraphs=BODY).words == 4


def test_content_key_ignores_file_title_and_hash():
    a = Document("a.txt", DAY, "x", title="One", paragraphs=BODY)
    b = Document("b.jsonl#3", DAY, "y", title="Two", url="https://e.test", paragraphs=BODY)
    assert content_key(a) == content_key(b)


def test_content_key_changes_with_the_date_or_the_text():
    a = Document("a.txt", DAY, "x", paragraphs=BODY)
    later = Document("a.txt", DAY + dt.timedelta(days=1), "x", paragraphs=BODY)
    other = Document("a.txt", DAY, "x", paragraphs=BODY[:1])
    assert len({content_key(a), content_key(later), content_key(other)}) == 3


def test_hashed_by_content_hashes_the_article_not_the_file_name():
    a = hashed_by_content("a.jsonl#1", DAY, BODY, "Title")
    b = hashed_by_content("b.jsonl#7", DAY, BODY, "Title")
    c = hashed_by_content("a.jsonl#1", DAY, BODY, "Another title")
    assert a.sha256 == b.sha256 != c.sha256 and len(a.sha256) == 64
    assert (a.file, a.published, a.title, a.paragraphs) == ("a.jsonl#1", DAY, "Title", BODY)
