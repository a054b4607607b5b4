"""Seed documents: parse the plain-text format into a Document.

A seed's first non-blank line starts with ``date YYYY-MM-DD``; text after the date is
body text. Header lines ``title …``, ``source …``, ``url …`` may follow. The body is
paragraphs separated by blank lines.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from bot.errors import SeedError

SEED_SUFFIXES = (".txt",)
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
    return parse_seed(decode_seed(data), name or path.name, hashlib.sha256(data).hexdigest())


def list_seeds(folder: Path) -> list[Path]:
    """Seed files in a folder (not recursive, no hidden files), sorted by name."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in SEED_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )
