"""Item coverage: the share of a corpus's news items (its paragraphs longer than 60
characters) that at least one stored event comes from. An item without an event is one that
`/who`, `/since` and the digest never show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from benchmarks.scoring.report import Metric, Section
from bot.seeds import Document
from bot.store import Store

MIN_ITEM_CHARS = 60  # shorter paragraphs are headings and furniture, not news items


@dataclass
class CoverageScore:
    """How many news items there are, how many yield an event, and the ones that do not."""

    items: int = 0
    covered: int = 0
    missing: list[tuple[str, str]] = field(default_factory=list)  # (file, item text)

    @property
    def share(self) -> float:
        return self.covered / self.items if self.items else 0.0

    def metrics(self) -> list[Metric]:
        return [
            Metric("coverage.items", "item coverage: news items (info)", self.items),
            Metric(
                "coverage.share",
                "item coverage: items with an event",
                self.share,
                f"{self.share:.3f}",
            ),
        ]

    def sections(self) -> list[Section]:
        return [
            Section("item coverage: items without an event", [f"{f}: {t}" for f, t in self.missing])
        ]


def event_paragraphs(store: Store) -> set[tuple[str, int]]:
    """(document file, paragraph index) of every stored event."""
    rows = store.db.execute(
        "SELECT DISTINCT d.file, e.paragraph FROM events e JOIN documents d ON d.id = e.document_id"
    )
    return {(file, paragraph) for file, paragraph in rows}


def score_coverage(
    documents: Mapping[str, Document],
    with_events: set[tuple[str, int]],
    min_chars: int = MIN_ITEM_CHARS,
) -> CoverageScore:
    """Each document's items (paragraphs over `min_chars` characters) against the
    (file, paragraph) pairs that hold an event."""
    score = CoverageScore()
    for file, document in sorted(documents.items()):
        for index, paragraph in enumerate(document.paragraphs):
            text = " ".join(paragraph.text.split())
            if len(text) <= min_chars:
                continue
            score.items += 1
            if (file, index) in with_events:
                score.covered += 1
            else:
                score.missing.append((file, text))
    return score
