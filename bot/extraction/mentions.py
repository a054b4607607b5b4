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
    # Where the sentence puts it (bot.extraction.components.clauses.placement): as a place
    # ("in X", "the city of X", "Pune, X, India"); after "the" as one word ("the
    # Tatmadaw"); before the common noun it modifies ("the X pandemic": "pandemic").
    placed: bool = False
    article: bool = False
    modifies: str | None = None
    # Whether it stands where a government acts: the subject or object of a verb, or
    # behind a preposition that makes it a party ("talks with X"); a capital there acts
    # for its country. None: not known (a mention made by hand), read as its role says.
    acts: bool | None = None


@dataclass
class DateMention:
    """A date expression of a sentence and where the parse attaches it.

    `attach` is what decides whether it can date the clause's happening (bot.extraction.
    components.dating): "verb" (an adjunct of the clause's verb: "seized the town on
    3 March"), "phrase" (a phrase after the verb's object: "follows the conversation on
    Feb. 12"), "nested" (deeper in a noun phrase, or in the subject: "the toll of the crash
    four days ago rises"), "offset" ("three days after being appointed"),
    "attribute" (before a noun: "a 2018 attack", "yesterday's vote"), "since" (a frame
    before the clause: "Since December, X has been…"), "baseline" (a trailing "since":
    "deported since 2023"), "comparison" ("the biggest since 1984", "higher than in
    2019"), "deadline" ("by 2030", "until 2060"), "duration" ("for six years"), "name" (a
    number that names: "Resolution 2758", "Euro 2024"), "subordinate" (in a participial or
    adverbial phrase: "having served from 2012 to 2017")."""

    text: str
    attach: str
    tense: str | None = None  # "past", "future" or None, from the verb that governs it


@dataclass
class Clause:
    """One clause of a sentence, as the parser sees it."""

    action: str
    sentence: str
    sentence_index: int
    parent: int | None
    mentions: list[Mention] = field(default_factory=list)
    # The dates of the clause, in sentence order, with their attachment and tense.
    dates: list[DateMention] = field(default_factory=list)
    # "main"; "reported" (what a report recounts: "says that X did Y"); "subordinate" (a
    # relative, participial or adverbial clause: background to the one it hangs on).
    kind: str = "main"
    attribution: str | None = None
    reporting: bool = False
    country_anaphora: bool = False  # "in the country": a place named earlier
    start: int = 0
