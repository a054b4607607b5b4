"""The plain-text seed (.txt): one article per file.

The first non-blank line starts with ``date YYYY-MM-DD``; text after the date is body
text; a second line that is only a date is refused (an article has one date). Header
lines ``title …``, ``source …``, ``url …`` may follow. The body is paragraphs separated by
blank lines.
"""

from __future__ import annotations

import hashlib
import re

from bot.errors import SeedError
from bot.seeds.document import Document, Paragraph, seed_document
from bot.seeds.rules import body_paragraphs, paragraphs, real_date, split_lines

_DATE_LINE = re.compile(r"^date\s+(\S+)\s*(.*)$", re.IGNORECASE)
# A line that is only a date header: never prose, so a second one is a mistake to name.
_DATE_ONLY = re.compile(r"^date\s+\d{4}\S*$", re.IGNORECASE)
_HEADER = re.compile(r"^(title|source|url)\s+(.+)$", re.IGNORECASE)


def parse_seed(text: str, file: str, sha256: str | None = None) -> Document:
    """Parse the text of a .txt seed; raise SeedError with the reason when it is not one."""
    if sha256 is None:
        # surrogatepass: a caller's text may hold lone surrogates, cleaned below.
        sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    lines = split_lines(text)
    start = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if start is None:
        raise SeedError("empty file")
    first = _DATE_LINE.match(lines[start].strip().lstrip("\ufeff"))
    if not first:
        raise SeedError("first line must start with 'date YYYY-MM-DD'")
    published = real_date(first.group(1), time_allowed=False)
    second = next(
        (i for i in range(start + 1, len(lines)) if _DATE_ONLY.match(lines[i].strip())), None
    )
    if second is not None:
        raise SeedError(
            f"a second 'date' line (line {second + 1}): an article has one date, on its first line"
        )
    headers: dict[str, str] = {}
    body_start = start + 1
    for i in range(start + 1, len(lines)):
        header = _HEADER.match(lines[i].strip())
        if not header or header.group(1).lower() in headers:
            break
        headers[header.group(1).lower()] = header.group(2).strip()
        body_start = i + 1
    found: list[Paragraph] = []
    if first.group(2).strip():
        found.extend(paragraphs([first.group(2)]))
    found.extend(body_paragraphs(lines[body_start:]))
    return seed_document(
        file,
        published,
        found,
        title=headers.get("title"),
        source=headers.get("source"),
        url=headers.get("url"),
        sha256=sha256,
    )
