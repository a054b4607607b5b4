"""From a parsed Document to Events: each clause with its linked names, its date and its
attribution (the names themselves are linked in `bot.extraction.names`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from bot.extraction import dates
from bot.extraction.dates import When
from bot.extraction.dates.roles import (
    BACKGROUND,
    ITEM,
    MentionedDate,
    as_item,
    past_leaning,
    role_of,
)
from bot.extraction.mentions import Clause, Mention
from bot.extraction.names import DocumentLinker, Lexicon, clean_name
from bot.extraction.pieces import BATCH_CHARS, batches, join, pieces, tokenized
from bot.extraction.tables import table
from bot.seeds import Document
from bot.seeds.document import Paragraph

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

C = TypeVar("C")  # what goes through the pipeline beside a text
_LOWER_WORD = re.compile(r"\b[a-z]+\b")


@dataclass
class Found:
    """An entity or date expression as found in a paragraph, with the entity it names
    (`name`, `kind`) or the interval it means (`when`)."""

    paragraph: int
    start: int
    end: int
    text: str
    label: str
    name: str | None = None
    kind: str | None = None
    when: When | None = None


@dataclass
class Event:
    """One clause that involves at least one entity, its names linked within its document."""

    actors: list[str]
    places: list[str]
    action: str
    attribution: str | None
    sentence: str
    when: When
    paragraph: int
    kinds: dict[str, str] = field(default_factory=dict)
    surfaces: dict[str, set[str]] = field(default_factory=dict)
    # Every outlet credited: the one the sentence names ("…, Reuters reported"), then
    # each the paragraph cites, in order; `attribution` is the first of them.
    sources: list[str] = field(default_factory=list)
    section: str | None = None
    # Every date its sentence mentions, with its role for this event (`when` is the item's).
    dates: list[MentionedDate] = field(default_factory=list)

    def to_json(self, document: Document | None = None) -> dict:
        """The event as plain JSON, whole (`from_json` reads it back: the extraction queue
        hands events between processes so); with `document`, the document it came from."""
        out = {
            "when": self.when.to_json(),
            "actors": list(self.actors),
            "places": list(self.places),
            "action": self.action,
            "attribution": self.attribution,
            "sources": list(self.sources),
            "sentence": self.sentence,
            "dates": [d.to_json() for d in self.dates],
            "paragraph": self.paragraph,
            "kinds": dict(self.kinds),
            "surfaces": {name: sorted(forms) for name, forms in self.surfaces.items()},
            "section": self.section,
        }
        if document is not None:
            out["document"] = {
                "file": document.file,
                "title": document.title,
                "published": document.published.isoformat(),
            }
        return out

    @classmethod
    def from_json(cls, data: dict) -> Event:
        when = data["when"]
        return cls(
            actors=list(data["actors"]),
            places=list(data["places"]),
            action=data["action"],
            attribution=data["attribution"],
            sentence=data["sentence"],
            when=When(
                dt.date.fromisoformat(when["start"]),
                dt.date.fromisoformat(when["end"]),
                when["granularity"],
                when["text"],
            ),
            paragraph=data["paragraph"],
            kinds=dict(data["kinds"]),
            surfaces={name: set(forms) for name, forms in data["surfaces"].items()},
            sources=list(data["sources"]),
            section=data["section"],
            dates=[MentionedDate.from_json(d) for d in data.get("dates", ())],
        )


class Extractor:
    """Runs the pipeline over documents' paragraphs and builds their events."""

    def __init__(self, nlp: Language, lexicon: Lexicon, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.lexicon = lexicon
        self.batch_size = batch_size
        self._nouns: frozenset[str] | None = None

    def common_words(self, document: Document) -> frozenset[str]:
        """The English nouns (WordNet's, as the model's lemmatizer ships them) that the
        document writes in lower case: one of them capitalised alone is no name."""
        if self._nouns is None:
            try:
                lookups = self.nlp.get_pipe("lemmatizer").lookups
                self._nouns = frozenset(lookups.get_table("lemma_index")["noun"])
            except (KeyError, AttributeError):
                self._nouns = frozenset()  # a pipeline without the model's lemmatizer
        words = {w for p in document.paragraphs for w in _LOWER_WORD.findall(p.text)}
        return frozenset(words & self._nouns)

    def extract(self, document: Document) -> list[Event]:
        return next(iter(self.extract_many([document])))[1]

    def extract_many(
        self, documents: Iterable[Document], n_process: int = 1
    ) -> Iterator[tuple[Document, list[Event]]]:
        """Yield each document with its events, in input order."""
        docs = list(documents)
        # Each paragraph goes to the pipeline in pieces of bounded size (one piece unless
        # it is over-long: bot.extraction.pieces); a heading in none.
        cut = [[news_pieces(para) for para in doc.paragraphs] for doc in docs]
        items = (
            (text, (d_index, p_index, offset))
            for d_index, paragraphs in enumerate(cut)
            for p_index, parts in enumerate(paragraphs)
            for offset, text in parts
        )
        pending: dict[int, list[tuple[int, int, list[Clause]]]] = {i: [] for i in range(len(docs))}
        expected = {i: sum(len(parts) for parts in paragraphs) for i, paragraphs in enumerate(cut)}
        next_doc = 0
        for parsed, (d_index, p_index, offset) in self._parse(items, n_process):
            pending[d_index].append((p_index, offset, parsed._.clauses or []))
            while next_doc < len(docs) and len(pending[next_doc]) == expected[next_doc]:
                yield docs[next_doc], self.build(docs[next_doc], _joined(pending.pop(next_doc)))
                next_doc += 1
        while next_doc < len(docs):
            yield docs[next_doc], self.build(docs[next_doc], _joined(pending.pop(next_doc)))
            next_doc += 1

    def _parse(self, items: Iterable[tuple[str, C]], n_process: int = 1) -> Iterator[tuple[Doc, C]]:
        """The pipeline over (piece, context) pairs, in order, in groups of at most
        `BATCH_CHARS` characters: the parser's memory grows with the text it holds at once,
        and 64 pieces of 10,000 characters (a batch) took two gigabytes."""
        for group in batches(items, BATCH_CHARS):
            yield from self.nlp.pipe(
                ((tokenized(self.nlp, text), context) for text, context in group),
                as_tuples=True,
                batch_size=self.batch_size,
                n_process=n_process,
            )

    def analyse(self, document: Document) -> tuple[list[Found], list[Event]]:
        """Every entity and date expression (with offsets and resolution) and every event."""
        from bot.extraction.components import (  # spaCy is loaded by now
            counts_things,
            date_span,
            tense_of,
        )
        from bot.extraction.components.clauses import placement

        cut = [
            (index, offset, text)
            for index, p in enumerate(document.paragraphs)
            for offset, text in news_pieces(p)
        ]
        parsed = [
            (index, offset, doc)
            for doc, (index, offset) in self._parse((t, (i, o)) for i, o, t in cut)
        ]
        events = self.build(
            document, _joined([(i, offset, d._.clauses or []) for i, offset, d in parsed])
        )
        people = [e.text for _, _, d in parsed for e in d.ents if e.label_ == "PERSON"]
        linker = DocumentLinker(
            self.lexicon, people, document.published, self.common_words(document)
        )
        # Each name as the clause extractor sees it, with the sentence it is in.
        mentions: dict[tuple[int, int], tuple[object, Mention]] = {}
        for n, (_, _, doc) in enumerate(parsed):
            for ent in doc.ents:
                if ent.label_ in ("DATE", "TIME"):
                    continue
                kind, _, ref = ent.ent_id_.partition("|") if ent.ent_id_ else (None, "", "")
                role = "place" if ent.label_ in ("GPE", "LOC", "FAC") else "actor"
                mentions[(n, ent.start)] = (
                    (n, ent.sent.start),
                    Mention(ent.text, ent.label_, role, kind, ref=ref or None, **placement(ent)),
                )
        found: list[Found] = []
        anchor: dt.date | None = None  # the day the paragraph named last ("the same day")
        for n, (index, offset, doc) in enumerate(parsed):
            if n == 0 or parsed[n - 1][0] != index:
                anchor = None  # a new paragraph
                linker.enter_paragraph(
                    (sentence, [mention])
                    for key, (sentence, mention) in mentions.items()
                    if parsed[key[0]][0] == index
                )
            for ent in doc.ents:
                item = Found(
                    index, offset + ent.start_char, offset + ent.end_char, ent.text, ent.label_
                )
                if ent.label_ in ("DATE", "TIME"):
                    if counts_things(ent):  # "a survey of 1709 schoolchildren"
                        item.label = "CARDINAL"
                        found.append(item)
                        continue
                    span, tense = date_span(ent), tense_of(ent.root)
                    item.start, item.text = offset + span.start_char, span.text
                    item.when = dates.interval_of(span.text, document.published, tense, anchor)
                    if item.when is not None and item.when.granularity == "day":
                        anchor = item.when.start
                    sides = dates.range_sides(span.text, document.published, tense)
                    for start, end, when in sides or ():  # "between April and June": two dates
                        text = span.text[start:end]
                        found.append(
                            Found(index, item.start + start, item.start + end, text, ent.label_)
                        )
                        found[-1].when = when
                    if sides:
                        continue
                else:
                    linker.sentence, mention = mentions[(n, ent.start)]
                    linked = linker.link(mention)
                    if linked is not None:
                        item.name, item.kind = linked.name, linked.kind
                        if self.lexicon.is_outlet(item.name):
                            item.kind = "outlet"
                found.append(item)
        return found, events

    def inspect(self, document: Document) -> dict:
        """Every date expression and event of a document, as `briefing inspect` prints them."""
        found, events = self.analyse(document)
        dates_found = []
        for item in found:
            if item.label not in ("DATE", "TIME"):
                continue
            row = (
                item.when.to_json()
                if item.when
                else {"start": None, "end": None, "granularity": None}
            )
            dates_found.append({**row, "text": item.text})
        return {
            "document": {
                "file": document.file,
                "title": document.title,
                "published": document.published.isoformat(),
                "source": document.source,
                "url": document.url,
                "paragraphs": len(document.paragraphs),
            },
            "dates": dates_found,
            "events": [e.to_json(document) for e in events],
        }

    def build(self, document: Document, paragraphs: list[tuple[int, list[Clause]]]) -> list[Event]:
        """Turn each paragraph's clauses into events with canonical names and dates."""
        people = [
            m.text
            for _, clauses in paragraphs
            for clause in clauses
            for m in clause.mentions
            if m.label == "PERSON"
        ]
        linker = DocumentLinker(
            self.lexicon, people, document.published, self.common_words(document)
        )
        default = dates.published_when(document.published)
        events: list[Event] = []
        for p_index, clauses in paragraphs:
            para = document.paragraphs[p_index]
            # A known outlet leads the credit; every cited source is kept, in order.
            cited = sorted(para.sources, key=lambda s: not self.lexicon.is_outlet(s))[:1]
            cited += [s for s in para.sources if s not in cited]
            whens, mentioned = self._dates(clauses, document)
            linker.enter_paragraph((c.sentence_index, c.mentions) for c in clauses)
            for c_index, clause in enumerate(clauses):
                event = self._event(clause, linker, whens[c_index] or default, cited, p_index)
                if event is not None:
                    event.section = para.section
                    event.dates = mentioned[c_index]
                    events.append(event)
        return events

    def _dates(
        self, clauses: list[Clause], document: Document
    ) -> tuple[list[When | None], list[list[MentionedDate]]]:
        """Each clause's item date (bot.extraction.dates.roles), and for each clause the
        dates its sentence mentions, each with its role for that clause's event.

        A clause whose own text does not date its happening takes its governing clause's
        ("...visited on Dec. 30 and later indicated..."), then the report's ("..., Reuters
        reported on Jan. 28"). "The same day" is the day the paragraph named last (a news
        item stands alone: the day another paragraph named is not its)."""
        recent_days = int(table("syntax.json")["recent_days"])  # the parse helpers' table
        anchor: dt.date | None = None
        own: list[When | None] = []
        found: list[list[tuple[MentionedDate, int | None]]] = []
        for clause in clauses:
            item, mentioned = _clause_dates(clause, document.published, anchor, recent_days)
            own.append(item)
            found.append(mentioned)
            if item is not None and item.granularity == "day":
                anchor = item.start
        sources = _date_sources(clauses, own)
        dated = [own[source] if source is not None else None for source in sources]
        return dated, _sentence_dates(clauses, found, sources)

    def _event(
        self, clause: Clause, linker: DocumentLinker, when: When, cited: list[str], paragraph: int
    ) -> Event | None:
        actors: list[str] = []
        places: list[str] = []
        kinds: dict[str, str] = {}
        surfaces: dict[str, set[str]] = {}
        linker.sentence = clause.sentence_index
        for mention in sorted(clause.mentions, key=lambda m: m.start):
            linked = linker.link(mention)
            if linked is None or self.lexicon.is_outlet(linked.name):
                continue
            name, kind = linked.name, linked.kind
            kinds.setdefault(name, kind)
            surfaces.setdefault(name, set()).add(clean_name(mention.text))
            if mention.kind == "role" and mention.ref:
                surfaces[name].add(mention.ref)  # the office answers for its holder
            target = places if mention.role == "place" else actors
            if name not in target:
                target.append(name)
            linker.named(mention, linked)
        country = linker.last_country
        if clause.country_anaphora and country and country not in places:
            places.append(country)  # "in the country"
            kinds.setdefault(country, "country")
        if not actors and not places:
            return None
        if clause.reporting and not actors:
            return None
        return Event(
            actors=actors,
            places=places,
            action=clause.action,
            attribution=clause.attribution or (cited[0] if cited else None),
            sentence=clause.sentence,
            when=when,
            paragraph=paragraph,
            kinds=kinds,
            surfaces=surfaces,
            sources=list(dict.fromkeys([*filter(None, [clause.attribution]), *cited])),
        )


def news_pieces(para: Paragraph) -> list[tuple[int, str]]:
    """The (offset, text) pieces of a paragraph the pipeline reads: none of a heading (a
    section's or a story line's: no news item), which keeps its index in the document."""
    return [] if para.heading else pieces(para.text)


def _joined(parts: list[tuple[int, int, list[Clause]]]) -> list[tuple[int, list[Clause]]]:
    """(paragraph, clauses) from (paragraph, offset, clauses) of its pieces, in any order."""
    by_paragraph: dict[int, list[tuple[int, list[Clause]]]] = {}
    for p_index, offset, clauses in sorted(parts, key=lambda part: part[:2]):
        by_paragraph.setdefault(p_index, []).append((offset, clauses))
    return [(p_index, join(found)) for p_index, found in by_paragraph.items()]


def _clause_dates(
    clause: Clause, published: dt.date, anchor: dt.date | None, recent_days: int
) -> tuple[When | None, list[tuple[MentionedDate, int | None]]]:
    """A clause's own item date (None when its text gives none) and its mentioned dates,
    each with its rank as the item's date: None when it cannot be one, -1 for the one
    taken."""
    best: tuple[int, int] | None = None  # (rank, index) of the item's date
    mentioned: list[tuple[MentionedDate, int | None]] = []
    for mention in clause.dates:
        tense = mention.tense
        if tense is None and past_leaning(mention.attach):
            tense = "past"  # "since October"
        when = dates.interval_of(mention.text, published, tense, anchor)
        role, rank = role_of(
            mention.attach,
            tense,
            when,
            published,
            text=mention.text,
            clause=clause.kind,
            recent_days=recent_days,
        )
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, len(mentioned))
        mentioned.append((MentionedDate(mention.text, role, when), rank))
    if best is None:
        return None, mentioned
    chosen = mentioned[best[1]][0]
    mentioned[best[1]] = (chosen, -1)
    return (as_item(chosen.when, published) if chosen.when else None), mentioned


def _date_sources(clauses: list[Clause], own: list[When | None]) -> list[int | None]:
    """For each clause, the clause whose item date it takes: its own, else the nearest
    governing clause's that has one, else the sentence's report's; None: the publication."""
    reported: dict[int, int] = {}
    for index, clause in enumerate(clauses):
        if clause.reporting and own[index] is not None:
            reported.setdefault(clause.sentence_index, index)
    sources: list[int | None] = []
    for index, clause in enumerate(clauses):
        source: int | None = index if own[index] is not None else None
        seen, cur = {index}, clause
        while source is None and cur.parent is not None and cur.parent not in seen:
            seen.add(cur.parent)
            if own[cur.parent] is not None:
                source = cur.parent
            cur = clauses[cur.parent]
        sources.append(source if source is not None else reported.get(clause.sentence_index))
    return sources


def _sentence_dates(
    clauses: list[Clause],
    found: list[list[tuple[MentionedDate, int | None]]],
    sources: list[int | None],
) -> list[list[MentionedDate]]:
    """For each clause's event, every date of its sentence: the item's own as `item`, a
    date that is another clause's item or a candidate not taken as `background`."""
    by_sentence: dict[int, list[int]] = {}
    for index, clause in enumerate(clauses):
        by_sentence.setdefault(clause.sentence_index, []).append(index)
    out: list[list[MentionedDate]] = []
    for index, clause in enumerate(clauses):
        dated: list[MentionedDate] = []
        for other in by_sentence[clause.sentence_index]:
            for date, rank in found[other]:
                if rank == -1:
                    role = ITEM if other == sources[index] else BACKGROUND
                    date = MentionedDate(date.text, role, date.when)
                elif rank is not None:
                    date = MentionedDate(date.text, BACKGROUND, date.when)
                dated.append(date)
        out.append(dated)
    return out
