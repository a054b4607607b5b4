"""The 2025 current-events gold (gold-2025.jsonl): its paragraphs mapped onto ours by text.

A gold row is one paragraph of one day's page with the Wikipedia links in it as
(anchor, title) pairs; the pipeline never sees it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpora import CURRENT_EVENTS_GOLD
from bot.seeds import Document

_TRAILING_CITATIONS = re.compile(r"(?:[\s,]*\([^()]{1,80}\))+[\s.]*$")


def strip_citations(text: str) -> str:
    """Gold paragraph text without its trailing "(Outlet)" citations."""
    return " ".join(_TRAILING_CITATIONS.sub("", text).split())


def _same_paragraph(ours: str, gold: str) -> bool:
    if ours == gold:
        return True
    short, long = sorted((ours, gold), key=len)
    if len(short) >= 20 and long.startswith(short):
        return True
    return difflib.SequenceMatcher(None, ours, gold, autojunk=False).ratio() >= 0.9


def map_paragraphs(document: Document, rows: Sequence[dict]) -> list[int | None]:
    """Our paragraph index for each gold row of one day (by text, in order), or None."""
    texts = [" ".join(p.text.split()) for p in document.paragraphs]
    out: list[int | None] = []
    cursor = 0
    for row in rows:
        gold = strip_citations(row["text"])
        order = [*range(cursor, len(texts)), *range(cursor)]
        match = next((j for j in order if texts[j] == gold), None)
        if match is None:
            match = next((j for j in order if _same_paragraph(texts[j], gold)), None)
        out.append(match)
        if match is not None:
            cursor = match + 1
    return out


@dataclass
class GoldParagraph:
    """A gold paragraph with the index of our paragraph it maps to (None: not mapped)."""

    file: str
    text: str
    entities: list[tuple[str, str]]  # (anchor, linked title)
    paragraph: int | None
    date: dt.date | None = None  # the day's page


# The mined alias knowledge comes from January–June: July–December is the held-apart half.
SECOND_HALF = dt.date(2025, 7, 1)


def second_half(rows: Sequence[GoldParagraph], start: dt.date = SECOND_HALF) -> list[GoldParagraph]:
    """The rows of the pages from `start` on (July–December), never mined for aliases."""
    return [row for row in rows if row.date is not None and row.date >= start]


def gold_paragraphs(
    documents: dict[str, Document], gold: Path = CURRENT_EVENTS_GOLD
) -> list[GoldParagraph]:
    """Gold rows for the given documents, each mapped to one of our paragraphs by text."""
    by_file: dict[str, list[dict]] = defaultdict(list)
    with gold.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                if row["file"] in documents:
                    by_file[row["file"]].append(row)
    out: list[GoldParagraph] = []
    for file, rows in sorted(by_file.items()):
        rows.sort(key=lambda r: r["para"])
        for row, para in zip(rows, map_paragraphs(documents[file], rows), strict=True):
            entities = [(str(a), str(t)) for a, t in row.get("entities", [])]
            date = dt.date.fromisoformat(row["date"]) if row.get("date") else None
            out.append(GoldParagraph(file, row["text"], entities, para, date))
    return out
