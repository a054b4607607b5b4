"""An over-long paragraph cut into pieces the pipeline takes one at a time, and the pieces'
clauses joined back into the paragraph's.

spaCy's parser holds state for the whole doc it parses: a megabyte paragraph took gigabytes
(issue 23). A news paragraph is far below `MAX_PIECE` characters and stays one piece, so
its extraction is what it was; a longer one is cut at a sentence end, else at a line break
or a space, else anywhere, and each piece's clauses keep their own sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from bot.extraction.mentions import Clause

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MAX_PIECE = 10_000  # characters the pipeline takes at once
# The longest run without a space the tokenizer is given: it strips a word's suffixes one
# at a time, each a search to the word's end, so "((((…))))" costs its length squared. No
# word or address of the news is this long; a longer run is cut in tokens of this length.
MAX_WORD = 200
# Characters the pipeline holds at once (its batches count docs, not characters); a
# batch of news paragraphs is below this and stays whole.
BATCH_CHARS = 100_000
T = TypeVar("T")
_RUN = re.compile(r"\S+")
# A sentence's end: its stop, any closing quotes or brackets, then a space.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]{0,4}\s")


def pieces(text: str, size: int = MAX_PIECE) -> list[tuple[int, str]]:
    """The paragraph in pieces of at most `size` characters, each with its offset in it."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, size)
        out.append((start, text[start:end]))
        start = end
    out.append((start, text[start:] if start else text))
    return out


def _cut(text: str, start: int, size: int) -> int:
    """Where the piece that begins at `start` ends: its last sentence end, line break or
    space, looked for in its second half only, so that no piece is small."""
    half, bound = start + size // 2, start + size
    end = None
    for end_match in _SENTENCE_END.finditer(text, half, bound):
        end = end_match.end()
    if end is not None:
        return end
    for space in ("\n", " "):
        at = text.rfind(space, half, bound)
        if at != -1:
            return at + 1
    return bound  # one word of 5,000 characters or more: cut anyway


def batches(
    items: Iterable[tuple[str, T]], chars: int = BATCH_CHARS
) -> Iterator[list[tuple[str, T]]]:
    """Consecutive (text, context) pairs in groups of at most `chars` characters (a text
    longer than that alone)."""
    batch: list[tuple[str, T]] = []
    size = 0
    for item in items:
        if batch and size + len(item[0]) > chars:
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += len(item[0])
    if batch:
        yield batch


def tokenized(nlp: Language, text: str) -> str | Doc:
    """The piece as the pipeline takes it: its text, or, where a run without a space is
    longer than `MAX_WORD`, a doc of the same text with that run cut in tokens for it."""
    if len(text) <= MAX_WORD or max(map(len, text.split()), default=0) <= MAX_WORD:
        return text
    from spacy.tokens import Doc

    docs: list[Doc] = []
    done = 0
    for run in _RUN.finditer(text):
        if run.end() - run.start() <= MAX_WORD:
            continue
        if run.start() > done:
            docs.append(nlp.make_doc(text[done : run.start()]))
        word = run.group()
        words = [word[i : i + MAX_WORD] for i in range(0, len(word), MAX_WORD)]
        docs.append(Doc(nlp.vocab, words=words, spaces=[False] * len(words)))
        done = run.end()
    if done < len(text):
        docs.append(nlp.make_doc(text[done:]))
    return Doc.from_docs(docs, ensure_whitespace=False)


def join(parts: Sequence[tuple[int, list[Clause]]]) -> list[Clause]:
    """One paragraph's clauses from its pieces' (offset, clauses), in order: offsets into
    the paragraph, sentence and parent numbers running on across the pieces."""
    if len(parts) == 1:
        return parts[0][1]
    joined: list[Clause] = []
    sentences = 0  # sentences numbered so far: a piece's own come after them
    for offset, clauses in parts:
        before = len(joined)
        for clause in clauses:
            clause.sentence_index += sentences
            if clause.parent is not None:
                clause.parent += before
            clause.start += offset
            for mention in clause.mentions:
                mention.start += offset
        joined.extend(clauses)
        sentences = max((c.sentence_index + 1 for c in clauses), default=sentences)
    return joined
