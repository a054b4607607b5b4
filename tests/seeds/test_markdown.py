"""The Markdown seed (.md): YAML front matter with a date, a Markdown body."""

from __future__ import annotations

import pytest

from bot.errors import SeedError
from bot.ingest import reload
from bot.seeds import markdown_lines, parse_articles, parse_markdown
from tests.conftest import NOW

MD = """---
date: 2025-02-17
title: Deal in Damascus
source: Example News
---
# Russia and Syria

Russia and **Syria** signed a deal in [Damascus](https://example.test/d).

*Turkey* welcomed the deal in Ankara.
"""


def test_markdown_front_matter_and_body(store, folder, engine, stored):
    (folder / "a.md").write_text(MD)
    report = reload(store, folder, engine, NOW)
    assert (report.added, report.skipped) == (1, [])
    doc = stored()["a.md"]
    assert (doc["published"], doc["title"]) == ("2025-02-17", "Deal in Damascus")
    assert report.events > 0 and store.entities.lookup("Damascus") is not None
    (text,) = parse_articles(MD.encode(), "a.md", "x")[0]
    assert [p.text for p in text.paragraphs] == [
        "Russia and Syria",
        "Russia and Syria signed a deal in Damascus.",
        "Turkey welcomed the deal in Ankara.",
    ]


def test_markdown_without_front_matter_or_date_is_skipped(store, folder, engine):
    (folder / "plain.md").write_text("date 2025-01-01\n\nRussia moved.\n")
    (folder / "nodate.md").write_text("---\ntitle: x\n---\nRussia moved.\n")
    (folder / "feb30.md").write_text("---\ndate: 2025-02-30\n---\nRussia moved.\n")
    reasons = {s["file"]: s["reason"] for s in reload(store, folder, engine, NOW).skipped}
    assert "front matter" in reasons["plain.md"]
    assert "date" in reasons["nodate.md"]
    assert "not a real date" in reasons["feb30.md"]


def test_front_matter_gives_the_headers_and_the_hash_is_kept():
    doc = parse_markdown(MD, "a.md", "abc")
    assert (doc.title, doc.source, doc.url, doc.sha256) == (
        "Deal in Damascus",
        "Example News",
        None,
        "abc",
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("\ufeff\n\n", "empty"),
        ("---\ndate: [unclosed\n---\nBody.\n", "not valid YAML"),
        ("---\n- a list\n---\nBody.\n", "no 'date"),
    ],
)
def test_bad_markdown_is_refused_with_a_reason(text, reason):
    with pytest.raises(SeedError) as caught:
        parse_markdown(text, "bad.md")
    assert reason in caught.value.message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("> - a **bold** _quote_", "a bold quote"),
        ("1. see ![img](x.png)[the link](https://e.test) and `code`", "see the link and code"),
        ("<https://e.test/a> <b>tag</b>", "https://e.test/a tag"),
        ("***very*** loud", "very loud"),
    ],
)
def test_inline_marks_are_removed(line, expected):
    assert markdown_lines(line) == [expected]


def test_code_blocks_references_and_rules_are_not_text():
    body = "Before.\n```\nx = 1\n```\n[ref]: https://e.test\n---\n## Heading ##\nAfter."
    assert [ln for ln in markdown_lines(body) if ln] == ["Before.", "Heading", "After."]
