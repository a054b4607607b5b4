"""Acronyms and the names they stand for: "IRGC" is "Islamic Revolutionary Guard Corps",
learned from the name and its acronym written side by side ("… Corps (IRGC)",
"IRGC (Islamic …)") or from initials that match exactly one known name."""

from __future__ import annotations

import re
from collections.abc import Iterable

_MINOR_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "&"})
_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}")
# "Full Name (FN)" or "FN (Full Name)": capitalised words and minor words.
_WORDS = r"[A-Z][\w'’.-]*(?:\s+(?:(?:of|the|and|for|on|in|de|du|des|la|&)\s+)*[A-Z][\w'’.-]*)+"
_LONG_THEN_SHORT = re.compile(rf"({_WORDS})\s+\(([A-Z][A-Z&]{{1,7}})\)")
_SHORT_THEN_LONG = re.compile(rf"\b([A-Z][A-Z&]{{1,7}})\s+\(({_WORDS})\)")


def is_acronym(text: str) -> bool:
    """'IRGC', 'AT&T': two to eight capitals, nothing else."""
    return bool(_ACRONYM.fullmatch(text))


def stands_for(short: str, name: str) -> bool:
    """True when `short`'s letters are the initials of `name`'s words, with or without
    its minor words ("DOGE": Department of Government Efficiency; "IRGC")."""
    if not is_acronym(short):
        return False
    words = [w for w in re.split(r"[\s-]+", name) if w]
    if len(words) < 2:
        return False
    letters = short.replace("&", "").upper()
    every = "".join(w[0] for w in words if w[0].isalpha()).upper()
    major = "".join(w[0] for w in words if w.lower() not in _MINOR_WORDS and w[0].isalpha())
    return letters in (every, major.upper())


def pairs_in(text: str) -> list[tuple[str, str]]:
    """(acronym, name) written side by side in a text, where the letters agree."""
    found = []
    for long, short in _LONG_THEN_SHORT.findall(text):
        words = long.split()
        # The name may begin mid-phrase: "… designated the Islamic Revolutionary …".
        for start in range(len(words) - 1):
            candidate = " ".join(words[start:])
            if stands_for(short, candidate):
                found.append((short, candidate))
                break
    for short, long in _SHORT_THEN_LONG.findall(text):
        if stands_for(short, long):
            found.append((short, long))
    return found


def acronym_table(texts: Iterable[str], names: Iterable[str]) -> dict[str, str]:
    """Acronym -> the one name it stands for: written beside it in some text, else the one
    multi-word name of `names` whose initials it is. An acronym with two readings is left."""
    seen: dict[str, set[str]] = {}
    for text in texts:
        for short, long in pairs_in(text):
            seen.setdefault(short, set()).add(long)
    table = {s: next(iter(v)) for s, v in seen.items() if len(v) == 1}
    by_initials: dict[str, set[str]] = {}
    for name in names:
        if len(name.split()) < 2:
            continue
        for short in _initials(name):
            by_initials.setdefault(short, set()).add(name)
    for short, longs in by_initials.items():
        if short not in seen and len(longs) == 1:
            table[short] = next(iter(longs))
    return table


def _initials(name: str) -> set[str]:
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isalpha()]
    every = "".join(w[0] for w in words).upper()
    major = "".join(w[0] for w in words if w.lower() not in _MINOR_WORDS).upper()
    return {s for s in (every, major) if len(s) >= 2}
