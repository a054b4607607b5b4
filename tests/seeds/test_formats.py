"""Seed formats besides .txt: Markdown with front matter, JSON Lines, RSS and Atom."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.ingest import reload
from bot.seeds import parse_articles
from tests.conftest import NOW
from tests.ingest.test_ingest import NoSpacyEngine

MD = """---
date: 2025-02-17
title: Deal in Damascus
source: Example News
---
# Russia and Syria

Russia and **Syria** signed a deal in [Damascus](https://example.test/d).

*Turkey* welcomed the deal in Ankara.
"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Feed</title>
<item><title>Warsaw talks</title><link>https://example.test/1</link>
<pubDate>Sun, 16 Feb 2025 09:00:00 +0000</pubDate>
<description>&lt;p&gt;Ukraine and Poland met in &lt;b&gt;Warsaw&lt;/b&gt;.&lt;/p&gt;
</description></item>
<item><title>Paris summit</title><link>https://example.test/2</link>
<pubDate>Sat, 15 Feb 2025 09:00:00 +0000</pubDate>
<description>France and Germany signed a deal in Paris.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Example</title>
<entry><title>Cairo meeting</title><link href="https://example.test/3"/>
<published>2025-02-14T10:00:00Z</published><updated>2025-02-17T10:00:00Z</updated>
<content type="html">&lt;p&gt;Egypt and Jordan met in Cairo.&lt;/p&gt;</content></entry>
</feed>
"""


def _line(date: str, title: str, text: str, **extra: str) -> str:
    return json.dumps({"date": date, "title": title, "text": text, **extra})


ARTICLES = [
    _line("2025-02-10", "Kyiv", "Ukraine and Poland signed a deal in Kyiv.", url="https://e.test"),
    _line("2025-02-11", "Berlin", "France and Germany met in Berlin."),
]


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "seeds"
    path.mkdir()
    return path


def _docs(store):
    return {r["file"]: r for r in store.documents()}


def test_markdown_front_matter_and_body(store, folder, engine):
    (folder / "a.md").write_text(MD)
    report = reload(store, folder, engine, NOW)
    assert (report.added, report.skipped) == (1, [])
    doc = _docs(store)["a.md"]
    assert (doc["published"], doc["title"]) == ("2025-02-17", "Deal in Damascus")
    assert report.events > 0 and store.entity("Damascus") is not None
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


def test_jsonl_articles_each_stored_and_a_bad_line_skipped_alone(store, folder, engine):
    lines = [ARTICLES[0], "{not json", _line("2025-02-30", "x", "Russia moved."), ARTICLES[1]]
    lines.append(_line("2031-01-01", "future", "Russia moved."))
    lines.append(json.dumps({"date": "2025-02-12", "title": "no text"}))
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n")
    report = reload(store, folder, engine, NOW)
    reasons = {s["file"]: s["reason"] for s in report.skipped}
    assert set(reasons) == {"news.jsonl#2", "news.jsonl#3", "news.jsonl#5", "news.jsonl#6"}
    assert "JSON" in reasons["news.jsonl#2"] and "not a real date" in reasons["news.jsonl#3"]
    assert "future" in reasons["news.jsonl#5"] and "text" in reasons["news.jsonl#6"]
    docs = _docs(store)
    assert set(docs) == {"news.jsonl#1", "news.jsonl#4"}
    assert (docs["news.jsonl#1"]["published"], docs["news.jsonl#1"]["title"]) == (
        "2025-02-10",
        "Kyiv",
    )
    assert docs["news.jsonl#4"]["published"] == "2025-02-11"
    assert report.added == 2 and report.events > 0


def test_unchanged_jsonl_is_not_re_extracted(store, folder, engine):
    (folder / "news.jsonl").write_text("\n".join(ARTICLES) + "\n")
    reload(store, folder, engine, NOW)
    report = reload(store, folder, NoSpacyEngine(), NOW)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 2)


def test_changed_jsonl_replaces_its_articles_and_removed_file_removes_all(store, folder, engine):
    (folder / "a.txt").write_text("date 2025-02-09\n\nEgypt and Jordan met in Cairo.\n")
    news = folder / "news.jsonl"
    news.write_text("\n".join(ARTICLES) + "\n")
    reload(store, folder, engine, NOW)
    news.write_text(ARTICLES[0] + "\n" + _line("2025-02-12", "Rome", "Italy met Spain in Rome."))
    report = reload(store, folder, engine, NOW)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 0, 2)
    assert store.entity("Berlin") is None and store.entity("Rome") is not None
    news.write_text(ARTICLES[0] + "\n")
    report = reload(store, folder, engine, NOW)
    assert (report.removed, set(_docs(store))) == (1, {"a.txt", "news.jsonl#1"})
    news.unlink()
    report = reload(store, folder, engine, NOW)
    assert (report.removed, set(_docs(store))) == (1, {"a.txt"})
    assert store.entity("Kyiv") is None and store.entity("Cairo") is not None


def test_same_article_in_two_formats_is_stored_once(store, folder, engine):
    (folder / "a.txt").write_text(
        "date 2025-02-10\ntitle Kyiv\n\nUkraine and Poland signed a deal in Kyiv.\n"
    )
    (folder / "b.jsonl").write_text("\n".join(ARTICLES) + "\n")
    report = reload(store, folder, engine, NOW)
    assert report.skipped == [{"file": "b.jsonl#1", "reason": "same content as a.txt"}]
    assert set(_docs(store)) == {"a.txt", "b.jsonl#2"}
    # An article already stored keeps its place when a copy appears in a new file.
    (folder / "0_first.md").write_text(
        "---\ndate: 2025-02-11\n---\nFrance and Germany met in Berlin.\n"
    )
    report = reload(store, folder, engine, NOW)
    assert {s["file"]: s["reason"] for s in report.skipped} == {
        "0_first.md": "same content as b.jsonl#2",
        "b.jsonl#1": "same content as a.txt",
    }
    assert report.added == 0 and report.unchanged == 2


def test_rss_entries_are_dated_by_published(store, folder, engine):
    (folder / "feed.xml").write_text(RSS)
    (folder / "feed.atom").write_text(ATOM)
    report = reload(store, folder, engine, NOW)
    assert report.skipped == [] and report.added == 3 and report.events > 0
    docs = _docs(store)
    assert (docs["feed.xml#1"]["published"], docs["feed.xml#1"]["title"]) == (
        "2025-02-16",
        "Warsaw talks",
    )
    assert docs["feed.xml#2"]["published"] == "2025-02-15"
    assert docs["feed.atom#1"]["published"] == "2025-02-14"  # published, not updated
    (article, _second) = parse_articles(RSS.encode(), "feed.xml", "x")[0]
    assert article.url == "https://example.test/1" and article.source == "Example Feed"
    assert [p.text for p in article.paragraphs] == ["Ukraine and Poland met in Warsaw."]
    assert store.entity("Warsaw") is not None
    again = reload(store, folder, NoSpacyEngine(), NOW)
    assert (again.unchanged, again.added, again.updated) == (3, 0, 0)


def test_bad_feeds_are_skipped_with_a_reason(store, folder, engine):
    (folder / "empty.rss").write_text("")
    (folder / "binary.xml").write_bytes(bytes(range(256)) * 40)
    (folder / "html.xml").write_text("<html><body>not a feed</body></html>")
    (folder / "nodate.rss").write_text(
        RSS.replace("<pubDate>Sun, 16 Feb 2025 09:00:00 +0000</pubDate>", "")
    )
    with open(folder / "huge.jsonl", "wb") as f:
        f.truncate(20 * 1024 * 1024)
    report = reload(store, folder, engine, NOW)
    reasons = {s["file"]: s["reason"] for s in report.skipped}
    assert "empty" in reasons["empty.rss"] and "binary" in reasons["binary.xml"]
    assert "no entries" in reasons["html.xml"] and "larger than" in reasons["huge.jsonl"]
    assert "no published" in reasons["nodate.rss#1"]
    assert set(_docs(store)) == {"nodate.rss#2"}


def test_future_and_dated_iso_timestamps_in_jsonl():
    (article,) = parse_articles(
        _line("2025-02-17T23:30:00-05:00", "t", "Russia moved.").encode(), "a.jsonl", "x"
    )[0]
    assert article.published == dt.date(2025, 2, 17)
