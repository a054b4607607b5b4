"""The JSON Lines seed (.jsonl): one article per line, each stored as ``name#N``.

Each line is an object with ``date`` (YYYY-MM-DD or an ISO date-time), ``text``, and
optional ``title``, ``url`` and ``source``. A bad line is a BadArticle among the good.
"""

from __future__ import annotations

import json

from bot.errors import SeedError
from bot.seeds.document import Article, BadArticle, Document, hashed_by_content
from bot.seeds.rules import body_paragraphs, real_date, split_lines, text_or_none


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
        body_paragraphs(split_lines(text)),
        text_or_none(item.get("title")),
        text_or_none(item.get("source")),
        text_or_none(item.get("url")),
    )


def parse_jsonl(text: str, file: str) -> list[Article]:
    """One article per line (``date``, ``title``, ``text``, optional ``url``, ``source``)."""
    if not text.strip():
        raise SeedError("empty file")
    articles: list[Article] = []
    for number, line in enumerate(split_lines(text.lstrip("\ufeff")), start=1):
        if not line.strip():
            continue
        name = f"{file}#{number}"
        try:
            articles.append(_json_article(line, name))
        except SeedError as exc:
            articles.append(BadArticle(name, exc.message))
    return articles
