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
# Each pair is looked for around a bracket after a space: the acronym inside it ("(FN)"),
# or before it ("FN (") with the name inside. Only these bounded patterns run over the
# whole text; the name is read in a window the acronym's length bounds (Schwartz and
# Hearst: a long form has at most min(|A| + 5, 2|A|) words), so a paragraph of one name
# repeated costs one pass, not a scan to the end of the run from every word of it.
_BRACKET = re.compile(r"\s\(")
_SHORT_CLOSED = re.compile(rf"({_SHORT})\)")
_SHORT_AT_END = re.compile(rf"\b({_SHORT})\Z")
_WORDS_CLOSED = re.compile(rf"({_WORDS})\)")
# A word of a long form, seen alone: a name's word ("Corps", "al-Sham", "U.S.") or a run of
# minor words ("of", "of-the").
_NAME_WORD = re.compile(rf"(?:(?:{_MINOR})-+)*[A-Z][\w'’.-]*")
_MINOR_RUN = re.compile(rf"(?:{_MINOR})(?:-+(?:{_MINOR}))*-*")
_NOT_IN_WORD = re.compile(r"[^\w'’.-]")
_CAPITAL = re.compile("[A-Z]")
_WORD_CHARS = 30  # characters a long form's word takes at most on average, its space with it


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
    long_first: list[tuple[str, str]] = []
    short_first: list[tuple[str, str]] = []
    for bracket in _BRACKET.finditer(text):
        opening = bracket.end()  # just after "("
        before = _space_start(text, bracket.start() + 1)
        if before is None:
            continue
        inside = _SHORT_CLOSED.match(text, opening)
        if inside is not None:
            short = inside.group(1)
            agreeing = _agreeing_ending(short, _long_form_before(text, before, short), known)
            if agreeing is not None:
                long_first.append((short, agreeing))
        found = _SHORT_AT_END.search(text, max(0, before - 8), before)
        if found is not None:
            short = found.group(1)
            window = opening + _window(short) + 1
            long = _WORDS_CLOSED.match(text, opening, window)
            if long is not None and stands_for(short, long.group(1)):
                short_first.append((short, long.group(1)))
    return long_first + short_first


def _window(short: str) -> int:
    """The characters a long form of `short` may take."""
    return _max_words(short) * _WORD_CHARS


def _max_words(short: str) -> int:
    """Schwartz and Hearst's bound on a long form's words: min(|A| + 5, 2|A|)."""
    letters = len(short.replace("&", ""))
    return min(letters + 5, 2 * letters)


def _space_start(text: str, end: int) -> int | None:
    """Where the spaces that end at `end` begin; None past a long form's window (a
    megabyte of spaces before a bracket is read once, not once a bracket)."""
    start, stop = end, max(0, end - _WORD_CHARS)
    while start > stop and text[start - 1].isspace():
        start -= 1
    return start if start > 0 and not text[start - 1].isspace() else None


def _long_form_before(text: str, end: int, short: str) -> list[str]:
    """The words of the name that ends at `end`: capitalised words and minor words, the
    first and last capitalised, at most the acronym's bound of them."""
    limit = _max_words(short)
    start = max(0, end - _window(short))
    chunks = text[start:end].split()
    if start > 0 and not text[start - 1].isspace() and not text[start].isspace():
        chunks = chunks[1:]  # a word the window cut
    if not chunks or not _NAME_WORD.fullmatch(chunks[-1]):
        return []
    words: list[str] = []
    for chunk in reversed(chunks[-limit:]):
        if _NAME_WORD.fullmatch(chunk) or _MINOR_RUN.fullmatch(chunk):
            words.append(chunk)
            continue
        words.append(_NOT_IN_WORD.split(chunk)[-1])  # '"Islamic' -> 'Islamic'
        break
    words.reverse()
    # The name begins at a capital: a leading minor word or particle is not in it.
    while words and (capital := _CAPITAL.search(words[0])) is None:
        words.pop(0)
    if not words:
        return []
    words[0] = words[0][capital.start() :]
    if not _NAME_WORD.fullmatch(words[0]):
        return []
    names = sum(1 for w in words if _NAME_WORD.fullmatch(w))
    return words if names >= 2 else []


def _agreeing_ending(short: str, words: list[str], known: frozenset[str]) -> str | None:
    """The longest ending of the words that `short` stands for, else one that is known."""
    # The name may begin mid-phrase: "… designated the Islamic Revolutionary …"; it
    # never begins with a minor word ("The International Criminal Court (ICC)").
    starts = [i for i in range(len(words) - 1) if words[i].lower() not in _MINOR_WORDS]
    endings = [" ".join(words[i:]) for i in starts]
    agreeing = next((c for c in endings if stands_for(short, c)), None)
    if agreeing is None:
        agreeing = next((c for c in endings if c in known), None)
    return agreeing


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
