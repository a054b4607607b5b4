"""Parse helpers the components and the extractor share: a date's full span, a verb's tense,
whether a date modifies a noun, whether a "year" counts things.

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
    parsed = ent.doc.has_annotation("DEP")
    start = ent.start
    # Only a word that modifies the date: in "the indices that today fell", "that" is the
    # relative clause's subject.
    while (
        start > ent.sent.start
        and ent.doc[start - 1].lower_ in modifiers
        and (not parsed or start - 1 < ent.doc[start - 1].head.i < ent.end)
    ):
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


def counts_things(ent: Span) -> bool:
    """A number the model took for a year that counts a plural noun with no determiner:
    "a survey of 1709 schoolchildren" (but "the 2024 elections" is a year)."""
    words = word_lists(SYNTAX_FILE)
    if len(ent) != 1 or not ent[0].like_num:
        return False
    number, noun = ent[0], ent[0].head
    return (
        number.dep_ in words["count_number_deps"]
        and noun.i == number.i + 1
        and noun.tag_ in words["plural_noun_tags"]
        and not any(c.dep_ in words["determiner_deps"] for c in noun.children)
    )


def _infinitive_tense(verb: Token, words: dict) -> str | None:
    """ "is to be held", "is due to take place", "are set to vote": an infinitive under
    a word that looks ahead is future, unless that word is itself past ("was to be held")."""
    if not any(c.tag_ in words["infinitive_tags"] for c in verb.children):
        return None
    head = verb.head
    if head.i == verb.i or head.lemma_.lower() not in words["future_heads"]:
        return None
    governor = head if is_verb(head) else head.head
    past = governor.tag_ in words["past_tags"] or any(
        c.dep_ in words["auxiliary_deps"] and c.tag_ in words["past_tags"]
        for c in governor.children
    )
    return None if past else "future"


def tense_of(tok: Token) -> str | None:
    """'past' or 'future' for the verb governing a token, None when present or unknown."""
    words = word_lists(SYNTAX_FILE)
    verb, through_noun = tok, False
    for _ in range(_MAX_HOPS):
        if is_verb(verb) or verb.head.i == verb.i:
            break
        verb = verb.head
        through_noun = through_noun or (verb.pos_ in words["nominal_tags"] and not is_verb(verb))
    if not is_verb(verb):
        return None
    auxiliaries = [c for c in verb.children if c.dep_ in words["auxiliary_deps"]]
    if any(a.lower_ in words["future_auxiliaries"] for a in auxiliaries):
        return "future"
    if verb.lower_ in words["future_verbs"] and any(c.dep_ == "xcomp" for c in verb.children):
        return "future"  # "going to meet"
    if (infinitive := _infinitive_tense(verb, words)) is not None:
        return infinitive
    if verb.tag_ in words["past_tags"] or any(a.tag_ in words["past_tags"] for a in auxiliaries):
        return "past"
    if verb.tag_ in words["past_participle_tags"] and verb.lemma_.lower() in words["future_heads"]:
        return "future"  # "an election scheduled for June 3", "talks expected on Monday"
    if (
        verb.tag_ in words["past_participle_tags"]
        and not through_noun  # "a June 3 hearing has been scheduled": June 3 dates the hearing
        and (
            any(a.lower_ in words["perfect_auxiliaries"] for a in auxiliaries)
            or (not auxiliaries and verb.dep_ in words["reduced_relative_deps"])
        )
    ):
        return "past"  # "has announced", "the plans announced in January"
    if tok.head.lower_ in words["looking_ahead"]:
        return "future"  # "closed until Friday" looks ahead unless the verb says otherwise
    return None
