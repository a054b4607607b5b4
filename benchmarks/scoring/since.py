"""`/since D` recall: of the news items of pages published on or after D whose text names
no date, the share that the `/since D` answer holds an event from. Such an item can only be
dated by its page, so every event of it belongs after D; one that ends before D is
misdated (a year read from a count, a bare "second half" read as a half-year...).

The date words are the benchmark's own list (below), independent of the extractor's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.scoring.coverage import MIN_ITEM_CHARS
from benchmarks.scoring.report import Metric, Section
from bot.seeds import Document
from bot.store import Store, StoredEvent
from commands import Env
from commands import since as since_command

SINCE_DAY = dt.date(2025, 7, 1)

# Words that date a text by themselves: months (May only capitalised), weekdays, day words,
# relative periods, years, decades, centuries and seasons.
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
DATE_WORDS = re.compile(
    rf"\b(?:{_MONTHS})\b\.?"
    r"|(?i:\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight"
    r"|yesterday|tomorrow|ago|weekend|decade|century|centuries|spring|summer|autumn|winter"
    r"|(?:last|next|this|past|coming|previous|earlier|later|recent) (?:week|month|year|days"
    r"|weeks|months|years)|year's|years'|\d{4}s|\d{1,2}(?:st|nd|rd|th) century)\b)"
    r"|\b(?:1[0-9]|20)\d{2}\b"
)


def has_date_words(text: str) -> bool:
    return DATE_WORDS.search(text) is not None


@dataclass
class SinceScore:
    """Items without date words after D, how many `/since D` returns, and the misdated."""

    day: dt.date = SINCE_DAY
    items: int = 0
    returned: int = 0
    returned_before: int = 0  # events in the answer that end before D (the query's promise)
    misdated: list[tuple[str, str, str]] = field(default_factory=list)  # (file, sentence, when)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (file, item text)

    @property
    def recall(self) -> float:
        return self.returned / self.items if self.items else 0.0

    def metrics(self) -> list[Metric]:
        return [
            Metric("since.items", "/since recall: undated items after D (info)", self.items),
            Metric("since.recall", "/since recall: share returned", self.recall),
            Metric(
                "since.returned_before",
                "/since: returned events ending before D",
                self.returned_before,
            ),
            Metric(
                "since.misdated",
                "/since: events of those items ending before D",
                len(self.misdated),
            ),
        ]

    def sections(self) -> list[Section]:
        return [
            Section(
                f"/since {self.day}: events ending before it (file | sentence | when)",
                [f"{f} | {s[:120]} | {w}" for f, s, w in self.misdated],
            ),
            Section(
                f"/since {self.day}: undated items it does not return",
                [f"{f}: {t[:160]}" for f, t in self.missing],
            ),
        ]


def _flat(text: str) -> str:
    return " ".join(text.split())


def since_answer(store: Store, day: dt.date, corpus: Path) -> list[StoredEvent]:
    """Every event `/since <day>` answers, through the command's own handler."""
    now = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    reply = since_command.handle(
        store, {"date": day.isoformat()}, now, Env(seeds=corpus, page_size=None)
    )
    return [e for sentence in reply.sentences for e in sentence.events]


def all_events(store: Store) -> list[StoredEvent]:
    """Every stored event, as `/since` of the earliest day answers them."""
    events, _ = store.events.since(dt.date.min)
    return events


def score_since(
    documents: Mapping[str, Document],
    answer: Iterable[StoredEvent],
    stored: Iterable[StoredEvent],
    day: dt.date = SINCE_DAY,
    min_chars: int = MIN_ITEM_CHARS,
) -> SinceScore:
    """Items (paragraphs over `min_chars`) of documents published on or after `day` with no
    date words, against the events `/since day` answered (`answer`) and all events
    (`stored`), an event belonging to the item of its document whose text holds its sentence."""
    score = SinceScore(day=day)
    iso = day.isoformat()
    answered: dict[str, list[str]] = defaultdict(list)
    for event in answer:
        answered[event.file].append(_flat(event.sentence))
        score.returned_before += event.when_end < iso
    every: dict[str, list[StoredEvent]] = defaultdict(list)
    for event in stored:
        every[event.file].append(event)
    for file, document in sorted(documents.items()):
        if document.published < day:
            continue
        for paragraph in document.paragraphs:
            text = _flat(paragraph.text)
            if len(text) <= min_chars or has_date_words(text):
                continue
            score.items += 1
            if any(s and s in text for s in answered.get(file, ())):
                score.returned += 1
            else:
                score.missing.append((file, text))
            for event in every.get(file, ()):
                sentence = _flat(event.sentence)
                if sentence and sentence in text and event.when_end < iso:
                    when = f"{event.when_text!r} -> {event.when_start}..{event.when_end}"
                    score.misdated.append((file, sentence, when))
    return score
