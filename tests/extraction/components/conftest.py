"""Our components on a blank English pipeline (no model: fast, and no parser)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from bot.extraction.components import add_components
from bot.extraction.names import ALIAS_FILE, Lexicon
from tests.conftest import SEEDS

# "Russia deployed troops to Syria ." as the parser reads it: (word, head offset, dep, pos, lemma)
DEPLOYED = (
    ("Russia", 1, "nsubj", "PROPN", "Russia"),
    ("deployed", 1, "ROOT", "VERB", "deploy"),
    ("troops", 1, "dobj", "NOUN", "troop"),
    ("to", 1, "prep", "ADP", "to"),
    ("Syria", 3, "pobj", "PROPN", "Syria"),
    (".", 1, "punct", "PUNCT", "."),
)
DEPLOYED_ENTS = ("B-GPE", "O", "O", "O", "B-GPE", "O")


@pytest.fixture(scope="session")
def blank() -> Language:
    nlp = spacy.blank("en")
    add_components(nlp, Lexicon.load((SEEDS / ALIAS_FILE).read_text("utf-8")))
    return nlp


@pytest.fixture(scope="session")
def parsed_doc(blank: Language) -> Callable[[int], Doc]:
    """Docs as the model would leave them: `sentences` copies of DEPLOYED, parsed and tagged."""
    return lambda sentences: _parsed(blank, sentences)


def _parsed(nlp: Language, sentences: int) -> Doc:
    words, heads, deps, pos, lemmas, ents = [], [], [], [], [], []
    for n in range(sentences):
        offset = n * len(DEPLOYED)
        for word, head, dep, tag, lemma in DEPLOYED:
            words.append(word)
            heads.append(offset + head)
            deps.append(dep)
            pos.append(tag)
            lemmas.append(lemma)
        ents.extend(DEPLOYED_ENTS)
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents)
