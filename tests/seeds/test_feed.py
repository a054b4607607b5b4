"""The feed seed (.xml, .rss, .atom): RSS or Atom, one article per entry."""

from __future__ import annotations

import pytest

from bot.errors import SeedError
from bot.ingest import reload
from bot.seeds import BadArticle, html_text, parse_articles, parse_feed
from tests.conftest import NOW
from tests.factories import NoSpacyEngine

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


def test_rss_entries_are_dated_by_published(store, folder, engine, stored):
    (folder / "feed.xml").write_text(RSS)
    (folder / "feed.atom").write_text(ATOM)
    report = reload(store, folder, engine, NOW)
    assert report.skipped == [] and report.added == 3 and report.events > 0
    docs = stored()
    assert (docs["feed.xml#1"]["published"], docs["feed.xml#1"]["title"]) == (
        "2025-02-16",
        "Warsaw talks",
    )
    assert docs["feed.xml#2"]["published"] == "2025-02-15"
    assert docs["feed.atom#1"]["published"] == "2025-02-14"  # published, not updated
    (article, _second) = parse_articles(RSS.encode(), "feed.xml", "x")[0]
    assert article.url == "https://example.test/1" and article.source == "Example Feed"
    assert [p.text for p in article.paragraphs] == ["Ukraine and Poland met in Warsaw."]
    assert store.entities.lookup("Warsaw") is not None
    again = reload(store, folder, NoSpacyEngine(), NOW)
    assert (again.unchanged, again.added, again.updated) == (3, 0, 0)


def test_bad_feeds_are_skipped_with_a_reason(store, folder, engine, stored):
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
    assert set(stored()) == {"nodate.rss#2"}


def test_atom_content_is_read_before_the_summary_and_updated_dates_an_undated_entry():
    atom = ATOM.replace("<published>2025-02-14T10:00:00Z</published>", "").replace(
        "<content", "<summary>The summary.</summary><content"
    )
    (article,) = parse_feed(atom.encode(), "feed.atom")
    assert article.published.isoformat() == "2025-02-17"
    assert [p.text for p in article.paragraphs] == ["Egypt and Jordan met in Cairo."]
    assert (article.source, article.url) == ("Atom Example", "https://example.test/3")


def test_an_entry_without_text_is_a_bad_article():
    rss = RSS.replace("France and Germany signed a deal in Paris.", "<![CDATA[<p> </p>]]>")
    articles = parse_feed(rss.encode(), "feed.rss")
    assert articles[1] == BadArticle("feed.rss#2", "no text (summary or content)")


def test_a_feed_without_entries_is_refused():
    with pytest.raises(SeedError, match="no entries"):
        parse_feed(b'<rss version="2.0"><channel><title>x</title></channel></rss>', "a.rss")


def test_html_blocks_become_paragraphs_and_scripts_vanish():
    text = html_text("<p>One <b>bold</b></p><script>alert(1)</script><div>Two</div>")
    assert [part.strip() for part in text.split("\n\n") if part.strip()] == ["One bold", "Two"]
