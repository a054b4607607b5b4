"""Wire copies: the same report carried by several outlets (an agency story in ten
papers, lightly edited) is one story with all its outlets.

Each fetched item gets a MinHash signature of its word shingles (datasketch); an LSH index
over the items of the last WINDOW finds, for a new item, an earlier one whose estimated
Jaccard similarity is at least THRESHOLD and which states the same figures (an update that
raises a death toll is news, not a copy). The fetcher then credits the new item's outlet
on the earlier item's document instead of writing a second one (bot.feeds.cycle).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
# Estimated Jaccard similarity of the shingles from which two items are one report.
THRESHOLD = 0.5
# The LSH's own cut, below THRESHOLD: its candidates are then checked one by one.
CANDIDATES = 0.4
SHINGLE_WORDS = 2
# How far back an item may be the original of a copy.
WINDOW = dt.timedelta(days=3)
# Too little text to tell a copy from a coincidence.
MIN_WORDS = 12
_WORD = re.compile(r"\w+")
# The figures a report states: digits and number words. Two reports that state different
# figures are two reports (a death toll that rises is news), however alike their words.
_FIGURE = re.compile(
    r"\d+(?:[.,]\d+)*|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|"
    r"dozens?|first|second|third|fourth|fifth)\b",
    re.IGNORECASE,
)
_SEED = 1
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED)  # its permutations, drawn once
_SCHEME = _TEMPLATE.scheme


def figures(text: str) -> str:
    """The figures a text states, sorted, as one string ("136,2025")."""
    return ",".join(sorted({f.lower().replace(",", "") for f in _FIGURE.findall(text)}))


def signature(text: str) -> bytes | None:
    """The item's mark: its MinHash signature (NUM_PERM 32-bit values) then its figures;
    None for too short a text."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
    }
    found = MinHash(
        num_perm=NUM_PERM, seed=_SEED, permutations=_TEMPLATE.permutations, scheme=_SCHEME
    )
    found.update_batch([s.encode("utf-8") for s in shingles])
    return found.hashvalues.astype(np.uint32).tobytes() + figures(text).encode("ascii", "replace")


_SIZE = NUM_PERM * 4


def _minhash(data: bytes) -> LeanMinHash:
    values = np.frombuffer(data[:_SIZE], dtype=np.uint32)
    return LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME)


@dataclass(frozen=True)
class Original:
    feed_id: int
    file: str


class WireIndex:
    """The recent items' signatures, by the document each became."""

    def __init__(self, rows: Iterable[tuple[int, str, bytes]] = ()) -> None:
        self._lsh = MinHashLSH(threshold=CANDIDATES, num_perm=NUM_PERM)
        self._items: dict[str, Original] = {}
        self._marks: dict[str, LeanMinHash] = {}
        self._figures: dict[str, bytes] = {}
        for feed_id, file, data in rows:
            self.add(feed_id, file, data)

    def __len__(self) -> int:
        return len(self._items)

    def add(self, feed_id: int, file: str, data: bytes) -> None:
        if file in self._items or len(data) < _SIZE:
            return
        self._items[file] = Original(feed_id, file)
        self._marks[file] = _minhash(data)
        self._figures[file] = data[_SIZE:]
        self._lsh.insert(file, self._marks[file])

    def original(self, data: bytes) -> Original | None:
        """The item this one copies (the most alike of the LSH's candidates whose estimated
        similarity reaches THRESHOLD: the LSH's own cut is approximate), or None."""
        mark, stated = _minhash(data), data[_SIZE:]
        alike = [
            (mark.jaccard(self._marks[f]), f)
            for f in self._lsh.query(mark)
            if self._figures[f] == stated
        ]
        best = max((a for a in alike if a[0] >= THRESHOLD), default=None)
        return self._items[best[1]] if best else None
