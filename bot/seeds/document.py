"""The article model every seed format produces: a Document of Paragraphs.

Every Document a seed format builds goes through `seed_document`, the reader's one door:
each string it carries is cleaned there, once (`clean_text`), before it is hashed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

# The bad articles of one file kept one by one; the rest are only counted, so that a file
# of a million bad lines costs the memory and the report lines of a few.
EXAMPLES_PER_FILE = 5
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls but tab, newline and carriage return, and DEL: PostgreSQL text cannot hold
# NUL, and the others are never prose. Removed, not spaced: the whitespace-like ones
# (form feed, the separators) have become spaces already where text is split in words.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph's text, the outlets it cites ("(AP) (Al Jazeera)": both, in order) and
    the section it sits under, when the seed has headings (bot.seeds.rules.body_paragraphs).
    `heading`: the paragraph is a heading (a section's or a story line), not a news item:
    it stays in the document, so paragraph indexes hold, but yields no events."""

    text: str
    sources: tuple[str, ...] = ()
    section: str | None = None
    heading: bool = False


@dataclass(frozen=True)
class Document:
    file: str
    published: dt.date
    sha256: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    paragraphs: tuple[Paragraph, ...] = field(default_factory=tuple)

    @property
    def words(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs)


@dataclass(frozen=True)
class BadArticle:
    """One article of a multi-article file that cannot be read, and why; with a `count`
    above 1, a summary standing for that many bad articles not listed one by one."""

    file: str
    reason: str
    count: int = 1


Article = Document | BadArticle


def clean_text(text: str) -> str:
    """`text` as storable Unicode: lone surrogates as U+FFFD, NUL and the other C0
    controls (but tab, newline, carriage return) and DEL removed, then NFC."""
    text = _CONTROL.sub("", _SURROGATE.sub("\ufffd", text))
    # is_normalized is a quick check: most text is NFC already and is not copied again.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _clean_or_none(text: str | None) -> str | None:
    return None if text is None else clean_text(text).strip() or None


def bounded(articles: Iterable[Article], file: str, what: str = "lines") -> list[Article]:
    """Every good article and the first EXAMPLES_PER_FILE bad ones, in order, then one
    BadArticle named after `file` that counts the bad `what` not listed."""
    kept: list[Article] = []
    examples = more = 0
    for article in articles:
        if isinstance(article, Document):
            kept.append(article)
        elif examples < EXAMPLES_PER_FILE:
            kept.append(article)
            examples += 1
        else:
            more += article.count
    if more:
        reason = f"and {more:,} more bad {what}, not listed (the first {EXAMPLES_PER_FILE} are)"
        kept.append(BadArticle(file, reason, more))
    return kept


def content_key(document: Document) -> str:
    """The article itself whatever its format or title: its date and body text."""
    body = "\n\n".join(p.text for p in document.paragraphs)
    # surrogatepass: a Document built outside the seed reader may hold a lone surrogate,
    # and a key must never be the thing that fails.
    text = f"{document.published.isoformat()}\n{body}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def seed_document(
    file: str,
    published: dt.date,
    paragraphs: Iterable[Paragraph],
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    sha256: str | None = None,
) -> Document:
    """The reader's door: a Document with every string cleaned (`clean_text`), hashed by
    its cleaned content unless `sha256` (of its file's bytes) is given."""
    cleaned = []
    for para in paragraphs:
        text = clean_text(para.text).strip()
        if text:
            sources = tuple(s for s in (_clean_or_none(s) for s in para.sources) if s)
            section = _clean_or_none(para.section)
            cleaned.append(Paragraph(text, sources, section, para.heading))
    title, source, url = _clean_or_none(title), _clean_or_none(source), _clean_or_none(url)
    if sha256 is None:
        payload = json.dumps(
            [published.isoformat(), title, source, url, [[p.text, *p.sources] for p in cleaned]],
            ensure_ascii=False,
        )
        sha256 = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return Document(file, published, sha256, title, source, url, tuple(cleaned))


def hashed_by_content(
    file: str,
    published: dt.date,
    paragraphs: tuple[Paragraph, ...],
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
) -> Document:
    """A Document whose sha256 hashes the article's (cleaned) content, not its file's bytes."""
    return seed_document(file, published, paragraphs, title, source, url)
