"""The lookup keys of an entity: every way a typed name may reach it (its name, an alias,
a word of its name, its initials, a person's surname), normalised as the lookup
normalises what is typed. The entities part stores them in `name_keys`; the completions
table and the checks derive theirs from the same function."""

from __future__ import annotations

from collections.abc import Iterable

from bot.extraction.names.surface import normalise, region_suffixes, surname_keys


def initials(name: str) -> set[str]:
    """Acronyms a multi-word name may go by: the initials of every word ('Department of
    Government Efficiency' -> 'doge') and of its capitalised words only ('drc')."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    if len(words) < 2:
        return set()
    found = {"".join(w[0] for w in words), "".join(w[0] for w in words if w[0].isupper())}
    return {normalise(a) for a in found if len(a) >= 2}


def name_keys(name: str, kind: str, aliases: Iterable[str]) -> set[tuple[str, str]]:
    """(rule, key) for every way the lookup may reach an entity."""
    keys = {("name", normalise(name))} | {("alias", normalise(a)) for a in aliases}
    words = normalise(name).split()
    if len(words) > 1:
        # A region named after its city ("Donetsk Oblast") is not what "Donetsk" means:
        # its words lead to it only with the suffix typed too.
        if words[-1] not in region_suffixes():
            keys |= {("word", w) for w in words}
        keys |= {("acronym", a) for a in initials(name)}
        if kind == "person":
            keys |= {("surname", normalise(k)) for k in surname_keys(name)}
            # A spelling of the same person ("Volodymyr Zelensky" beside "Volodymyr
            # Zelenskyy": same given name, two words or more) gives its surname too.
            for alias in aliases:
                spelt = normalise(alias).split()
                if len(spelt) > 1 and spelt[0] == words[0]:
                    keys |= {("surname", normalise(k)) for k in surname_keys(alias)}
    return {(rule, key) for rule, key in keys if key}
