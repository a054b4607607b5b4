"""Surface forms: a name as written ("the Kremlin", "Assad's") cut down to the name itself.

The abbreviations whose dot belongs to the name and the surname particles are data in
`bot/data/names.json`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.extraction.tables import table

NAMES_FILE = "names.json"
_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_EDGE_PUNCT = " \t\"'“”‘’.,;:()[]"
_EDGE_NO_DOT = _EDGE_PUNCT.replace(".", "")


@lru_cache(maxsize=1)
def _abbreviation() -> re.Pattern[str]:
    """Initials ('D.C.') or a known abbreviation ('Inc.') at the end of a name."""
    words = "|".join(re.escape(w) for w in table(NAMES_FILE)["abbreviations"])
    return re.compile(rf"(?:\b(?:[A-Za-z]\.){{2,}}|\b(?:{words})\.)$")


@lru_cache(maxsize=1)
def _name_particle() -> re.Pattern[str]:
    particles = "|".join(re.escape(p) for p in table(NAMES_FILE)["surname_particles"])
    return re.compile(rf"^(?:{particles})-", re.IGNORECASE)


def _strip(name: str) -> str:
    """Edge punctuation off, but not the dot that ends 'D.C.' or 'Inc.'."""
    name = name.strip(_EDGE_NO_DOT)
    while name.endswith(".") and not _abbreviation().search(name):
        name = name[:-1].rstrip(_EDGE_NO_DOT)
    return name.lstrip(".").strip(_EDGE_NO_DOT)


@lru_cache(maxsize=1)
def _leading_words() -> re.Pattern[str]:
    """Words before a name that are not part of it ('the', 'suspected'; 'a' in lower case)."""
    names = table(NAMES_FILE)
    any_case = "|".join(re.escape(w) for w in names["leading_words"])
    lower = "|".join(re.escape(w) for w in names["leading_words_lower"])
    return re.compile(rf"^(?:(?i:{any_case})|{lower})\s+(?=\S)")


def clean_name(surface: str) -> str:
    """'the Kremlin' -> 'Kremlin'; "Bashar al-Assad's" -> 'Bashar al-Assad'; 'Suspected
    Al-Shabaab' -> 'Al-Shabaab'."""
    name = _strip(" ".join(surface.split()))
    while (bare := _leading_words().sub("", name, count=1)) != name:
        name = bare
    name = name[:-1] if name.endswith(("s'", "s’")) else _POSSESSIVE.sub("", name)
    return _strip(name)


@lru_cache(maxsize=1)
def _titles() -> re.Pattern[str]:
    words = sorted(table(NAMES_FILE)["titles"], key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(re.escape(w) for w in words)})\.?\s+(?=\S)", re.I)


def without_title(name: str) -> str:
    """'Pope Leo' -> 'Leo'; a name that is only a title stays as it is."""
    return _titles().sub("", name, count=1)


def titled_person(name: str) -> str:
    """A person's name without the title the model took into it, when a full name is left
    ('Ayatollah Ali Khamenei' -> 'Ali Khamenei'; 'Prince Harry' and 'Pope Leo XIV' stay)."""
    bare = without_title(name)
    if len(bare.split()) < 2 or name.split()[0] in table(NAMES_FILE)["titles_kept_in_names"]:
        return name
    return bare


def surname_keys(name: str) -> set[str]:
    """The lower-case surnames a full name is also called by: 'al-assad' and 'assad'."""
    last = name.split()[-1].lower()
    return {last, _name_particle().sub("", last)}


_QUOTES = "\"'“”‘’«»`"
_DROPPED = re.compile(r"[.'’`]")  # U.S. -> US, d'Ivoire -> dIvoire: the word stays one word
_SEPARATORS = re.compile(r"[^\w]+|_")


def normalise(text: str) -> str:
    """One key for a name however it is typed: 'the U.S.' -> 'us', ' "Orbán" ' -> 'orban',
    'al-Assad' -> 'al assad'. Used on stored names and on what users type alike."""
    text = fold(text.strip().strip(_QUOTES).strip()).casefold()
    text = _SEPARATORS.sub(" ", _DROPPED.sub("", text)).strip()
    return _LEADING_THE.sub("", text)


def fold(text: str) -> str:
    """Diacritics off, letter by letter: 'Türkiye' -> 'Turkiye', 'Orbán' -> 'Orban'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def region_suffixes() -> frozenset[str]:
    """Last words that make a name its region's ('Donetsk Oblast', 'Kwara State'), lower."""
    names = table(NAMES_FILE)
    return frozenset(w.lower() for w in (*names["admin_suffixes"], *names["place_suffixes"]))
