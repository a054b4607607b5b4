"""The feed seed (.xml, .rss, .atom): an RSS or Atom feed, one article per entry (``name#N``).

Each entry is dated by its published (else updated) date and read from its content (else
its summary), HTML turned into paragraphs; the feed's title is every entry's source.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from bot.errors import SeedError
from bot.seeds.document import Article, BadArticle, bounded, hashed_by_content
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
# A numeric character reference to no character (a lone surrogate, past U+10FFFF):
# feedparser's loose parser raises on it, and it is U+FFFD before feedparser sees it.
# Also escaped (`&amp;#xD800;`) in HTML content, which feedparser unescapes and parses.
_CHARREF = re.compile(rb"(&(?:amp;)*#)(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_MAX_CODE_DIGITS = 8  # longer references are past U+10FFFF whatever their digits


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


def _real_charref(match: re.Match[bytes]) -> bytes:
    digits = match[2] or match[3]
    code = int(digits, 16 if match[2] else 10) if len(digits) <= _MAX_CODE_DIGITS else -1
    if 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
        return match[0]
    return match[1] + b"xFFFD;"


def repair_charrefs(data: bytes) -> bytes:
    """A feed's bytes with each character reference to no character (a lone surrogate,
    past U+10FFFF) made U+FFFD, which feedparser would otherwise raise on."""
    return _CHARREF.sub(_real_charref, data)


def parse_feed(data: bytes, file: str) -> list[Article]:
    """An RSS or Atom feed: each entry an article dated by its published (or updated) date;
    the first bad entries each a BadArticle, the rest counted in one."""
    return bounded(feed_articles(data, file), file, "entries")


def feed_articles(data: bytes, file: str) -> Iterator[Article]:
    """The articles of a feed, entry by entry (SeedError when it is no feed at all)."""
    import feedparser

    data = repair_charrefs(data)
    # A stream, never a str: feedparser would take a string for a URL or a file name.
    feed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    if not feed.entries:
        if feed.bozo and not feed.feed:
            raise SeedError("not an RSS or Atom feed")
        raise SeedError("the feed has no entries")
    return _entries_read(feed, file)


def _entries_read(feed: Any, file: str) -> Iterator[Article]:
    source = text_or_none(html_text(feed.feed.get("title", "") or ""))
    for number, entry in enumerate(feed.entries, start=1):
        name = f"{file}#{number}"
        published = _entry_date(entry)
        if published is None:
            yield BadArticle(name, "no published or updated date")
            continue
        contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
        html = contents[0] if contents else entry.get("summary", "") or ""
        paragraphs = body_paragraphs(split_lines(html_text(html)))
        if not paragraphs:
            yield BadArticle(name, "no text (summary or content)")
            continue
        yield hashed_by_content(
            name,
            published,
            paragraphs,
            text_or_none(html_text(entry.get("title", "") or "")),
            source,
            text_or_none(entry.get("link")),
        )
