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

from bot.extraction.names.bodies import country_key
from bot.extraction.names.lexicon import Lexicon
from bot.extraction.names.linking import EventNames, rename
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
