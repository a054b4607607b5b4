"""Parse helpers the components and the extractor share: a date's full span, a verb's tense,
whether a date modifies a noun.

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


def modifies_noun(ent: Span) -> bool:
    """A date in the possessive before a noun ("yesterday's election", "this year's prize"):
    it dates that noun, not the clause the noun sits in."""
    words = word_lists(SYNTAX_FILE)
    # The genitive "'s" (inside the entity or right after it, on one of its words) shows it
    # even where the parse attached the date elsewhere ("a rematch of last year's final").
    after = ent.end if ent.end < ent.sent.end else ent.end - 1
    if any(
        t.tag_ in words["possessive_tags"] and ent.start <= t.head.i < ent.end
        for t in {ent.doc[ent.end - 1], ent.doc[after]}
    ):
        return True
    root = ent.root
    return (
        root.dep_ in words["possessive_deps"]
        and root.head.pos_ in words["nominal_tags"]
        and not ent.start <= root.head.i < ent.end
    )


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
