"""Generic names of a country's bodies: "the Senate", "Parliament", "the army", "the
Defence Ministry". Written alone they name a different body in each country, so they are
filed as the body of the country their sentence or news item names ("Senate
(Philippines)"), under the name the lexicon gives that body when it knows one ("United
States Congress"), or kept as no entity. Their nouns are categories of bodies in
`bot/data/names.json` (`institutions`, `ministries`, `portfolios`). And the other side: the
country a body's full name holds ("Ukrainian Armed Forces", "Senate of the Philippines"),
which files its forms under one key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bot.extraction.names.lexicon import Lexicon
from bot.extraction.names.surface import NAMES_FILE, clean_name, normalise
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
