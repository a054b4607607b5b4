"""The one way in to the seeds: list a folder's seed files, read any file into its articles.

Both the reload and `briefing inspect` read seeds here, so they accept the same files
in every format. A .txt or .md file holds one article, named after the file; a .jsonl
file or a feed holds one per line or entry, each named ``name#N``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import SeedError
from bot.seeds.document import Article, BadArticle, Document
from bot.seeds.feed import parse_feed
from bot.seeds.jsonl import parse_jsonl
from bot.seeds.markdown import parse_markdown
from bot.seeds.rules import (
    decode_seed_with_warning,
    future_date_refusal,
    refuse_binary,
    size_refusal,
)
from bot.seeds.txt import parse_seed

SINGLE_SUFFIXES = (".txt", ".md")  # one article per file
FEED_SUFFIXES = (".xml", ".rss", ".atom")
MULTI_SUFFIXES = (".jsonl", *FEED_SUFFIXES)  # one article per line or entry: ``name#N``
SEED_SUFFIXES = (*SINGLE_SUFFIXES, *MULTI_SUFFIXES)


def holds_several_articles(name: str) -> bool:
    """Whether a file of this name holds an article per line or entry (.jsonl, feeds)."""
    return name.lower().endswith(MULTI_SUFFIXES)


def owner_file(file: str) -> str:
    """The seed file a stored document came from: ``feed.xml#3`` → ``feed.xml``."""
    head, sep, tail = file.rpartition("#")
    if sep and tail.isdigit() and holds_several_articles(head):
        return head
    return file


# --- the folder -----------------------------------------------------------------------


@dataclass
class FolderScan:
    """A seeds folder's seed files, and every other entry with why it is not read."""

    seeds: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def scan_seeds(folder: Path, ignore: Collection[str] = ()) -> FolderScan:
    """The seed files at the top of a folder, sorted by name; entries named in `ignore`
    (the aliases file) are passed over without a reason."""
    root = folder.resolve()
    scan = FolderScan()
    for path in sorted(folder.iterdir()):
        name = path.name
        if name in ignore:
            continue
        if name.startswith("."):
            scan.skipped.append((name, "hidden file"))
        elif path.is_symlink() and not path.resolve().is_relative_to(root):
            scan.skipped.append((name, "link points outside the seeds folder"))
        elif path.is_dir():
            scan.skipped.append((name, "folder: seeds are read from the top level only"))
        elif path.suffix.lower() not in SEED_SUFFIXES:
            scan.skipped.append((name, f"not a seed file (expected {', '.join(SEED_SUFFIXES)})"))
        elif not path.is_file():
            scan.skipped.append((name, "not a regular file"))
        else:
            scan.seeds.append(path)
    return scan


def list_seeds(folder: Path) -> list[Path]:
    """Seed files in a folder (not recursive, no hidden files), sorted by name."""
    return scan_seeds(folder).seeds


# --- a file ---------------------------------------------------------------------------


def read_seed_bytes(path: Path) -> bytes:
    """A seed file's bytes; SeedError when it is too large to read (OSError passes)."""
    refusal = size_refusal(path.stat().st_size)
    if refusal:
        raise SeedError(refusal)
    return path.read_bytes()


def parse_articles(
    data: bytes, name: str, sha256: str | None = None, today: dt.date | None = None
) -> tuple[list[Article], str | None]:
    """Every article in one seed file, and a decoding warning (any format).

    Raises SeedError when the file as a whole is not a seed (empty, binary, no date…);
    a bad line or entry of a multi-article file is a BadArticle among the good ones.
    Given `today`, an article dated in the future is a BadArticle too.
    """
    if sha256 is None:
        sha256 = hashlib.sha256(data).hexdigest()
    articles, warning = _parse(data, name, sha256)
    if today is not None:
        articles = [_dated_by(article, today) for article in articles]
    return articles, warning


def _parse(data: bytes, name: str, sha256: str) -> tuple[list[Article], str | None]:
    suffix = Path(name).suffix.lower()
    if suffix in FEED_SUFFIXES:
        if not data.strip():
            raise SeedError("empty file")
        refuse_binary(data)
        return parse_feed(data, name), None
    text, warning = decode_seed_with_warning(data)
    if suffix == ".jsonl":
        return parse_jsonl(text, name), warning
    if suffix == ".md":
        return [parse_markdown(text, name, sha256)], warning
    return [parse_seed(text, name, sha256)], warning


def _dated_by(article: Article, today: dt.date) -> Article:
    if isinstance(article, Document):
        refusal = future_date_refusal(article.published, today)
        if refusal:
            return BadArticle(article.file, refusal)
    return article


def read_articles(
    path: Path, name: str | None = None, today: dt.date | None = None
) -> tuple[list[Article], str | None]:
    """Read one seed file, any format, into its articles and a decoding warning."""
    return parse_articles(read_seed_bytes(path), name or path.name, today=today)


def read_seed(path: Path, name: str | None = None) -> Document:
    """Read a seed file that holds one article; SeedError when it holds none or several."""
    articles, _ = read_articles(path, name)
    if len(articles) != 1:
        raise SeedError(f"holds {len(articles)} articles, not one")
    (article,) = articles
    if isinstance(article, BadArticle):
        raise SeedError(article.reason)
    return article
