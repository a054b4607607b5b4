"""Corpus-level joins of organisation names that only the whole corpus can make.

- `merge_country_forms`: one body named with its country in any form ("Ukrainian Armed
  Forces", "Armed Forces of Ukraine"; "Pakistani Armed Forces", "Pakistan Armed Forces").
- `join_short_forms`: a short name that ends or begins one longer name the corpus uses far
  more ("Security Council" of "United Nations Security Council", a name the model cut
  short); a short name used as much as its longer readings ("Supreme Court", "United
  Nations") names no one of them and stays.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.extraction.names.lexicon import Lexicon
from bot.extraction.names.linking import EventNames, rename
from bot.extraction.names.surface import normalise
from bot.seeds import Document

Results = Sequence[tuple[Document, Sequence[EventNames]]]
# A longer name takes a short one when it has this many times the events of the short one
# and of every other longer name ending with it.
DOMINANT = 5


def _organisations(results: Results) -> Counter[str]:
    count: Counter[str] = Counter()
    for _, events in results:
        for event in events:
            count.update(n for n, k in event.kinds.items() if k == "organisation")
    return count


def _apply(results: Results, renames: dict[str, str]) -> int:
    done = 0
    for _, events in results:
        for event in events:
            for old in [n for n, k in event.kinds.items() if k == "organisation" and n in renames]:
                rename(event, old, renames[old], "organisation")
                done += 1
    return done


def country_key(name: str, lexicon: Lexicon) -> str | None:
    """'Ukrainian Armed Forces', 'Armed Forces of Ukraine' and 'Armed Forces (Ukraine)' ->
    'ukraine armed forces'; None for a name without a country in it. The country may be
    written in several words ('United States Senate', 'Senate of the Philippines')."""
    words = name.split()
    if len(words) < 2:
        return None
    country, rest = _country_around(words, lexicon)
    if country is None or not rest:
        return None
    return normalise(f"{country} {' '.join(rest)}")


def country_in(name: str, lexicon: Lexicon) -> str | None:
    """The country a body's name holds ('Ukrainian Armed Forces', 'President of the United
    States'), or None."""
    words = name.split()
    return _country_around(words, lexicon)[0] if len(words) >= 2 else None


# How many words a country's name or demonym may take ("Democratic Republic of the Congo").
_COUNTRY_WORDS = 6


def _country_of(words: list[str], lexicon: Lexicon) -> str | None:
    text = " ".join(words)
    demonym = lexicon.demonyms.get(text.lower())
    if demonym is not None:
        return demonym
    resolved = lexicon.resolve(text)
    return resolved if lexicon.kind(resolved) == "country" else None


def _country_around(words: list[str], lexicon: Lexicon) -> tuple[str | None, list[str]]:
    """The country a body's name holds, first ('Ukrainian …'), after its last 'of' ('… of
    the Philippines') or in brackets ('… (Philippines)'), and the rest of the name."""
    last = " ".join(words)
    if last.endswith(")") and " (" in last:
        head, _, inner = last[:-1].rpartition(" (")
        country = _country_of(inner.split(), lexicon)
        if country is not None:
            return country, head.split()
    for k in range(min(_COUNTRY_WORDS, len(words) - 1), 0, -1):
        country = _country_of(words[:k], lexicon)
        if country is not None:
            return country, words[k:]
    lowered = [w.lower() for w in words]
    if "of" in lowered[1:]:
        at = len(lowered) - 1 - lowered[::-1].index("of")
        tail = words[at + 1 :]
        if tail and tail[0].lower() == "the":
            tail = tail[1:]
        country = _country_of(tail, lexicon) if 0 < len(tail) <= _COUNTRY_WORDS else None
        if country is not None and at > 0:
            return country, words[:at]
    return None, words


def merge_country_forms(results: Results, lexicon: Lexicon) -> int:
    """File one body's names under its most used form."""
    count = _organisations(results)
    groups: dict[str, list[str]] = {}
    for name in count:
        key = country_key(name, lexicon)
        if key is not None:
            groups.setdefault(key, []).append(name)
    renames: dict[str, str] = {}
    for names in groups.values():
        names.sort(key=lambda n: (-count[n], n))
        renames.update({n: names[0] for n in names[1:]})
    return _apply(results, renames)


def join_short_forms(results: Results) -> int:
    """File a short organisation name (two words or more) under the one longer name that
    ends or begins with it and clearly dominates it."""
    count = _organisations(results)
    by_ending: dict[str, list[str]] = {}
    for name in count:
        words = name.split()
        for cut in range(2, len(words)):
            by_ending.setdefault(" ".join(words[-cut:]), []).append(name)
            by_ending.setdefault(" ".join(words[:cut]), []).append(name)
    renames: dict[str, str] = {}
    for short, longer in by_ending.items():
        if short not in count or len(short.split()) < 2:
            continue
        longer.sort(key=lambda n: (-count[n], n))
        top, rest = longer[0], longer[1:]
        others = max([count[short], *(count[n] for n in rest)])
        if count[top] >= DOMINANT * others:
            renames[short] = top
    return _apply(results, renames)
