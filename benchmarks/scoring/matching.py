"""How a scorer lays ours beside the gold: spans of paragraph text, names compared loosely."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from bot.extraction.extractor import Found


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of one paragraph of a document."""

    paragraph: int
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return (
            self.paragraph == other.paragraph and self.start < other.end and other.start < self.end
        )


def found_span(item: Found) -> Span:
    return Span(item.paragraph, item.start, item.end)


def occurrences(text: str, part: str) -> list[int]:
    """Start offsets of every occurrence of part in text."""
    starts, at = [], text.find(part) if part else -1
    while at >= 0:
        starts.append(at)
        at = text.find(part, at + 1)
    return starts


def locate(text: str, anchor: str, nth: int = 0) -> tuple[int, int] | None:
    """The nth whole-word occurrence of anchor in text (the last one if fewer), or None."""
    anchor = anchor.strip()
    if not anchor:
        return None
    spans = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(anchor)}(?!\w)", text)]
    if not spans:
        spans = [(s, s + len(anchor)) for s in occurrences(text, anchor)]
    return spans[min(nth, len(spans) - 1)] if spans else None


_DISAMBIGUATOR = re.compile(r"\s*\([^()]*\)$")


def name_key(name: str) -> str:
    """Names compare ignoring case, spacing and a Wikipedia disambiguator ("Georgia (country)")."""
    return " ".join(_DISAMBIGUATOR.sub("", name.strip()).split()).casefold()


def _unqualified(name: str) -> str:
    """Wikipedia's other disambiguator: "Balochistan, Pakistan" -> "Balochistan"."""
    head, sep, tail = name.rpartition(", ")
    return head if sep and tail[:1].isupper() else name


def same_name(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    return name_key(a) == name_key(b) or name_key(a) == name_key(_unqualified(b))


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})


def folded_key(name: str) -> str:
    """name_key without diacritics and with plain quotes: "Erdoğan" and "Erdogan" agree."""
    decomposed = unicodedata.normalize("NFKD", name_key(name).translate(_QUOTES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i")


def same_entity_name(answer: str | None, forms: Sequence[str]) -> bool:
    """The answer is one of the names the expected entity may be stored under: equal to a
    form ignoring case, spacing, diacritics and a Wikipedia disambiguator."""
    if not answer:
        return False
    return any(
        folded_key(answer) in {folded_key(form), folded_key(_unqualified(form))} for form in forms
    )


def _whole_word_in(needle: str, haystack: str) -> bool:
    needle = needle.strip()
    return bool(needle) and (
        re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack, re.IGNORECASE) is not None
    )


def names_match(actor: str, gold: str | None) -> bool:
    """Equal ignoring case, or one contains the other as whole words."""
    if not gold:
        return False
    return same_name(actor, gold) or _whole_word_in(actor, gold) or _whole_word_in(gold, actor)


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def clip(text: str, width: int = 90) -> str:
    """Text on one line, cut to width with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
