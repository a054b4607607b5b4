"""The digest's sections: a fixed set in a fixed order (bot/data/sections.json, which says
why that order), and the rule that files a seed's heading under one of them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

_HEADING_CACHE = 4096  # distinct headings remembered: a corpus repeats the same few


@dataclass(frozen=True)
class Section:
    """A canonical section and the other spellings seeds give it."""

    name: str
    variants: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[Section, ...], float]:
    text = resources.files("bot").joinpath("data/sections.json").read_text("utf-8")
    raw = json.loads(text)
    found = tuple(Section(s["name"], tuple(s["variants"])) for s in raw["sections"])
    return found, float(raw["fuzzy_min"])


def sections() -> tuple[Section, ...]:
    """Every canonical section, in the digest's order."""
    return _table()[0]


def section_names() -> tuple[str, ...]:
    """The canonical sections' names, in the digest's order."""
    return tuple(s.name for s in sections())


def _key(text: str) -> str:
    """`text` to compare: lower case, "&" as "and", words apart by one space, nothing else."""
    return " ".join(default_process(text.replace("&", " and ")).split())


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    """Each spelling (name or variant) as `_key` leaves it → its section's name."""
    return {
        _key(spelling): section.name
        for section in sections()
        for spelling in (section.name, *section.variants)
    }


@lru_cache(maxsize=_HEADING_CACHE)
def canonical_section(heading: str) -> str | None:
    """The canonical section `heading` names, or None (a story line, an article's own
    heading): a section's name or variant, ignoring case, punctuation and spacing, else
    the closest spelling whose token_sort_ratio reaches the table's `fuzzy_min`."""
    key = _key(heading)
    spellings = _spellings()
    if not key:
        return None
    if key in spellings:
        return spellings[key]
    best = process.extractOne(
        key, list(spellings), scorer=fuzz.token_sort_ratio, score_cutoff=_table()[1]
    )
    return spellings[best[0]] if best else None
