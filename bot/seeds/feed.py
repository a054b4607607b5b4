"""The feed seed (.xml, .rss, .atom): an RSS or Atom feed, one article per entry (``name#N``).

Each entry is dated by its published (else updated) date and read from its content (else
its summary), HTML turned into paragraphs; the feed's title is every entry's source.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
from html.parser import HTMLParser
from typing import Any

from bot.errors import SeedError
from bot.seeds.document import Article, BadArticle, hashed_by_content
from bot.seeds.rules import body_paragraphs, split_lines, text_or_none

# HTML elements that end a paragraph, and those whose text is not prose.
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "hr",
    ]
)
_SKIPPED_TAGS = frozenset({"script", "style", "template"})


class _HtmlText(HTMLParser):
    """Text of an HTML fragment, block elements as paragraph breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """Plain text of an HTML fragment; paragraphs separated by blank lines."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _entry_date(entry: Any) -> dt.date | None:
    """An entry's published (else updated) date, in the offset it was written in."""
    for key in ("published", "updated"):
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            for parse in (email.utils.parsedate_to_datetime, dt.datetime.fromisoformat):
                try:
                    return parse(raw.strip().replace("Z", "+00:00")).date()
                except (TypeError, ValueError, IndexError):
                    pass
        stamp = entry.get(f"{key}_parsed")  # feedparser's reading, in UTC
        if stamp:
            return dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    return None


def parse_feed(data: bytes, file: str) -> list[Article]:
    """An RSS or Atom feed: each entry an article dated by its published (or updated) date."""
    import feedparser

    # A stream, never a str: feedparser would take a string for a URL or a file name.
    feed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    if not feed.entries:
        if feed.bozo and not feed.feed:
            raise SeedError("not an RSS or Atom feed")
        raise SeedError("the feed has no entries")
    source = text_or_none(html_text(feed.feed.get("title", "") or ""))
    articles: list[Article] = []
    for number, entry in enumerate(feed.entries, start=1):
        name = f"{file}#{number}"
        published = _entry_date(entry)
        if published is None:
            articles.append(BadArticle(name, "no published or updated date"))
            continue
        contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
        html = contents[0] if contents else entry.get("summary", "") or ""
        paragraphs = body_paragraphs(split_lines(html_text(html)))
        if not paragraphs:
            articles.append(BadArticle(name, "no text (summary or content)"))
            continue
        articles.append(
            hashed_by_content(
                name,
                published,
                paragraphs,
                text_or_none(html_text(entry.get("title", "") or "")),
                source,
                text_or_none(entry.get("link")),
            )
        )
    return articles
