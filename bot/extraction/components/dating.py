"""Where a date attaches in the parse, which decides whether it can date the happening a
clause reports (the extractor decides, with the resolved interval: bot.extraction.extractor).

A date is read on its path up the dependency tree to its clause's head:

- a number under a proper noun names it ("Resolution 2758", "Euro 2024", "2024 YR4");
- under a deadline preposition it is a target ("by 2030", "until 2060");
- right under a duration preposition it is a length ("for six years", "over the past
  decade"; but "for a 2018 attack" dates the attack);
- under "since" or "than" beside a superlative, comparative or ordinal it is a yardstick
  ("the biggest raid since 1984", "the first time since 2022", "higher than in 2019");
  a "since" frame before the clause is the start of the state it tells ("Since Assad's
  overthrow in December, Russia has been withdrawing"), a trailing one the baseline of a
  count or a state ("have been deported since November 2023", "down 22% since 2000");
- in a participial or adverbial phrase of its own it is background ("having served as
  president from 2012 to 2017");
- before a noun (a possessive, a compound, a number) it dates that noun ("a 2018 attack",
  "yesterday's vote", "the 2028 Olympics"); in a phrase after the verb's own object it may
  date either ("follows the conversation on Feb. 12": the parser cannot tell, the
  extractor asks how recent it is); deeper in a noun phrase, or in the subject, it dates
  the noun ("the toll of the crash four days ago rises");
- a length before "after", "before", "later" is an offset ("three days after being
  appointed"): background;
- else it is an adjunct of the clause's verb ("seized the town on 3 March").

The words and labels are data in `bot/data/syntax.json`.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from bot.extraction.components.syntax import SYNTAX_FILE, is_verb, modifies_noun
from bot.extraction.tables import word_lists

_MAX_HOPS = 12  # a date's path to its clause head is short; a broken parse must end


def clause_kind(head: Token) -> str:
    """ "subordinate" for a clause head under a relative, participial or adverbial clause
    (directly, or as a conjunct or complement of one): background to the clause above;
    "reported" for the content of a report ("Amnesty says that X executed 345 people last
    year"): the report is the news, what it recounts may be older; else "main"."""
    words = word_lists(SYNTAX_FILE)
    kind, cur = "main", head
    for _ in range(_MAX_HOPS):
        if cur.dep_ in words["subordinate_deps"]:
            return "subordinate"
        if cur.dep_ in words["reported_deps"]:
            kind = "reported"
        if cur.head.i == cur.i:
            return kind
        cur = cur.head
    return kind


def _names_a_proper_noun(ent: Span, words: dict[str, frozenset[str]]) -> bool:
    root = ent.root
    head = root.head
    return (
        root.dep_ in words["name_deps"]
        and head.pos_ in words["proper_tags"]
        and head.i < ent.start  # "Agenda 2030"; "the 2028 Olympics" dates the Olympics
        and head.ent_type_ not in words["date_entity_labels"]
    )


def _compares(since: Token, words: dict[str, frozenset[str]]) -> bool:
    """A superlative, comparative or ordinal where "since"/"than" attaches: "the biggest
    raid since", "the first time since", "deadliest since", "higher than"."""
    anchor = since.head
    near = [anchor, *(c for c in anchor.children if c.i != since.i)]
    return any(
        t.tag_ in words["comparison_tags"] or t.ent_type_ in words["ordinal_labels"] for t in near
    )


def _is_length(ent: Span, words: dict[str, frozenset[str]]) -> bool:
    return any(t.lemma_.lower() in words["length_units"] for t in ent)


def attachment(ent: Span, head: Token | None) -> str:
    """How a date entity attaches on its way up to its clause's head (see the module)."""
    words = word_lists(SYNTAX_FILE)
    if _names_a_proper_noun(ent, words):
        return "name"
    root = ent.root
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if _is_length(ent, words) and (
        # the length measures the gap: "three days after", not "after three days"
        (root.head.lower_ in words["offset_words"] and root.dep_ in words["measure_deps"])
        or (
            after is not None
            and after.lower_ in words["offset_words"]
            and root.dep_ != "pobj"  # "their first in 35 years, after…" is a length
        )
    ):
        return "offset"  # "three days after being appointed", "weeks before the vote"
    possessive = modifies_noun(ent)  # "yesterday's vote", even where the parse strays
    since = first_prep = noun = direct = None
    cur = root
    for _ in range(_MAX_HOPS):
        up = cur.head
        if up.i == cur.i or (head is not None and cur.i == head.i):
            break
        if up.i == head_i(head) or up.head.i == up.i:
            pass  # the clause's own head (a verb, or a headline verb read as a noun)
        elif up.pos_ in words["preposition_tags"]:
            first_prep = first_prep or up.lower_
            direct = direct or (up.lower_ if cur.i == root.i else "")
            if up.lower_ in words["since_preps"] or up.lower_ in words["comparison_preps"]:
                if _compares(up, words):
                    return "comparison"
                if up.lower_ in words["since_preps"]:
                    # "Since the overthrow in December, Russia has been withdrawing": a
                    # frame before the clause dates it from then; a trailing "since" is
                    # the baseline of a count or a state ("deported since 2023").
                    fronted = up.head.i == head_i(head) and up.i < up.head.i
                    since = since or ("since" if fronted else "baseline")
        elif is_verb(up) and up.dep_ in words["subordinate_deps"]:
            # "having served from 2012 to 2017", "after planting…"; "marking its fourth
            # cut since October" keeps its baseline.
            if since:
                return "baseline"
            # a past participle recalls ("abducted during the October 7 attacks"); a
            # present one may look ahead ("flights beginning on January 7")
            return "recalled" if up.tag_ in words["past_participle_verb_tags"] else "subordinate"
        elif noun is None and up.pos_ in words["nominal_tags"] and not ent.start <= up.i < ent.end:
            noun = _in_noun(cur, up, head, words)
        cur = up
    if first_prep in words["deadline_preps"]:
        return "deadline"
    if direct in words["duration_preps"] and _is_length(ent, words):
        return "duration"  # "for six years", "over the past decade"; not "for May 8-10"
    if direct in words["within_preps"] and _is_length(ent, words):
        return "within"  # "in a few days": a point ahead under a future verb, else a length
    return since or ("attribute" if possessive else noun) or "verb"


def _in_noun(below: Token, noun: Token, head: Token | None, words: dict) -> str:
    """A date under a noun: "attribute" before it ("a 2018 attack"); "phrase" in a phrase
    after the verb's own object, where the parse cannot tell whether it dates the object or
    the verb ("follows the talks on Feb. 12"); "nested" anywhere deeper or in the subject
    ("the toll of the crash four days ago rises"), where it can only date that noun."""
    if below.dep_ in words["attribute_deps"]:
        return "attribute"
    if noun.dep_ in words["object_deps"] and noun.head.i == head_i(head):
        return "phrase"
    return "nested"


def head_i(head: Token | None) -> int:
    return -1 if head is None else head.i
