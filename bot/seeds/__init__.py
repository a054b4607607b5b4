"""Seed documents: parse the plain-text format (and .md, .jsonl, RSS/Atom) into Documents.

A seed's first non-blank line starts with ``date YYYY-MM-DD``; text after the date is
body text. Header lines ``title …``, ``source …``, ``url …`` may follow. The body is
paragraphs separated by blank lines.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

from bot.errors import SeedError

SINGLE_SUFFIXES = (".txt", ".md")  # one article per file
FEED_SUFFIXES = (".xml", ".rss", ".atom")
MULTI_SUFFIXES = (".jsonl", *FEED_SUFFIXES)  # one article per line or entry: ``name#N``
SEED_SUFFIXES = (*SINGLE_SUFFIXES, *MULTI_SUFFIXES)
MAX_SEED_BYTES = 10 * 1024 * 1024  # about 1.5 million words: minutes of spaCy already

_DATE_LINE = re.compile(r"^date\s+(\S+)\s*(.*)$", re.IGNORECASE)
_HEADER = re.compile(r"^(title|source|url)\s+(.+)$", re.IGNORECASE)
# Trailing "(Reuters) (BBC News)": the outlets a news item cites.
_CITATIONS = re.compile(r"(?:\s*\(([^()]{2,80})\))+\s*$")
_ONE_CITATION = re.compile(r"\(([^()]{2,80})\)")
_SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+")


@dataclass(frozen=True)
class Paragraph:
    text: str
    sources: tuple[str, ...] = ()


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


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[re.Pattern[str], ...]:
    text = resources.files("bot").joinpath("data/boilerplate.txt").read_text("utf-8")
    lines = [ln.strip() for ln in text.splitlines()]
    return tuple(re.compile(ln, re.IGNORECASE) for ln in lines if ln and not ln.startswith("#"))


def strip_boilerplate(text: str) -> str:
    """Drop sentences that are page furniture ("This audio is created with AI assistance")."""
    kept = [
        s
        for s in _SENTENCE_END.split(text)
        if not any(p.fullmatch(s.strip()) for p in _boilerplate())
    ]
    return " ".join(s for s in kept if s.strip()).strip()


def _paragraph(lines: list[str]) -> Paragraph | None:
    text = " ".join(ln.strip() for ln in lines if ln.strip())
    text = re.sub(r"\s+", " ", text).strip()
    sources: tuple[str, ...] = ()
    match = _CITATIONS.search(text)
    # Only a parenthesis after the sentence's end is a citation, not "(AP)" mid-text.
    if match and match.start() > 0 and text[: match.start()].rstrip()[-1:] in ".!?\"”'’":
        sources = tuple(s.strip() for s in _ONE_CITATION.findall(match.group(0)))
        text = text[: match.start()].rstrip()
    text = strip_boilerplate(text)
    return Paragraph(text, sources) if text else None


def parse_seed(text: str, file: str, sha256: str | None = None) -> Document:
    """Parse seed text; raise SeedError with the reason when it is not a seed."""
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if start is None:
        raise SeedError("empty file")
    first = _DATE_LINE.match(lines[start].strip().lstrip("\ufeff"))
    if not first:
        raise SeedError("first line must start with 'date YYYY-MM-DD'")
    try:
        published = dt.date.fromisoformat(first.group(1))
    except ValueError:
        raise SeedError(f"'{first.group(1)[:20]}' is not a real date (use YYYY-MM-DD)") from None
    headers: dict[str, str] = {}
    body_start = start + 1
    for i in range(start + 1, len(lines)):
        header = _HEADER.match(lines[i].strip())
        if not header or header.group(1).lower() in headers:
            break
        headers[header.group(1).lower()] = header.group(2).strip()
        body_start = i + 1
    paragraphs: list[Paragraph] = []
    if first.group(2).strip():
        para = _paragraph([first.group(2)])
        if para:
            paragraphs.append(para)
    block: list[str] = []
    for line in [*lines[body_start:], ""]:
        if line.strip():
            block.append(line)
        elif block:
            para = _paragraph(block)
            if para:
                paragraphs.append(para)
            block = []
    return Document(
        file=file,
        published=published,
        sha256=sha256,
        title=headers.get("title"),
        source=headers.get("source"),
        url=headers.get("url"),
        paragraphs=tuple(paragraphs),
    )


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_seed_with_warning(data: bytes) -> tuple[str, str | None]:
    """Seed text and a warning: UTF-8 (a BOM is fine), else Latin-1; binary is refused."""
    if b"\x00" in data[:8192]:
        raise SeedError("binary file, not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if len(_CONTROL.findall(text[:8192])) > 8:
        raise SeedError("binary file, not text")
    return text, "not UTF-8: read as Latin-1 (Windows-1252); save it as UTF-8 to be sure"


def decode_seed(data: bytes) -> str:
    """Decode seed bytes as UTF-8 (a BOM is fine) or Latin-1; refuse binary files."""
    return decode_seed_with_warning(data)[0]


def read_seed(path: Path, name: str | None = None) -> Document:
    """Read and parse one seed file."""
    size = path.stat().st_size
    if size > MAX_SEED_BYTES:
        raise SeedError(f"file is larger than {MAX_SEED_BYTES // (1024 * 1024)} MB")
    data = path.read_bytes()
    name = name or path.name
    digest = hashlib.sha256(data).hexdigest()
    if name.lower().endswith(".md"):
        return parse_markdown(decode_seed(data), name, digest)
    return parse_seed(decode_seed(data), name, digest)


def list_seeds(folder: Path) -> list[Path]:
    """Seed files in a folder (not recursive, no hidden files), sorted by name."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in SEED_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


# Other formats: Markdown with YAML front matter (one article), and JSON Lines and
# RSS/Atom feeds (one article per line or entry, each stored as ``name#N``).


@dataclass(frozen=True)
class BadArticle:
    """One article of a multi-article file that cannot be read, and why."""

    file: str
    reason: str


Article = Document | BadArticle


def owner_file(file: str) -> str:
    """The seed file a stored document came from: ``feed.xml#3`` → ``feed.xml``."""
    head, sep, tail = file.rpartition("#")
    if sep and tail.isdigit() and head.lower().endswith(MULTI_SUFFIXES):
        return head
    return file


def content_key(document: Document) -> str:
    """The article itself whatever its format or title: its date and body text."""
    body = "\n\n".join(p.text for p in document.paragraphs)
    return hashlib.sha256(f"{document.published.isoformat()}\n{body}".encode()).hexdigest()


def _article(
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


def _date(value: object) -> dt.date:
    """YYYY-MM-DD, or an ISO date-time (its own date, in its own offset)."""
    if value is None or not str(value).strip():
        raise SeedError("no date (use YYYY-MM-DD)")
    if not isinstance(value, str):
        raise SeedError("the date must be a string like 2025-02-17")
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise SeedError(f"'{text[:20]}' is not a real date (use YYYY-MM-DD)") from None


def _text_or_none(value: object) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = re.sub(r"\s+", " ", str(value)).strip()
        return text or None
    return None


def _body(lines: list[str]) -> tuple[Paragraph, ...]:
    """Paragraphs separated by blank lines, as in a .txt seed."""
    paragraphs: list[Paragraph] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
        elif block:
            para = _paragraph(block)
            if para:
                paragraphs.append(para)
            block = []
    return tuple(paragraphs)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_MD_PREFIX = re.compile(r"^\s*(?:>\s?)*(?:[-*+]\s+|\d{1,9}[.)]\s+)?")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_MD_CODE = re.compile(r"`+([^`]*)`+")
_MD_EMPHASIS = re.compile(r"(?<![\w*~])(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1(?![\w*~])")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->")


def _markdown_inline(text: str) -> str:
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = _MD_CODE.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    for _ in range(3):  # nested emphasis: ***a*** or **_a_**
        text = _MD_EMPHASIS.sub(r"\2", text)
    return text


def markdown_lines(body: str) -> list[str]:
    """Markdown to plain lines: headings, emphasis, links and code marks removed."""
    out: list[str] = []
    fenced = False
    for line in _lines(body):
        if _MD_FENCE.match(line):
            fenced = not fenced
            out.append("")
            continue
        if fenced or _MD_REFERENCE.match(line):
            continue
        if _MD_RULE.match(line):
            out.append("")
            continue
        heading = _MD_HEADING.match(line)
        if heading:  # a heading is a paragraph of its own
            out.extend(["", _markdown_inline(heading.group(1) or ""), ""])
            continue
        out.append(_markdown_inline(_MD_PREFIX.sub("", line, count=1)))
    return out


def parse_markdown(text: str, file: str, sha256: str | None = None) -> Document:
    """A .md seed: YAML front matter with ``date`` (and ``title``, ``source``, ``url``)."""
    import yaml

    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    text = "\n".join(_lines(text.lstrip("\ufeff"))).lstrip("\n")
    if not text.strip():
        raise SeedError("empty file")
    front = _FRONT_MATTER.match(text)
    if not front:
        raise SeedError(
            "not a seed file: a .md seed starts with YAML front matter"
            " ('---', 'date: YYYY-MM-DD', '---')"
        )
    try:
        # BaseLoader: every value a string, so '2025-02-30' is reported, not crashed on.
        meta = yaml.load(front.group(1) or "", Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        raise SeedError("the front matter is not valid YAML") from None
    if not isinstance(meta, dict) or "date" not in meta:
        raise SeedError("the front matter has no 'date: YYYY-MM-DD'")
    published = _date(meta["date"])
    return Document(
        file=file,
        published=published,
        sha256=sha256,
        title=_text_or_none(meta.get("title")),
        source=_text_or_none(meta.get("source")),
        url=_text_or_none(meta.get("url")),
        paragraphs=_body(markdown_lines(text[front.end() :])),
    )


def _json_article(line: str, file: str) -> Document:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise SeedError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except (ValueError, RecursionError):
        raise SeedError("not valid JSON") from None
    if not isinstance(item, dict):
        raise SeedError("not a JSON object with date, title and text")
    if "date" not in item:
        raise SeedError("no 'date' (use YYYY-MM-DD)")
    published = _date(item["date"])
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise SeedError("no 'text'")
    return _article(
        file,
        published,
        _body(_lines(text)),
        _text_or_none(item.get("title")),
        _text_or_none(item.get("source")),
        _text_or_none(item.get("url")),
    )


def parse_jsonl(text: str, file: str) -> list[Article]:
    """One article per line (``date``, ``title``, ``text``, optional ``url``, ``source``)."""
    if not text.strip():
        raise SeedError("empty file")
    articles: list[Article] = []
    for number, line in enumerate(_lines(text.lstrip("\ufeff")), start=1):
        if not line.strip():
            continue
        name = f"{file}#{number}"
        try:
            articles.append(_json_article(line, name))
        except SeedError as exc:
            articles.append(BadArticle(name, exc.message))
    return articles


class _HtmlText(HTMLParser):
    """Text of an HTML fragment, block elements as paragraph breaks."""

    BLOCKS = frozenset(
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
    SKIP = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
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
    source = _text_or_none(html_text(feed.feed.get("title", "") or ""))
    articles: list[Article] = []
    for number, entry in enumerate(feed.entries, start=1):
        name = f"{file}#{number}"
        published = _entry_date(entry)
        if published is None:
            articles.append(BadArticle(name, "no published or updated date"))
            continue
        contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
        html = contents[0] if contents else entry.get("summary", "") or ""
        paragraphs = _body(_lines(html_text(html)))
        if not paragraphs:
            articles.append(BadArticle(name, "no text (summary or content)"))
            continue
        articles.append(
            _article(
                name,
                published,
                paragraphs,
                _text_or_none(html_text(entry.get("title", "") or "")),
                source,
                _text_or_none(entry.get("link")),
            )
        )
    return articles


def parse_articles(data: bytes, name: str, sha256: str) -> tuple[list[Article], str | None]:
    """Every article in one seed file, and a decoding warning (any format).

    Raises SeedError when the file as a whole is not a seed (empty, binary, no date…);
    a bad line or entry of a multi-article file is a BadArticle among the good ones.
    """
    suffix = Path(name).suffix.lower()
    if suffix in FEED_SUFFIXES:
        if not data.strip():
            raise SeedError("empty file")
        if b"\x00" in data[:8192]:
            raise SeedError("binary file, not text")
        return parse_feed(data, name), None
    text, warning = decode_seed_with_warning(data)
    if suffix == ".jsonl":
        return parse_jsonl(text, name), warning
    if suffix == ".md":
        return [parse_markdown(text, name, sha256)], warning
    return [parse_seed(text, name, sha256)], warning
