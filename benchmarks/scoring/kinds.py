"""Kind accuracy: the kind the store gives an entity against the kind it truly is.

Two measures (issue 24):

- the hand-labelled entities of benchmarks/data/kinds-2025-h2.tsv (the 300 with the most
  events in July–December 2025): each name is looked up in the store, by its exact name,
  else as an alias (the most linked entity holding it), and its kind compared with the
  label. A label may accept two kinds ("group|organisation"). A label ``none`` says the
  name should not stand as an entity of its own (a disease, a storm, a cut name, a generic
  word like "Senate"): it is right when no entity has that name, whether the name was
  dropped or merged, as an alias, into the entity it stands for;
- MEANTIME's gold names (NAM mentions typed PER, ORG or LOC): the kind our extraction gives
  the entity over the last word of each one's head, when it makes one. PER is a person; ORG an
  organisation, a group or an outlet; LOC a country or a place. Gold products and financial
  names (PRO, FIN) that we made an entity of are counted apart (info): a product is not an
  organisation.

    PYTHONPATH=. .venv/bin/python -m benchmarks.scoring.kinds --db FILE [--verbose]

prints both, and the stray entities of benchmarks/scoring/strays.py, for a store as it is
(it never reloads it).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.scoring.matching import Span, found_span, ratio
from benchmarks.scoring.meantime import Analysis, Article
from benchmarks.scoring.names import ENTITY_LABELS
from benchmarks.scoring.report import Metric, Section
from benchmarks.scoring.strays import count_strays, stray_metrics, stray_sections
from bot.store import Store

KINDS_FILE = Path(__file__).resolve().parents[1] / "data" / "kinds-2025-h2.tsv"
KINDS_HEADER = ("name", "kind", "note")
# The store's kinds (bot/data/names.json), and the label for a name that is no entity.
STORE_KINDS = frozenset({"person", "organisation", "country", "place", "group"})
NONE = "none"
# MEANTIME's entity types -> the kinds of ours that are right for them.
GOLD_KINDS: dict[str, frozenset[str]] = {
    "PER": frozenset({"person"}),
    "ORG": frozenset({"organisation", "group", "outlet"}),
    "LOC": frozenset({"country", "place"}),
}
# MEANTIME's names of things that are not actors: products ("iPod") and financial names.
GOLD_NOT_ENTITIES = frozenset({"PRO", "FIN"})


@dataclass(frozen=True)
class KindLabel:
    name: str
    kinds: frozenset[str]  # the store kinds that are right; empty for `none`
    note: str = ""

    @property
    def label(self) -> str:
        return "|".join(sorted(self.kinds)) or NONE


@dataclass(frozen=True)
class KindMiss:
    """A labelled name the store gets wrong: what it holds under that name, if anything."""

    label: KindLabel
    entity: str | None  # the store's entity the name reached (None: not in the store)
    kind: str | None

    def line(self) -> str:
        if self.entity is None:
            found = "not in the store"
        elif self.entity.casefold() == self.label.name.casefold():
            found = self.kind or "?"
        else:
            found = f"{self.kind} (alias of {self.entity})"
        note = f" | {self.label.note}" if self.label.note else ""
        return f"{self.label.name} | {self.label.label} | {found}{note}"


def read_kinds(path: Path = KINDS_FILE) -> list[KindLabel]:
    """The labels of a kinds file: name, kind (or kinds joined by "|", or `none`), note.
    An unknown kind or a repeated name is an error."""
    labels: list[KindLabel] = []
    seen: set[str] = set()
    header_seen = False
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not header_seen:
            if tuple(cells) != KINDS_HEADER:
                raise ValueError(f"{path.name}:{number}: the header must be name | kind | note")
            header_seen = True
            continue
        if len(cells) == 2:
            cells.append("")
        if len(cells) != 3 or not cells[0] or not cells[1]:
            raise ValueError(f"{path.name}:{number}: expected a name, a kind and a note")
        name, kind, note = cells
        kinds = frozenset(kind.split("|"))
        if kinds != {NONE} and not kinds <= STORE_KINDS:
            raise ValueError(f"{path.name}:{number}: unknown kind {kind!r}")
        if name.casefold() in seen:
            raise ValueError(f"{path.name}:{number}: {name!r} is labelled twice")
        seen.add(name.casefold())
        labels.append(KindLabel(name, kinds - {NONE}, note))
    return labels


def stored_as(store: Store, name: str) -> tuple[str, str, bool] | None:
    """(entity name, kind, whether the name is its own) for a name: the entity of exactly
    that name (any case), else the most linked entity holding it as an alias."""
    row = store.entities.named(name)
    if row is not None:
        return row.name, row.kind, True
    aliased = store.entities.aliased(name)
    if aliased:
        _, entity, kind, _ = aliased[0]
        return entity, kind, False
    return None


def score_kinds(store: Store, labels: Sequence[KindLabel]) -> tuple[float, list[KindMiss]]:
    """The share of labelled names whose stored kind is right, and the misses.

    A name labelled `none` is right when no entity bears it as its own name (dropped, or
    an alias of another entity: "Palestinians" filed under Palestine); any other label is
    right when the entity found by name, else by alias, has one of the label's kinds.
    """
    misses: list[KindMiss] = []
    for label in labels:
        found = stored_as(store, label.name)
        if not label.kinds:
            if found is not None and found[2]:
                misses.append(KindMiss(label, found[0], found[1]))
        elif found is None:
            misses.append(KindMiss(label, None, None))
        elif found[1] not in label.kinds:
            misses.append(KindMiss(label, found[0], found[1]))
    right = len(labels) - len(misses)
    return ratio(right, len(labels)), misses


# --- MEANTIME -----------------------------------------------------------------------------


@dataclass
class MeantimeKinds:
    """Gold PER/ORG/LOC names against the kind of the entity we make of each."""

    gold: int = 0  # gold names (NAM, PER/ORG/LOC) in the scored text
    matched: int = 0  # of them, those we made an entity of (over the head's last word)
    right: int = 0
    misses: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    # Gold PRO/FIN names we made an entity of: (article, text, type, our name, our kind).
    not_entities: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    not_entity_gold: int = 0

    @property
    def accuracy(self) -> float:
        return ratio(self.right, self.matched)

    def metrics(self) -> list[Metric]:
        return [
            Metric(
                "kinds.meantime_matched",
                "kinds: MEANTIME gold names we made an entity of",
                self.matched,
                f"{self.matched}/{self.gold}",
            ),
            Metric(
                "kinds.meantime",
                "kinds: MEANTIME gold names given their type's kind",
                self.accuracy,
                f"{self.accuracy:.3f} ({self.right}/{self.matched})",
            ),
            Metric(
                "kinds.meantime_products",
                "kinds: MEANTIME product/financial names made entities (info)",
                len(self.not_entities),
                f"{len(self.not_entities)}/{self.not_entity_gold}",
            ),
        ]

    def sections(self) -> list[Section]:
        return [
            Section(
                "kinds: MEANTIME names of the wrong kind (article | text | gold | ours | kind)",
                [" | ".join((a[:28], repr(t), g, o, k)) for a, t, g, o, k in self.misses],
                limit=None,
            ),
            Section(
                "kinds: MEANTIME products and financial names made entities"
                " (article | text | gold | ours | kind)",
                [" | ".join((a[:28], repr(t), g, o, k)) for a, t, g, o, k in self.not_entities],
            ),
        ]


# Where a gold name's head ends: before an apposition, an "of" or a parenthesis ("Toulouse,
# France", "the chairman of Chrysler", "Japan's (ANA").
_HEAD_END = re.compile(r",|\s+of\s+|\s*\(")


def head_word(span: Span, text: str) -> Span:
    """The last word of a gold name's head: English names are head-final ("the American
    company Chrysler"), and what follows a comma, "of" or "(" modifies the head."""
    cut = _HEAD_END.search(text)
    head = (text[: cut.start()] if cut else text).rstrip()
    start = span.start + (head.rfind(" ") + 1)
    return Span(span.paragraph, start, max(start + 1, span.start + len(head)))


def score_meantime_kinds(
    articles: Sequence[Article], analyses: Sequence[Analysis]
) -> MeantimeKinds:
    """Each gold name against the entity of ours over the last word of its head, when we
    made one ("Chrysler" in "The American auto company Chrysler", not "United States")."""
    score = MeantimeKinds()
    for article, (found, _) in zip(articles, analyses, strict=True):
        named = [f for f in found if f.label in ENTITY_LABELS and f.name and f.kind]
        for mention in article.names():
            head = head_word(mention.span, mention.text)
            best = next((f for f in named if found_span(f).overlaps(head)), None)
            gold_type = mention.ent_type or ""
            if gold_type in GOLD_NOT_ENTITIES:
                score.not_entity_gold += 1
                if best is not None:
                    row = (article.name, mention.text, gold_type, best.name, best.kind)
                    score.not_entities.append(row)
                continue
            if gold_type not in GOLD_KINDS:
                continue
            score.gold += 1
            if best is None:
                continue
            score.matched += 1
            if best.kind in GOLD_KINDS[gold_type]:
                score.right += 1
            else:
                score.misses.append((article.name, mention.text, gold_type, best.name, best.kind))
    return score


def kind_metrics(accuracy: float, misses: Sequence[KindMiss], labelled: int) -> list[Metric]:
    """The hand-labelled kind accuracy as a table row (for benchmarks/quality.py)."""
    return [
        Metric(
            "kinds.labelled_h2",
            f"kinds: right on the {labelled} hand-labelled entities (July–December)",
            accuracy,
            f"{accuracy:.3f} ({labelled - len(misses)}/{labelled})",
        )
    ]


def kind_sections(misses: Sequence[KindMiss]) -> list[Section]:
    return [
        Section(
            "kinds: hand-labelled entities of the wrong kind (name | label | store | note)",
            [m.line() for m in misses],
            limit=None,
        )
    ]


# --- the runner ---------------------------------------------------------------------------


def _meantime() -> MeantimeKinds:
    from benchmarks.corpora import FALLBACK, MODEL, SEEDS
    from benchmarks.scoring.meantime import analyse_documents, meantime_files, read_article
    from bot.extraction.engine import Engine

    articles = [read_article(p) for p in meantime_files()]
    engine = Engine(MODEL, FALLBACK)
    extractor = engine.extractor(engine.aliases(SEEDS))
    return score_meantime_kinds(
        articles, analyse_documents(extractor, [a.document for a in articles])
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Entity kinds and stray entities of a store.")
    parser.add_argument("--db", type=Path, required=True, help="the store file (read as it is)")
    parser.add_argument("--labels", type=Path, default=KINDS_FILE, help="a kinds file")
    parser.add_argument("--verbose", action="store_true", help="list every miss and stray")
    parser.add_argument("--no-meantime", action="store_true", help="skip the MEANTIME score")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        parser.error(f"no store at {args.db}")
    labels = read_kinds(args.labels)
    metrics: list[Metric] = []
    sections: list[Section] = []
    with Store(str(args.db)) as store:
        accuracy, misses = score_kinds(store, labels)
        metrics += kind_metrics(accuracy, misses, len(labels))
        sections += kind_sections(misses)
        strays = count_strays(store)
        metrics += stray_metrics(strays)
        sections += stray_sections(strays, limit=None if args.verbose else 10)
    if not args.no_meantime:
        meantime = _meantime()
        metrics += meantime.metrics()
        sections += meantime.sections()
    for metric in metrics:
        print(f"{metric.label:<66} {metric.shown or metric.value}")
    for section in sections:
        if args.verbose or section.title.startswith("strays"):
            print(section.render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
