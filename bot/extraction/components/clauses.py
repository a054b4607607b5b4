"""The clause extractor, last in the pipeline: each sentence split into clauses, each with
its action, entity mentions (actor or place), dates and attribution.

Its word lists are data: `bot/data/verbs.json` (reporting verbs, locative prepositions, ...)
and `bot/data/clauses.json` (the dependency and entity labels it reads).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from bot.extraction.components.dating import attachment, clause_kind
from bot.extraction.components.syntax import (
    counts_things,
    date_span,
    is_verb,
    tense_of,
)
from bot.extraction.mentions import Clause, DateMention, Mention
from bot.extraction.tables import word_lists

VERBS_FILE = "verbs.json"
CLAUSES_FILE = "clauses.json"
_MAX_LOCATIVE_DEPTH = 4

if not Doc.has_extension("clauses"):
    Doc.set_extension("clauses", default=None)


def _labels() -> dict[str, frozenset[str]]:
    return word_lists(CLAUSES_FILE)


def _is_clause_head(tok: Token) -> bool:
    if not is_verb(tok):
        # A headline's verb the tagger read as a noun ("The Houthis launch a missile",
        # "Afghan and Pakistani forces exchange fire"): the root, with a subject of its own.
        return (
            tok.dep_ == "ROOT"
            and tok.pos_ in _labels()["misread_verb_pos"]
            and any(c.dep_ in _labels()["subject_deps"] for c in tok.children)
        )
    if tok.dep_ in _labels()["clause_deps"]:
        return True
    if tok.dep_ == "conj":
        return _is_clause_head(tok.head)
    # Finite adverbial clauses ("if Damascus takes…") are clauses; bare infinitives stay.
    if tok.dep_ == "advcl":
        return any(c.dep_ in _labels()["subject_deps"] for c in tok.children)
    return False


def _owner(tok: Token, heads: set[int]) -> int | None:
    cur = tok
    while True:
        if cur.i in heads:
            return cur.i
        if cur.head.i == cur.i:
            return None
        cur = cur.head


def _owner_of(tok: Token, owners: dict[int, int | None], heads: set[int]) -> int | None:
    """`_owner` from the sentence's map; walked for a token outside the sentence."""
    return owners[tok.i] if tok.i in owners else _owner(tok, heads)


def _owners(sent: Span, heads: set[int]) -> dict[int, int | None]:
    """Each token's `_owner`, for the whole sentence at once: each path up the tree is
    walked once (a walk per token was quadratic in a deep parse)."""
    owner: dict[int, int | None] = {}
    for tok in sent:
        path: list[int] = []
        cur = tok
        while cur.i not in owner:
            if cur.i in heads:
                owner[cur.i] = cur.i
                break
            path.append(cur.i)
            if cur.head.i == cur.i:
                owner[cur.i] = None
                break
            cur = cur.head
        found = owner[cur.i]
        owner.update(dict.fromkeys(path, found))
    return owner


def _depths(tokens: list[Token]) -> dict[int, int]:
    """How many ancestors each token has, each path up the tree walked once."""
    depth: dict[int, int] = {}
    for tok in tokens:
        path: list[Token] = []
        cur = tok
        while cur.i not in depth and cur.head.i != cur.i:
            path.append(cur)
            cur = cur.head
        below = depth.setdefault(cur.i, 0)
        for n, step in enumerate(reversed(path), start=1):
            depth[step.i] = below + n
    return depth


def _is_locative(tok: Token, depth: int = 0) -> bool:
    verbs = word_lists(VERBS_FILE)
    if depth > _MAX_LOCATIVE_DEPTH:
        return False
    if tok.dep_ == "pobj" and tok.head.lower_ in verbs["locative_preps"]:
        return tok.head.head.lemma_.lower() not in verbs["non_locative_heads"]
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in verbs["place_objects"]:
        return True
    if tok.dep_ in _labels()["locative_chain_deps"]:
        return _is_locative(tok.head, depth + 1)
    return False


def _action(head: Token) -> str:
    labels = _labels()
    words: list[Token] = [c for c in head.children if c.dep_ in labels["action_modifier_deps"]]
    words.append(head)
    last = head
    for child in head.children:
        if child.dep_ in labels["action_particle_deps"]:
            words.append(child)
        if child.dep_ == "xcomp" and child.pos_ == "VERB":
            words.append(child)
            last = child
    for child in last.children:
        if child.dep_ in labels["action_object_deps"]:
            left = [t for t in child.lefts if t.dep_ in labels["object_modifier_deps"]]
            words.extend([*left, child])
            break
    words.sort(key=lambda t: t.i)
    return " ".join(t.text for t in words)


def _role(ent: Span) -> str:
    labels = _labels()
    if ent.label_ in labels["place_labels"]:
        return "place"
    if ent.label_ in labels["locative_labels"] and _is_locative(ent.root):
        return "place"
    # A city or region behind a preposition ("Russian drone attacks on Kharkiv") is where
    # the event happened, unless the preposition makes it a party ("talks with Damascus").
    # As a subject or object it may act for its country ("Moscow may assist Damascus").
    kind = ent.ent_id_.split("|", 1)[0] if ent.ent_id_ else None
    root = ent.root
    if (
        kind in labels["place_kinds"]
        and root.dep_ == "pobj"
        and root.head.lower_ not in labels["party_preps"]
    ):
        return "place"
    return "actor"


def placement(ent: Span, ents: dict[int, Span] | None = None) -> dict[str, bool | str | None]:
    """Where the sentence puts an entity, as the Mention fields `placed`, `article` and
    `modifies`. `ents` maps the start and end tokens of the sentence's other entities (the
    doc's when not given), for the places written beside it."""
    doc = ent.doc
    if ents is None:
        ents = {i: e for e in doc.ents for i in (e.start, e.end - 1)}
    root = ent.root
    head = root.head
    before = doc[ent.start - 2] if ent.start >= 2 and doc[ent.start - 1].text == "," else None
    after = doc[ent.end + 1] if ent.end + 1 < len(doc) and doc[ent.end].text == "," else None
    beside = any(
        t is not None and t.i in ents and ents[t.i].label_ in _labels()["locative_labels"]
        for t in (before, after)
    )
    placed = (
        _is_locative(root)
        or beside
        or (
            root.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.lemma_.lower() in _labels()["place_nouns"]
        )
    )
    first = doc[ent.start]
    the = first if first.lower_ == "the" else doc[ent.start - 1] if ent.start else None
    article = (
        the is not None
        and the.lower_ == "the"
        and ent.start <= the.head.i < ent.end
        and len([t for t in ent if t.lower_ != "the"]) == 1
    )
    modifies = (
        head.lemma_.lower()
        if root.dep_ in _labels()["modifier_deps"] and head.pos_ == "NOUN" and head.i >= ent.end
        else None
    )
    return {
        "placed": placed,
        "article": article,
        "modifies": modifies,
        "acts": not placed and _acts(root),
    }


def _acts(root: Token) -> bool:
    """A name where a government acts: the subject or object of a verb ("Beijing says",
    "warns Hanoi") or behind a preposition that makes it a party ("talks with Damascus"),
    not named as the place it is ("the capital Mogadishu", "Mogadishu's airport")."""
    labels = _labels()
    if any(
        c.dep_ in labels["modifier_deps"] | {"appos"} and c.lemma_.lower() in labels["place_nouns"]
        for c in root.children
    ):
        return False
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head  # "Moscow and Kyiv agree": as the first of them
    if root.dep_ in labels["acting_deps"]:
        return True
    return root.dep_ == "pobj" and root.head.lower_ in labels["party_preps"]


def whole_sentences(doc: Doc) -> list[str]:
    """Each of the doc's sentences as written whole: the parser sometimes ends a sentence
    inside one, after a name or an abbreviation ("… ski jumpers Johann" | "André Forfang
    and …", "Chelsea F.C." | "Women sign …"); a piece that does not end as a sentence
    does (`sentence_ends`, closing quotes and brackets aside), or that the next goes on in
    lower case ("Jimmy Kimmel Live!" | "is suspended …"), runs on into the next."""
    ends = _labels()["sentence_ends"]
    sents = list(doc.sents)
    texts: list[str] = []
    run_start = 0
    for n, sent in enumerate(sents):
        last = next((t for t in reversed(sent) if not t.is_space and not t.is_quote
                     and not t.is_bracket), None)  # fmt: skip
        # "Jimmy Kimmel Live!" | "is suspended …": a sentence goes on lower-case.
        goes_on = n + 1 < len(sents) and sents[n + 1].text.lstrip()[:1].islower()
        if n == len(sents) - 1 or ((last is None or last.text in ends) and not goes_on):
            text = doc[sents[run_start].start : sent.end].text.strip()
            texts += [text] * (n + 1 - run_start)
            run_start = n + 1
    return texts


def _sentence_clauses(sent: Span, index: int, ents: list[Span], whole: str) -> list[Clause]:
    labels = _labels()
    heads = [t for t in sent if _is_clause_head(t)]
    head_ids = {t.i for t in heads}
    position = {t.i: n for n, t in enumerate(heads)}
    owners = _owners(sent, head_ids)
    text = whole  # once: a clause each copying a long sentence was quadratic
    clauses: list[Clause] = []
    for tok in heads:
        parent = None if tok.head.i == tok.i else _owner_of(tok.head, owners, head_ids)
        clauses.append(
            Clause(
                action=_action(tok),
                sentence=text,
                sentence_index=index,
                parent=position.get(parent) if parent is not None else None,
                start=tok.idx,
                kind=clause_kind(tok),
            )
        )
    if not clauses:
        if not any(e.label_ in labels["entity_labels"] for e in ents):
            return []
        # A heading ("2025 Gaza City offensive") does not end as a sentence does.
        if not any(t.text in labels["sentence_ends"] for t in sent[-2:]):
            return []
        # No clause the parser recognises ("Police in Chile arrest ..." with "arrest" a
        # noun): the sentence is still one event, with its entities and dates.
        clauses.append(_headless_clause(sent, index, text))

    # An entity under no clause head (the subject of a root the tagger read as a noun,
    # "The Slovak parliament votes to abolish…") belongs to the sentence's main clause.
    main = next((c for c in clauses if c.parent is None), clauses[0] if clauses else None)

    # Each clause's head token (none for a headless clause): where its dates attach.
    head_of = {id(c): t for c, t in zip(clauses, heads, strict=False)}

    def clause_of(tok: Token) -> Clause | None:
        if not head_ids:
            return clauses[0]
        owner = _owner_of(tok, owners, head_ids)
        return clauses[position[owner]] if owner is not None else main

    # "Savannah, Georgia, United States": the place each place name is within.
    by_start = {e.start: e for e in ents}
    by_end = {e.end: e for e in ents}
    edges = {i: e for e in ents for i in (e.start, e.end - 1)}
    for ent in ents:
        clause = clause_of(ent.root)
        if clause is None:
            continue
        if ent.label_ in labels["date_labels"]:
            if counts_things(ent):  # "a survey of 1709 schoolchildren"
                continue
            # Every date is kept with where it attaches; the extractor decides which one,
            # if any, dates the clause's happening.
            span = date_span(ent)
            head = head_of.get(id(clause))
            clause.dates.append(DateMention(span.text, attachment(ent, head), tense_of(ent.root)))
            continue
        if ent.label_ not in labels["entity_labels"]:
            continue
        kind = ent.ent_id_.split("|", 1)[0] if ent.ent_id_ else None
        if kind == "outlet":
            _attribute(ent, clause)
            continue
        ref = ent.ent_id_.split("|", 1)[1] if "|" in ent.ent_id_ else None
        within = _within(ent, by_start, by_end)
        clause.mentions.append(
            Mention(
                ent.text,
                ent.label_,
                _role(ent),
                kind,
                ent.root.dep_ == "poss",
                ent.start_char,
                ref,
                within,
                **placement(ent, edges),
            )
        )
    for tok in sent:
        if tok.lemma_.lower() in labels["anaphoric_places"] and any(
            c.lower_ == "the" for c in tok.lefts
        ):
            clause = clause_of(tok)
            if clause is not None and _is_locative(tok):
                clause.country_anaphora = True
    # An attribution found anywhere in the sentence credits every clause in it.
    credited = next((c.attribution for c in clauses if c.attribution), None)
    for clause in clauses:
        clause.attribution = clause.attribution or credited
    return clauses


def _within(
    ent: Span, by_start: dict[int, Span], by_end: dict[int, Span]
) -> tuple[str, str] | None:
    """For the middle of "Savannah, Georgia, United States": the place before it and the
    place it is within, as written (a list of three countries reads the same; the linker
    tells them apart)."""
    doc = ent.doc
    if ent.label_ != "GPE" or ent.end >= len(doc) or doc[ent.end].text != ",":
        return None
    outer = by_start.get(ent.end + 1)
    inner = by_end.get(ent.start - 1) if ent.start > 0 and doc[ent.start - 1].text == "," else None
    if outer is None or inner is None or {outer.label_, inner.label_} != {"GPE"}:
        return None
    return inner.text, outer.text


def _headless_clause(sent: Span, index: int, text: str) -> Clause:
    """The clause of a sentence without a clause head: its action the verb nearest the root,
    or a word that takes a subject (a verb the tagger took for a noun), else empty."""
    subject_deps = _labels()["subject_deps"]
    verbs = [t for t in sent if is_verb(t) or any(c.dep_ in subject_deps for c in t.children)]
    depth = _depths(verbs)
    best = min(verbs, key=lambda t: (depth[t.i], t.i), default=None)
    return Clause(
        action=_action(best) if best is not None else "",
        sentence=text,
        sentence_index=index,
        parent=None,
        start=best.idx if best is not None else sent.start_char,
    )


def _attribute(ent: Span, clause: Clause) -> None:
    """An outlet anywhere in a clause is its source ('according to Reuters', 'citing AP');
    as the subject of a reporting verb ('Bloomberg reported') the clause is only the report."""
    name = ent.ent_id_.split("|", 1)[1] if "|" in ent.ent_id_ else ent.text
    root = ent.root
    if (
        root.dep_ in _labels()["reporter_deps"]
        and root.head.lemma_.lower() in word_lists(VERBS_FILE)["report_verbs"]
    ):
        clause.reporting = True
    clause.attribution = clause.attribution or name


class ClauseExtractor:
    """Splits each sentence into clauses and assigns their entities, roles and dates."""

    def __call__(self, doc: Doc) -> Doc:
        clauses: list[Clause] = []
        if doc.has_annotation("DEP"):
            # Entities bucketed by sentence in one pass: Span.ents scans the whole doc,
            # which made a long paragraph quadratic.
            ents = list(doc.ents)
            position = 0
            by_sentence: list[list[Clause]] = []
            wholes = whole_sentences(doc)
            for index, sent in enumerate(doc.sents):
                while position < len(ents) and ents[position].start < sent.start:
                    position += 1
                first = position
                while position < len(ents) and ents[position].end <= sent.end:
                    position += 1
                found = _sentence_clauses(sent, index, ents[first:position], wholes[index])
                by_sentence.append(found)
            # A verbless fragment beside a clause ("South Region (Outlet)" after the news) is
            # a heading or a caption: it is an event only where nothing else in the doc is.
            if any(c.action for found in by_sentence for c in found):
                by_sentence = [f for f in by_sentence if any(c.action for c in f)]
            for found in by_sentence:
                # Parents are numbered within the sentence; renumber within the doc.
                for clause in found:
                    if clause.parent is not None:
                        clause.parent += len(clauses)
                clauses.extend(found)
        doc._.clauses = clauses
        return doc


@Language.factory(
    "briefing_clauses",
    requires=["token.dep", "token.pos", "token.lemma", "doc.ents"],
    assigns=["doc._.clauses"],
)
def make_clause_extractor(nlp: Language, name: str) -> ClauseExtractor:
    return ClauseExtractor()
