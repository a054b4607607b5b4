"""Where a date attaches (bot.extraction.components.dating), on parses given by hand: the
rule reads the tree, whatever model made it."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from bot.extraction.components.dating import attachment, clause_kind

# (word, head index, dep, pos, tag); the date entity is the token marked DATE.
NAMED = (  # "Peru adopts Agenda 2030 ."
    ("Peru", 1, "nsubj", "PROPN", "NNP"),
    ("adopts", 1, "ROOT", "VERB", "VBZ"),
    ("Agenda", 1, "dobj", "PROPN", "NNP"),
    ("2030", 2, "nummod", "NUM", "CD"),
    (".", 1, "punct", "PUNCT", "."),
)
DEADLINE = (  # "Peru cuts emissions by 2030 ."
    ("Peru", 1, "nsubj", "PROPN", "NNP"),
    ("cuts", 1, "ROOT", "VERB", "VBZ"),
    ("emissions", 1, "dobj", "NOUN", "NNS"),
    ("by", 1, "prep", "ADP", "IN"),
    ("2030", 3, "pobj", "NUM", "CD"),
    (".", 1, "punct", "PUNCT", "."),
)
YARDSTICK = (  # "Peru sees the biggest flood since 1984 ."
    ("Peru", 1, "nsubj", "PROPN", "NNP"),
    ("sees", 1, "ROOT", "VERB", "VBZ"),
    ("the", 4, "det", "DET", "DT"),
    ("biggest", 4, "amod", "ADJ", "JJS"),
    ("flood", 1, "dobj", "NOUN", "NN"),
    ("since", 4, "prep", "SCONJ", "IN"),
    ("1984", 5, "pobj", "NUM", "CD"),
    (".", 1, "punct", "PUNCT", "."),
)
BASELINE = (  # "Peru has grown since 1984 ."
    ("Peru", 2, "nsubj", "PROPN", "NNP"),
    ("has", 2, "aux", "AUX", "VBZ"),
    ("grown", 2, "ROOT", "VERB", "VBN"),
    ("since", 2, "prep", "SCONJ", "IN"),
    ("1984", 3, "pobj", "NUM", "CD"),
    (".", 2, "punct", "PUNCT", "."),
)
FRAME = (  # "Since 1984 , Peru has grown ."
    ("Since", 5, "prep", "SCONJ", "IN"),
    ("1984", 0, "pobj", "NUM", "CD"),
    (",", 5, "punct", "PUNCT", ","),
    ("Peru", 5, "nsubj", "PROPN", "NNP"),
    ("has", 5, "aux", "AUX", "VBZ"),
    ("grown", 5, "ROOT", "VERB", "VBN"),
    (".", 5, "punct", "PUNCT", "."),
)
ATTRIBUTE = (  # "Peru tries a 1984 attack ."
    ("Peru", 1, "nsubj", "PROPN", "NNP"),
    ("tries", 1, "ROOT", "VERB", "VBZ"),
    ("a", 4, "det", "DET", "DT"),
    ("1984", 4, "nummod", "NUM", "CD"),
    ("attack", 1, "dobj", "NOUN", "NN"),
    (".", 1, "punct", "PUNCT", "."),
)
RELATIVE = (  # "Peru frees a man who fled in 1984 ."
    ("Peru", 1, "nsubj", "PROPN", "NNP"),
    ("frees", 1, "ROOT", "VERB", "VBZ"),
    ("a", 3, "det", "DET", "DT"),
    ("man", 1, "dobj", "NOUN", "NN"),
    ("who", 5, "nsubj", "PRON", "WP"),
    ("fled", 3, "relcl", "VERB", "VBD"),
    ("in", 5, "prep", "ADP", "IN"),
    ("1984", 6, "pobj", "NUM", "CD"),
    (".", 1, "punct", "PUNCT", "."),
)


def _parsed(blank, rows):
    words = [r[0] for r in rows]
    ents = ["B-DATE" if r[0][:1].isdigit() else "O" for r in rows]
    return Doc(
        blank.vocab,
        words=words,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        ents=ents,
    )


def _root(doc):
    return next(t for t in doc if t.dep_ == "ROOT")


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (NAMED, "name"),
        (DEADLINE, "deadline"),
        (YARDSTICK, "comparison"),
        (BASELINE, "baseline"),
        (FRAME, "since"),
        (ATTRIBUTE, "attribute"),
    ],
)
def test_where_a_date_attaches(blank, rows, expected):
    doc = _parsed(blank, rows)
    (date,) = doc.ents
    assert attachment(date, _root(doc)) == expected


def test_a_relative_clause_is_subordinate_and_its_date_its_verbs(blank):
    doc = _parsed(blank, RELATIVE)
    (date,) = doc.ents
    fled = doc[5]
    assert clause_kind(fled) == "subordinate"
    assert clause_kind(_root(doc)) == "main"
    assert attachment(date, fled) == "verb"
