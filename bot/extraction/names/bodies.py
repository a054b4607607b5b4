"""Generic names of a country's bodies: "the Senate", "Parliament", "the army", "the
Defence Ministry". Written alone they name a different body in each country, so they are
filed as the body of the country their sentence or news item names ("Senate
(Philippines)"), under the name the lexicon gives that body when it knows one ("United
States Congress"), or kept as no entity. Their nouns are categories of bodies in
`bot/data/names.json` (`institutions`, `ministries`, `portfolios`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bot.extraction.names.surface import NAMES_FILE, clean_name
from bot.extraction.tables import table


@dataclass(frozen=True)
class Generic:
    """A generic name: the body it names, as written ('Senate', 'Defence Ministry'), or
    None for a fragment of an office's title ('Defense' of 'Defense
    Minister', 'State' of 'Secretary of State'), which names no body at all."""

    body: str | None
    head: str  # the word a full name of the body holds: "Senate", "Ministry"


@cache
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    names = table(NAMES_FILE)
    bodies = frozenset(w for words in names["institutions"].values() for w in words)
    return bodies, frozenset(names["ministries"]), frozenset(names["portfolios"])


def generic(surface: str) -> Generic | None:
    """The generic body a name is, if it is one; None for a proper name."""
    name = clean_name(surface)
    key = " ".join(name.lower().split())
    if not key or not name[:1].isupper():
        return None
    bodies, ministries, portfolios = _words()
    if key in bodies:
        return Generic(_titled(name), _titled(name).split()[-1])
    if key in portfolios:
        return Generic(None, "")
    words = key.split()
    if len(words) >= 2 and words[-1] in ministries and " ".join(words[:-1]) in portfolios:
        return Generic(_titled(name), words[-1].title())  # "Defence Ministry"
    of = len(words) >= 3 and words[0] in ministries and words[1] == "of"
    if of and " ".join(words[2:]) in portfolios:
        return Generic(_titled(name), words[0].title())  # "Ministry of Defence"
    return None


_LOWER = frozenset({"of", "and", "the", "for"})


def _titled(name: str) -> str:
    """'Ministry of foreign affairs' -> 'Ministry of Foreign Affairs': each word
    capitalised but the small ones; words already capitalised stay as written."""
    return " ".join(w if w[:1].isupper() or w in _LOWER else w.title() for w in name.split())
