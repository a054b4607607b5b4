"""Our components grow linearly with the paragraph (issue 23): the work they do on one
huge paragraph, counted in lines run (tests/extraction/work.py), never in seconds."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from bot.extraction.components import gazetteer
from bot.extraction.components.gazetteer import GazetteerFixer
from tests.extraction.work import growth, lines_run

NAME = "Volodymyr Zelenskyy"


def _fixer_work(copies: int) -> int:
    """The gazetteer over one name repeated, which the model took for one huge person."""
    nlp = spacy.blank("en")
    fixer = GazetteerFixer(nlp, [{"label": "PERSON", "pattern": NAME, "id": f"person|{NAME}"}])
    doc = nlp.make_doc(f"{NAME} " * copies)
    doc.ents = [Span(doc, 0, len(doc), label="PERSON")]
    return lines_run(gazetteer, lambda: fixer(doc))


def test_gazetteer_work_is_linear_in_one_huge_entity():
    # Each match inside the entity once scanned all of its tokens: 16 times the work at
    # 4 times the size.
    assert growth(_fixer_work, 500) < 5


def test_gazetteer_keeps_a_huge_entity_it_only_matches_inside():
    nlp = spacy.blank("en")
    fixer = GazetteerFixer(nlp, [{"label": "PERSON", "pattern": NAME, "id": f"person|{NAME}"}])
    doc = nlp.make_doc(f"{NAME} " * 3)
    doc.ents = [Span(doc, 0, len(doc), label="PERSON")]
    assert [(e.start, e.end) for e in fixer(doc).ents] == [(0, 6)]


def _clauses_work(length: int) -> int:
    """The clause extractor over one sentence parsed as a chain (each word under the next,
    a verb at the top), a place name on every word: the deepest parse a sentence has."""
    from spacy.tokens import Doc

    from bot.extraction.components import clauses
    from bot.extraction.components.clauses import ClauseExtractor

    nlp = spacy.blank("en")
    words = ["Syria"] * length + ["said", "."]
    heads = [i + 1 for i in range(length)] + [length, length]
    deps = ["compound"] * length + ["ROOT", "punct"]
    pos = ["PROPN"] * length + ["VERB", "PUNCT"]
    ents = ["B-GPE"] * length + ["O", "O"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=words, ents=ents)
    return lines_run(clauses, lambda: ClauseExtractor()(doc))


def test_clause_work_is_linear_in_the_depth_of_the_parse():
    # Each entity once walked up to its clause head on its own: n entities, n steps each.
    assert growth(_clauses_work, 200) < 5
