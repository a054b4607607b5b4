"""The article model every seed format produces: a Document of Paragraphs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """A paragraph's text, the outlets it cites ("(AP) (Al Jazeera)": both, in order) and
    the section heading it sits under, when the seed has headings."""

    text: str
    sources: tuple[str, ...] = ()
    section: str | None = None


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
    """One article of a multi-article file that cannot be read, and why."""

    file: str
    reason: str


Article = Document | BadArticle


def content_key(document: Document) -> str:
    """The article itself whatever its format or title: its date and body text."""
    body = "\n\n".join(p.text for p in document.paragraphs)
    return hashlib.sha256(f"{document.published.isoformat()}\n{body}".encode()).hexdigest()


def hashed_by_content(
    file: str,
    published: dt.date,
    paragraphs: tuple[Paragraph, ...],
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
) -> Document:
    """A Document whose sha256 hashes the article's content (not its file's bytes)."""
    payload = json.dumps(
        [published.isoformat(), title, source, url, [[p.text, *p.sources] for p in paragraphs]],
        ensure_ascii=False,
    )
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return Document(file, published, digest, title, source, url, paragraphs)
