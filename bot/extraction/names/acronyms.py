"""Acronyms and the names they stand for: "IRGC" is "Islamic Revolutionary Guard Corps",
learned from the name and its acronym written side by side ("… Corps (IRGC)",
"IRGC (Islamic …)") or from initials that match exactly one known name."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Words an acronym leaves out: English and Romance connectives, and the Arabic article
# and conjunction ("Jama'at Nasr al-Islam wal-Muslimin" is JNIM).
_MINOR_WORDS = frozenset(
    {"of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "&", "al", "el", "wal", "wa"}
)
_MINOR = "of|the|and|for|on|in|de|du|des|la|&|al|el|wal|wa"
# Two to eight letters, capitals but for single lower-case letters between them ("AfD").
_SHORT = r"[A-Z](?:[A-Z&]|[a-z](?=[A-Z])){1,7}"
_ACRONYM = re.compile(_SHORT)
# "Full Name (FN)" or "FN (Full Name)": capitalised words and minor words.
_WORDS = rf"[A-Z][\w'’.-]*(?:\s+(?:(?:{_MINOR})[\s-]+)*[A-Z][\w'’.-]*)+"
_LONG_THEN_SHORT = re.compile(rf"({_WORDS})\s+\(({_SHORT})\)")
_SHORT_THEN_LONG = re.compile(rf"\b({_SHORT})\s+\(({_WORDS})\)")


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


def pairs_in(text: str, known: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(acronym, name) written side by side in a text, where the letters agree, or, for an
    acronym of another language ("National Liberation Army (ELN)"), where the name is one
    of the `known` names and the letters agree on none of its endings."""
    found = []
    for long, short in _LONG_THEN_SHORT.findall(text):
        words = long.split()
        # The name may begin mid-phrase: "… designated the Islamic Revolutionary …"; it
        # never begins with a minor word ("The International Criminal Court (ICC)").
        starts = [i for i in range(len(words) - 1) if words[i].lower() not in _MINOR_WORDS]
        endings = [" ".join(words[i:]) for i in starts]
        agreeing = next((c for c in endings if stands_for(short, c)), None)
        if agreeing is None:
            agreeing = next((c for c in endings if c in known), None)
        if agreeing is not None:
            found.append((short, agreeing))
    for short, long in _SHORT_THEN_LONG.findall(text):
        if stands_for(short, long):
            found.append((short, long))
    return found


def acronym_table(texts: Iterable[str], names: Iterable[str]) -> dict[str, str]:
    """Acronym -> the one name it stands for: written beside it in some text, else the one
    multi-word name of `names` whose initials it is. An acronym with two readings is left."""
    names = list(names)
    known = frozenset(n for n in names if len(n.split()) >= 2)
    seen: dict[str, set[str]] = {}
    for text in texts:
        for short, long in pairs_in(text, known):
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
