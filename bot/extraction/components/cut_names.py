"""Names the model cut before their last words: "Security Service of" + "Ukraine", "Court
of Appeal of" + "Malaysia", "Danish Security and" + "Intelligence Service".

A name never ends in a function word written in lower case (a preposition, determiner or
conjunction, or a stop word): it runs on over the capitalised words that follow it (and the
entity the model made of them), else it loses its dangling words, and a name left with no
capitalised word is no name. The gazetteer fixer applies it after its own corrections.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Span, Token

# The labels of names; another entity (a date, a number) ends a name that runs into it.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
FUNCTION_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ"})
# How far a cut name may run on: a name is rarely longer, and a title-case headline is not one.
MAX_RUN = 8
# After these (or right after a capitalised word) a name may take in a whole entity
# ("Supreme Court of" + "India"); after any other function word ("Monaco Grand Prix for" +
# "McLaren") only capitalised words that are no entity of their own.
JOINING = frozenset({"of", "and", "&"})


def dangles(tok: Token, particles: Collection[str] = ()) -> bool:
    """A word no name ends in: a function word or stop word, written in lower case."""
    if not tok.text.islower() or not tok.is_alpha:
        return False
    if tok.pos_ in FUNCTION_POS or tok.text in particles:
        return True
    return tok.is_stop and tok.pos_ != "NUM"  # "two" is a stop word, and no function word


def _proper(tok: Token) -> bool:
    return tok.text[:1].isupper() and any(ch.isalpha() for ch in tok.text)


def without_dangling_words(
    doc: Doc, ents: list[Span], particles: Collection[str] = ()
) -> list[Span]:
    """The entities, each cut name run on or trimmed (and dropped when nothing is left)."""
    ents = sorted(ents, key=lambda e: e.start)
    owner = {i: e for e in ents for i in range(e.start, e.end)}
    out: list[Span] = []
    taken: set[int] = set()  # starts of the entities a run took in
    for ent in ents:
        if ent.start in taken:
            continue
        if ent.label_ not in NAME_LABELS or not dangles(doc[ent.end - 1], particles):
            out.append(ent)
            continue
        run = None if ent.label_ == "PERSON" else _run_on(doc, ent, owner, particles)
        if run is not None:
            end, label, swallowed = run
            taken.update(swallowed)
            out.append(Span(doc, ent.start, end, label=label))
            continue
        trimmed = _trimmed(doc, ent, particles)
        if trimmed is not None:
            out.append(trimmed)
    return out


def _run_on(
    doc: Doc, ent: Span, owner: dict[int, Span], particles: Collection[str]
) -> tuple[int, str, list[int]] | None:
    """(end, label, entities taken in) of the name run on over the capitalised words that
    follow it; None when no capitalised word follows before a break."""
    end = None
    label = ent.label_
    swallowed: list[int] = []
    # The function words since the last capitalised word: "of the" before "Congo".
    cut = ent.end
    while cut > ent.start and dangles(doc[cut - 1], particles):
        cut -= 1
    gap = [t.lower_ for t in doc[cut : ent.end]]
    i = ent.end
    while i < len(doc) and i - ent.end < MAX_RUN:
        tok = doc[i]
        other = owner.get(i)
        if other is not None:
            if other.label_ not in NAME_LABELS or other.label_ == "PERSON" or other.start != i:
                break
            if gap and gap[0] not in JOINING:
                break
            swallowed.append(other.start)
            # "X of Y" is an X; "X and Y Service" is a service, named by its last words.
            if "of" not in gap:
                label = other.label_
            i = end = other.end
            # The entity taken in may itself be cut ("… Fire and" + "… Department").
            gap = [doc[i - 1].lower_] if dangles(doc[i - 1], particles) else []
            if not gap:
                break
            continue
        if _proper(tok):
            i = end = i + 1
            gap = []
            continue
        if dangles(tok, particles):
            gap.append(tok.lower_)
            i += 1
            continue
        # A hyphen inside a word ("Guinea-Bissau") continues it; other punctuation ends it.
        if tok.text in ("-", "–") and i > 0 and not doc[i - 1].whitespace_:
            i += 1
            continue
        break
    if end is None:
        return None
    # A run that ends on function words gives them back.
    while end > ent.end and dangles(doc[end - 1], particles):
        end -= 1
    return end, label, swallowed


def _trimmed(doc: Doc, ent: Span, particles: Collection[str]) -> Span | None:
    """The entity without its dangling words (and the punctuation before them); None when
    no capitalised word is left."""
    end = ent.end
    while end > ent.start and (dangles(doc[end - 1], particles) or doc[end - 1].is_punct):
        end -= 1
    if not any(_proper(t) for t in doc[ent.start : end]):
        return None
    return Span(doc, ent.start, end, label=ent.label_, span_id=ent.id_)
