"""A fetched feed's items: RSS 0.9x, 1.0 and 2.0 and Atom (feedparser), and JSON Feed.

Each item comes out as plain text (its HTML reduced to paragraphs before anything else
sees it: scripts and styles dropped), with its key (GUID or id, else link), link, title
and publication time in the offset it was written in, or None when it has none (the
fetcher then dates it by the fetch, and says so). A body that is no feed at all is
NotAFeed, with why.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import io
import json
from dataclasses import dataclass
from typing import Any

from bot.seeds import html_text
from bot.seeds.feed import repair_charrefs

JSON_FEED_VERSION = "https://jsonfeed.org/version/"


class NotAFeed(Exception):
    """A body that holds no feed: why, in an admin's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FeedItem:
    key: str
    url: str | None
    title: str | None
    published: dt.datetime | None
    text: str
    # The text is the feed's summary, not the article (full text may be fetched).
    summary_only: bool = False


@dataclass(frozen=True)
class ParsedFeed:
    kind: str  # "RSS", "Atom", "JSON Feed"
    title: str | None
    items: list[FeedItem]


def _text(html: str | None) -> str:
    """HTML (or text) as paragraphs separated by blank lines, whitespace tidied."""
    if not html:
        return ""
    paragraphs = (" ".join(p.split()) for p in html_text(html).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _when(raw: object) -> dt.datetime | None:
    """An RFC 822 or ISO 8601 time, aware (a time without a zone read as UTC)."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    value = raw.strip()
    for attempt in (value, value.replace("Z", "+00:00")):
        for parse in (email.utils.parsedate_to_datetime, dt.datetime.fromisoformat):
            try:
                when = parse(attempt)
            except (TypeError, ValueError, IndexError):
                continue
            return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return None


def _key(*candidates: object, fallback: str) -> str:
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()[:500]
    return "sha256:" + hashlib.sha256(fallback.encode("utf-8", "surrogatepass")).hexdigest()


def parse(body: bytes) -> ParsedFeed:
    """The feed in `body`, whatever its format; NotAFeed when it holds none."""
    head = body.lstrip()[:1]
    if head in (b"{", b"["):
        return _json_feed(body)
    return _xml_feed(body)


def _json_feed(body: bytes) -> ParsedFeed:
    try:
        feed = json.loads(body)
    except (ValueError, RecursionError):
        raise NotAFeed("not a feed: the body is not valid JSON") from None
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith(JSON_FEED_VERSION):
        raise NotAFeed("not a feed: JSON, but not a JSON Feed (no jsonfeed.org version)")
    raw_items = feed.get("items")
    if not isinstance(raw_items, list):
        raise NotAFeed("not a feed: a JSON Feed without items")
    items = []
    for raw in raw_items:
        if not isinstance(raw, dict):
            continue
        html = raw.get("content_html")
        text = _text(html) if isinstance(html, str) else _text_plain(raw.get("content_text"))
        summary_only = False
        if not text:
            text, summary_only = _text_plain(raw.get("summary")), True
        url = raw.get("url") if isinstance(raw.get("url"), str) else None
        title = raw.get("title") if isinstance(raw.get("title"), str) else None
        items.append(
            FeedItem(
                key=_key(
                    str(raw["id"]) if raw.get("id") is not None else None,
                    url,
                    fallback=f"{title}\n{text}",
                ),
                url=url,
                title=_text(title) or None,
                published=_when(raw.get("date_published")) or _when(raw.get("date_modified")),
                text=text,
                summary_only=summary_only,
            )
        )
    title = feed.get("title")
    return ParsedFeed("JSON Feed", _text(title) if isinstance(title, str) else None, items)


def _text_plain(value: object) -> str:
    if not isinstance(value, str):
        return ""
    paragraphs = (" ".join(p.split()) for p in value.replace("\r", "").split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _xml_feed(body: bytes) -> ParsedFeed:
    import feedparser

    # A stream, never a str: feedparser would take a string for a URL or a file name.
    feed = feedparser.parse(
        io.BytesIO(repair_charrefs(body)), resolve_relative_uris=False, sanitize_html=True
    )
    version = str(feed.get("version") or "")
    if not feed.entries and (feed.bozo or not version):
        problem = feed.get("bozo_exception")
        why = f" ({str(problem)[:120]})" if problem else ""
        raise NotAFeed(f"not a feed: not RSS, Atom or JSON Feed{why}")
    items = [_entry(entry) for entry in feed.entries]
    kind = "Atom" if version.startswith("atom") else "RSS"
    return ParsedFeed(kind, _text(feed.feed.get("title")) or None, items)


def _entry(entry: Any) -> FeedItem:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    text = _text(contents[0]) if contents else ""
    summary_only = not text
    if not text:
        text = _text(entry.get("summary") or entry.get("description") or "")
    url = entry.get("link") if isinstance(entry.get("link"), str) else None
    title = _text(entry.get("title")) or None
    published = None
    for field in ("published", "updated", "created"):
        published = _when(entry.get(field))
        if published is None and entry.get(f"{field}_parsed"):
            stamp = entry.get(f"{field}_parsed")  # feedparser's reading, in UTC
            published = dt.datetime(*stamp[:6], tzinfo=dt.UTC)
        if published is not None:
            break
    return FeedItem(
        key=_key(entry.get("id"), url, fallback=f"{title}\n{text}"),
        url=url,
        title=title,
        published=published,
        text=text,
        summary_only=summary_only,
    )
