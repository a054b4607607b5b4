"""Wire copies: the same report carried by several outlets (an agency story in ten
papers, lightly edited) is one story with all its outlets.

Each fetched item gets a MinHash signature of its word shingles (datasketch); an LSH index
over the items of the last WINDOW finds, for a new item, an earlier one whose estimated
Jaccard similarity is at least THRESHOLD. The fetcher then credits the new item's outlet
on the earlier item's document instead of writing a second one (bot.feeds.cycle).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 64
# Estimated Jaccard similarity of the shingles from which two items are one report.
THRESHOLD = 0.7
SHINGLE_WORDS = 4
# How far back an item may be the original of a copy.
WINDOW = dt.timedelta(days=3)
# Too little text to tell a copy from a coincidence.
MIN_WORDS = 12
_WORD = re.compile(r"\w+")
_SEED = 1
_SCHEME = MinHash(num_perm=1, seed=_SEED).scheme


def signature(text: str) -> bytes | None:
    """The item's MinHash signature (NUM_PERM 32-bit values), or None for short text."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - 3)}
    found = MinHash(num_perm=NUM_PERM, seed=_SEED)
    found.update_batch([s.encode("utf-8") for s in shingles])
    return found.hashvalues.astype(np.uint32).tobytes()


def _minhash(data: bytes) -> LeanMinHash:
    values = np.frombuffer(data, dtype=np.uint32)
    return LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME)


@dataclass(frozen=True)
class Original:
    feed_id: int
    file: str


class WireIndex:
    """The recent items' signatures, by the document each became."""

    def __init__(self, rows: Iterable[tuple[int, str, bytes]] = ()) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._items: dict[str, Original] = {}
        for feed_id, file, data in rows:
            self.add(feed_id, file, data)

    def __len__(self) -> int:
        return len(self._items)

    def add(self, feed_id: int, file: str, data: bytes) -> None:
        if file in self._items or len(data) != NUM_PERM * 4:
            return
        self._items[file] = Original(feed_id, file)
        self._lsh.insert(file, _minhash(data))

    def original(self, data: bytes) -> Original | None:
        """The earliest-filed item this one copies, or None."""
        found = self._lsh.query(_minhash(data))
        return self._items[min(found)] if found else None
