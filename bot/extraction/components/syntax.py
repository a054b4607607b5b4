"""Parse helpers the components and the extractor share: a date's full span, a verb's tense.

Their words (future auxiliaries, date modifiers, ...) are data in `bot/data/syntax.json`.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from bot.extraction.tables import word_lists

SYNTAX_FILE = "syntax.json"
_MAX_HOPS = 8  # how far up the tree a token's governing verb is looked for


def is_verb(tok: Token) -> bool:
    return tok.pos_ in word_lists(SYNTAX_FILE)["verb_tags"]


def date_span(ent: Span) -> Span:
    """A DATE entity with the modifier the model left out of it ("this" + "year")."""
    modifiers = word_lists(SYNTAX_FILE)["date_modifiers"]
    start = ent.start
    while start > ent.sent.start and ent.doc[start - 1].lower_ in modifiers:
        start -= 1
    return ent.doc[start : ent.end] if start != ent.start else ent


def tense_of(tok: Token) -> str | None:
    """'past' or 'future' for the verb governing a token, None when present or unknown."""
    words = word_lists(SYNTAX_FILE)
    verb = tok
    for _ in range(_MAX_HOPS):
        if is_verb(verb) or verb.head.i == verb.i:
            break
        verb = verb.head
    if not is_verb(verb):
        return None
    auxiliaries = [c for c in verb.children if c.dep_ in words["auxiliary_deps"]]
    if any(a.lower_ in words["future_auxiliaries"] for a in auxiliaries):
        return "future"
    if verb.lower_ in words["future_verbs"] and any(c.dep_ == "xcomp" for c in verb.children):
        return "future"  # "going to meet"
    if verb.tag_ in words["past_tags"] or any(a.tag_ in words["past_tags"] for a in auxiliaries):
        return "past"
    if tok.head.lower_ in words["looking_ahead"]:
        return "future"  # "closed until Friday" looks ahead unless the verb says otherwise
    return None
