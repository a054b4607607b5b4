"""What the clause extractor finds, as plain data (no spaCy import needed to read it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Mention:
    """An entity mention inside a clause, before it is linked to a canonical name."""

    text: str
    label: str
    role: str  # "actor" | "place"
    kind: str | None = None  # from the gazetteer: "country", "outlet", "role", ...
    possessive: bool = False
    start: int = 0  # character offset in the paragraph, for document order
    ref: str | None = None  # the gazetteer's canonical name for it
    # The places written before and after it: ("Savannah", "United States") for Georgia.
    within: tuple[str, str] | None = None


@dataclass
class Clause:
    """One clause of a sentence, as the parser sees it."""

    action: str
    sentence: str
    sentence_index: int
    parent: int | None
    mentions: list[Mention] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    # "past", "future" or None for each date, from the verb that governs it
    date_tenses: list[str | None] = field(default_factory=list)
    attribution: str | None = None
    reporting: bool = False
    country_anaphora: bool = False  # "in the country": a place named earlier
    start: int = 0
