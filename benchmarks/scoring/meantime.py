"""MEANTIME's CAT XML read into Documents the pipeline sees and the gold scored against them.

An article becomes two paragraphs: its title (sentence 0) and its scored body sentences;
the dateline (sentence 1) only carries the creation time. Every gold mark keeps its Span
in that text.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.corpora import MEANTIME_DIR
from benchmarks.scoring.matching import Span
from bot.extraction.extractor import Event, Extractor, Found
from bot.seeds import Document, Paragraph

# Sentence 0 is the title, sentence 1 the dateline (it carries only the creation time),
# sentences 2-5 the first body sentences. One article (8983) annotates sentence 6 too (a
# photo caption merged into its sentence 2): an article is scored up to its last annotated
# sentence, at least to sentence 5.
TITLE_SENTENCE, DATELINE_SENTENCE, LAST_SCORED_SENTENCE = 0, 1, 5

Analysis = tuple[list[Found], list[Event]]


def dbpedia_name(uri: str | None) -> str | None:
    """'http://dbpedia.org/resource/Steve_Jobs ' -> 'Steve Jobs'; None without a DBpedia URI."""
    uri = (uri or "").strip()
    if "dbpedia.org/" not in uri:
        return None
    last = uri.rstrip("/").rsplit("/", 1)[-1]
    return urllib.parse.unquote(last).replace("_", " ").strip() or None


# --- text from tokens ---------------------------------------------------------------------

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


# --- gold from markables ----------------------------------------------------------------


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

    def names(self) -> list[GoldMention]:
        """The gold proper names (NAM mentions) in the scored text, with their entity's
        type (PER, ORG, LOC, PRO, FIN, MIX) when a REFERS_TO relation gives one."""
        return [
            m for m in self.mentions.values() if m.syntactic_type == "NAM" and m.span is not None
        ]


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


def analyse_documents(extractor: Extractor, documents: Sequence[Document]) -> list[Analysis]:
    """The pipeline's view of each document: this sees text and dates, never gold."""
    return [extractor.analyse(document) for document in documents]
