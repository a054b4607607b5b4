"""The JSON Lines seed (.jsonl): one article per line, each stored as ``name#N``.

Each line is an object with ``date`` (YYYY-MM-DD or an ISO date-time), ``text``, and
optional ``title``, ``url``, ``source`` and ``outlets`` (the outlets that carried the
article, credited by each of its paragraphs that cites none itself). A bad line is a
BadArticle among the good; past the first few, bad lines are only counted (`bounded`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

from bot.errors import SeedError
from bot.seeds.document import (
    EXAMPLES_PER_FILE,
    Article,
    BadArticle,
    Document,
    Paragraph,
    bounded,
    hashed_by_content,
)
from bot.seeds.rules import body_paragraphs, iter_lines, real_date, split_lines, text_or_none

# A bad line past a file's first EXAMPLES_PER_FILE, which `bounded` only counts: it is
# not named, and a line that cannot be an object is not even given to the JSON decoder
# (a million exceptions and messages nobody reads are most of a bad file's cost).
UNLISTED = BadArticle("", "not a JSON object")
# The outlets a line may credit (`outlets`): more are not kept.
MAX_OUTLETS = 50


def _credited(paragraphs: tuple[Paragraph, ...], outlets: object) -> tuple[Paragraph, ...]:
    """The paragraphs, each crediting the line's `outlets` (every outlet that carried the
    article, as a fetched feed's wire copies) where it cites none itself."""
    if not isinstance(outlets, list):
        return paragraphs
    names = tuple(dict.fromkeys(o.strip() for o in outlets if isinstance(o, str) and o.strip()))
    if not names:
        return paragraphs
    return tuple(p if p.sources else replace(p, sources=names[:MAX_OUTLETS]) for p in paragraphs)


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
    published = real_date(item["date"])
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise SeedError("no 'text'")
    return hashed_by_content(
        file,
        published,
        _credited(body_paragraphs(split_lines(text)), item.get("outlets")),
        text_or_none(item.get("title")),
        text_or_none(item.get("source")),
        text_or_none(item.get("url")),
    )


def jsonl_articles(text: str, file: str) -> Iterator[Article]:
    """The articles of a .jsonl file, line by line, read as they are asked for (a file of
    a million lines is never a list of a million lines); the bad lines past the first
    EXAMPLES_PER_FILE are UNLISTED, for `bounded` to count."""
    if not text or text.isspace():  # isspace: no copy of a 10 MB text
        raise SeedError("empty file")
    return _lines_read(text, file)


def _may_be_object(line: str) -> bool:
    stripped = line.strip()
    return stripped[:1] == "{" and stripped[-1:] == "}"


def _lines_read(text: str, file: str) -> Iterator[Article]:
    """Each line's article; past the first bad lines, a bad one is UNLISTED."""
    lines = iter_lines(text[1:] if text.startswith("\ufeff") else text)
    examples = 0
    for number, line in enumerate(lines, start=1):
        if not line or line.isspace():
            continue
        if examples >= EXAMPLES_PER_FILE and not _may_be_object(line):
            yield UNLISTED
            continue
        name = f"{file}#{number}"
        try:
            yield _json_article(line, name)
        except SeedError as exc:
            examples += 1
            yield BadArticle(name, exc.message) if examples <= EXAMPLES_PER_FILE else UNLISTED


def parse_jsonl(text: str, file: str) -> list[Article]:
    """One article per line (``date``, ``title``, ``text``, optional ``url``, ``source``);
    the first bad lines each a BadArticle, the rest counted in one."""
    return bounded(jsonl_articles(text, file), file)
