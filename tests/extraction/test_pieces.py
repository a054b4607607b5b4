"""An over-long paragraph goes to the pipeline in pieces of bounded size (issue 23): a
news paragraph stays one piece; a longer one is cut where a sentence ends, and its events
keep their own sentences and offsets."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy

from bot.extraction.mentions import Clause, Mention
from bot.extraction.pieces import BATCH_CHARS, MAX_PIECE, MAX_WORD, join, pieces, tokenized
from bot.seeds import Document
from bot.seeds.document import Paragraph

PUBLISHED = dt.date(2025, 2, 17)
SENTENCE = "Russia deployed troops to Syria on Monday. "
SENTENCES = (
    "Russia deployed troops to Syria on Monday. ",
    "Ukraine struck a refinery in Ryazan on Tuesday. ",
    "France sent aid to Lebanon on Wednesday. ",
)


def test_a_news_paragraph_is_one_piece_as_written():
    text = SENTENCE * 20
    [(offset, piece)] = pieces(text)
    assert (offset, piece) == (0, text)
    assert piece is text


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        (SENTENCE * 1_000, ". "),  # cut after a sentence
        ("word " * 10_000, " "),  # no sentence: after a space
        ("line\n" * 10_000, "\n"),
    ],
    ids=["sentences", "words", "lines"],
)
def test_a_long_paragraph_is_cut_where_a_sentence_or_word_ends(text, ends):
    found = pieces(text)
    assert len(found) > 1
    assert "".join(p for _, p in found) == text
    assert all(len(p) <= MAX_PIECE for _, p in found)
    assert all(text[offset : offset + len(p)] == p for offset, p in found)
    assert all(p.endswith(ends) for _, p in found[:-1])


def test_one_word_longer_than_a_piece_is_cut_anyway():
    text = "x" * (2 * MAX_PIECE + 5)
    assert [len(p) for _, p in pieces(text)] == [MAX_PIECE, MAX_PIECE, 5]


def test_pieces_join_with_offsets_sentences_and_parents_running_on():
    def clause(sentence: int, parent: int | None, start: int) -> Clause:
        mention = Mention("Syria", "GPE", "place", start=start + 3)
        return Clause("a", "s", sentence, parent, mentions=[mention], start=start)

    first = [clause(0, None, 0), clause(0, 0, 5), clause(1, None, 20)]
    second = [clause(0, None, 2), clause(0, 0, 9)]
    joined = join([(0, first), (100, second)])
    assert [c.sentence_index for c in joined] == [0, 0, 1, 2, 2]
    assert [c.parent for c in joined] == [None, 0, None, None, 3]
    assert [c.start for c in joined] == [0, 5, 20, 102, 109]
    assert [c.mentions[0].start for c in joined] == [3, 8, 23, 105, 112]


def _document(text: str) -> Document:
    return Document("a.txt", PUBLISHED, "1" * 64, paragraphs=(Paragraph(text),))


def test_a_long_paragraph_has_the_events_of_its_sentences(extractor):
    short = "".join(SENTENCES)
    copies = MAX_PIECE // len(short) * 3  # three pieces or so
    long_events = extractor.extract(_document(short * copies))
    short_events = extractor.extract(_document(short))
    assert len(long_events) == copies * len(short_events)
    # Every event of a later piece carries its own sentence, its names and its date.
    expected = [(e.sentence, e.actors, e.places, e.when) for e in short_events]
    assert [(e.sentence, e.actors, e.places, e.when) for e in long_events] == expected * copies


def test_offsets_in_a_long_paragraph_point_at_what_was_found(extractor):
    text = "".join(SENTENCES) * (MAX_PIECE // 100)
    found, _ = extractor.analyse(_document(text))
    assert found[-1].start > MAX_PIECE
    assert all(text[item.start : item.end] == item.text for item in found)


class _Measured:
    """The pipeline, noting the length of every text it is given."""

    def __init__(self, nlp) -> None:
        self.nlp = nlp
        self.lengths: list[int] = []
        self.words: list[int] = []
        self.calls: list[int] = []  # characters each call of `pipe` was given

    def __getattr__(self, name: str) -> object:
        return getattr(self.nlp, name)  # the vocabulary, the tokenizer

    def pipe(self, items, **kwargs):
        self.calls.append(0)

        def noted(items):
            for item in items:
                text = item[0] if kwargs.get("as_tuples") else item
                self.lengths.append(len(text))
                self.calls[-1] += len(text)
                # The longest run the tokenizer gets: a doc comes tokenized already.
                words = text.split() if isinstance(text, str) else [t.text for t in text]
                self.words.append(max(map(len, words), default=0))
                yield item

        return self.nlp.pipe(noted(items), **kwargs)


def test_the_pipeline_never_takes_more_than_a_piece_at_once(extractor):
    from bot.extraction.extractor import Extractor

    measured = _Measured(extractor.nlp)
    bounded = Extractor(measured, extractor.lexicon)  # type: ignore[arg-type]
    text = "Volodymyr Zelenskyy " * 2_000
    bounded.extract(_document(text))
    bounded.analyse(_document(text))
    assert sum(measured.lengths) == 2 * len(text)
    assert max(measured.lengths) <= MAX_PIECE


@pytest.mark.parametrize(
    "text",
    ["(" * 6_000 + ")" * 6_000, "x" * 25_000, "a " + "(" * 300 + " b"],
    ids=["brackets", "x", "short"],
)
def test_the_tokenizer_never_takes_a_run_longer_than_a_word(extractor, text):
    # spaCy strips a word's suffixes one at a time, each a search to its end: nested
    # brackets cost their length squared.
    from bot.extraction.extractor import Extractor

    measured = _Measured(extractor.nlp)
    Extractor(measured, extractor.lexicon).extract(_document(text))  # type: ignore[arg-type]
    assert max(measured.words) <= MAX_WORD


def test_a_run_cut_for_the_tokenizer_keeps_the_text():
    blank = spacy.blank("en")
    text = "Hello (" + "(" * 450 + ") world " + "x" * 201 + " end."
    doc = tokenized(blank, text)
    assert doc.text == text
    assert max(len(t) for t in doc) == MAX_WORD
    assert tokenized(blank, "Hello world.") == "Hello world."


def test_the_pipeline_holds_a_bounded_text_at_once(extractor):
    # Its batches count docs: 64 pieces of a huge paragraph were two gigabytes at once.
    from bot.extraction.extractor import Extractor

    measured = _Measured(extractor.nlp)
    text = "".join(SENTENCES) * (3 * BATCH_CHARS // 130)
    Extractor(measured, extractor.lexicon).extract(_document(text))  # type: ignore[arg-type]
    assert len(measured.calls) > 1
    assert max(measured.calls) <= BATCH_CHARS
