"""Linking: from a mention to the canonical entity it names.

Within a document (`DocumentLinker`): offices to their holder on the publication day, bare
surnames to the one full name the document gives, demonyms and capitals to their country,
and "the country" to the last country named outright. Across the corpus (`link_people`):
a bare surname left over to the one person of that name the corpus knows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Protocol

from rapidfuzz.distance import JaroWinkler

from bot.extraction.mentions import Mention
from bot.extraction.names.bodies import Generic, country_in, country_key, generic
from bot.extraction.names.lexicon import Lexicon
from bot.extraction.names.places import known_places
from bot.extraction.names.surface import (
    NAMES_FILE,
    clean_name,
    fold,
    surname_keys,
    titled_person,
)
from bot.extraction.tables import table
from bot.seeds import Document

# All capitals with digits or a hyphen, or capitals only: the shape of a code or acronym.
MIN_SURNAME = 4  # "Li"/"Lu": too short to tell a spelling variant from another name
_CODE_SHAPE = re.compile(r"[A-Z][A-Z0-9]*(?:[-–][A-Z0-9]+)*|[A-Z]+[0-9]+")


@dataclass(frozen=True)
class Linked:
    """The canonical entity a mention names, and its kind ('person', 'country', ...)."""

    name: str
    kind: str


class EventNames(Protocol):
    """What `link_people` reads and renames in an event (the extractor's `Event`)."""

    actors: list[str]
    places: list[str]
    kinds: dict[str, str]
    surfaces: dict[str, set[str]]


def _full_names_by_surname(names: Iterable[str]) -> dict[str, set[str]]:
    full: dict[str, set[str]] = {}
    for name in names:
        if len(name.split()) >= 2:
            for key in surname_keys(name):
                full.setdefault(key, set()).add(name)
    return full


def _parts_of_longer_names(names: Iterable[str]) -> dict[str, str]:
    """Each multi-word name whose words run, in order, inside exactly one longer name."""
    by_pair: dict[tuple[str, str], set[str]] = {}
    for name in names:
        words = name.lower().split()
        for pair in pairwise(words):
            by_pair.setdefault(pair, set()).add(name)
    parts: dict[str, str] = {}
    for name in names:
        words = name.lower().split()
        if len(words) < 2:
            continue
        longer = [
            other
            for other in by_pair.get((words[0], words[1]), ())
            if len(other.split()) > len(words) and _runs_inside(words, other.lower().split())
        ]
        # Only the longest forms count: "A B" inside "A B C" and "A B C D" is still one.
        longest = [
            o
            for o in longer
            if not any(
                o != x and _runs_inside(o.lower().split(), x.lower().split()) for x in longer
            )
        ]
        if len(longest) == 1:
            parts[name] = longest[0]
    return parts


def _generational(name: str) -> bool:
    """A name that ends in 'Jr.', 'III' and the like: another person than the name without."""
    return name.split()[-1].rstrip(".") in table(NAMES_FILE)["generational"]


def _runs_inside(words: list[str], other: list[str]) -> bool:
    k = len(words)
    return any(other[i : i + k] == words for i in range(len(other) - k + 1))


def _full_names_by_word(names: Iterable[str]) -> dict[str, set[str]]:
    """Each word (two letters or more, capitalised) of the multi-word names, with the
    names that hold it."""
    found: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        if len(words) >= 2:
            for word in words:
                if len(word) > 1 and word[0].isupper():
                    found.setdefault(word.lower(), set()).add(name)
    return found


class DocumentLinker:
    """Links the mentions of one document, in document order, to canonical entities."""

    def __init__(
        self,
        lexicon: Lexicon,
        person_names: Iterable[str],
        published: dt.date | None = None,
        common_words: Collection[str] = frozenset(),
    ) -> None:
        self.lexicon = lexicon
        # English nouns the document also writes in lower case ("wildfire", "court"): one
        # capitalised alone is that word, not a name (see `Extractor.common_words`).
        self.common_words = common_words
        self.day = published.isoformat() if published else ""
        self.full_names = _full_names_by_surname(
            titled_person(clean_name(raw)) for raw in person_names
        )
        self.last_country: str | None = None
        # The news item being linked (`enter_paragraph`): the countries each of its
        # sentences names, and the organisations it names, for its generic names.
        self.sentence: object = None
        self._countries: dict[object, set[str]] = {}
        self._organisations: set[str] = set()
        self._scanning = False
        self._known_bodies: dict[str, str] | None = None

    def enter_paragraph(self, sentences: Iterable[tuple[object, Iterable[Mention]]]) -> None:
        """Before a news item's mentions are linked: note, sentence by sentence (any key),
        the countries it names and the organisations, which its generic names ("the
        Senate", "the army") are the bodies of."""
        self._countries, self._organisations = {}, set()
        self._scanning = True
        try:
            for key, mentions in sentences:
                for mention in mentions:
                    linked = self.link(mention)
                    if linked is None:
                        continue
                    named = self._countries.setdefault(key, set())
                    if linked.kind == "country":
                        named.add(linked.name)
                        continue
                    # A country inside a name counts too: "the U.S. State Department
                    # notifies Congress of an arms sale to Israel" names two.
                    owner = country_in(mention.ref or linked.name, self.lexicon)
                    if owner is not None:
                        named.add(owner)
                    if linked.kind == "organisation":
                        self._organisations.add(linked.name)
        finally:
            self._scanning = False

    def link(self, mention: Mention) -> Linked | None:
        """The entity a mention names; None when it names nothing we keep."""
        if mention.kind == "role" and mention.ref:
            # "U.S. President" names whoever held the office when the article appeared.
            holder = self.lexicon.role_holder(mention.ref, self.day)
            return Linked(holder or mention.ref, "person")
        cleaned = clean_name(mention.text)
        key = cleaned.lower()
        if mention.label != "NORP" and len(cleaned.split()) == 1:
            # A bare surname names the one person of that name in the document; the
            # small model often tags it ORG or GPE ("Trump said…").
            found = self.full_names.get(key, set())
            if len(found) == 1 and (mention.label == "PERSON" or mention.kind is None):
                full = next(iter(found))
                return Linked(self.lexicon.canonical(full, acting=False) or full, "person")
        if mention.label in ("ORG", "PERSON") and mention.modifies in _illness_nouns():
            return None  # "the X pandemic": a disease, not an organisation
        body = generic(cleaned) if mention.label != "NORP" and mention.kind is None else None
        if body is not None and key not in self.lexicon.aliases:
            return None if self._scanning else self._body(body)
        if self._common_word(cleaned, mention):
            return None
        if mention.label != "NORP" and key in self.lexicon.demonyms:
            return Linked(self.lexicon.demonyms[key], "country")  # "Ukrainian" tagged a place
        text = titled_person(cleaned) if mention.label == "PERSON" else mention.text
        acting = mention.role == "actor" and mention.acts is not False
        name = self.lexicon.canonical(text, acting=acting, label=mention.label)
        if name is None:
            return None
        kind = self._kind(name, mention)
        if kind == "country" and mention.within:
            # "Savannah, Georgia, United States": a place of that name inside another
            # country (the U.S. state), not the country it is also the name of; a list
            # of countries ("Canada, China, Japan") is none of this.
            inner, outer = (
                self.lexicon.canonical(w, acting=False, label="GPE") for w in mention.within
            )
            if (
                outer
                and inner
                and outer != name
                and self._kind(outer, mention) == "country"
                and self._kind(inner, mention) != "country"
            ):
                return Linked(f"{clean_name(mention.text)} ({outer})", "place")
        return Linked(name, kind)

    def _common_word(self, name: str, mention: Mention) -> bool:
        """A capitalised common noun alone ("Wildfire", "Court"), written in lower case
        elsewhere in the document, that the lexicon does not know as a name."""
        key = name.lower()
        if key not in self.common_words or mention.kind is not None or " " in name:
            return False
        if not (name[:1].isupper() and name[1:].islower()) or self.lexicon.knows(name):
            return False
        return key not in self.lexicon.demonyms and key not in self.lexicon.acting

    def _body(self, found: Generic) -> Linked | None:
        """A generic name as the body of the country its sentence (else its news item)
        names: the one full name of it the item gives ("United States Senate" before "the
        Senate"), the lexicon's name for it, else "Senate (Philippines)"; None when no
        one country is named (a wrong country is worse than none)."""
        if found.body is None:
            return None  # "Defense" of "Defense Minister": a piece of an office's title
        fuller = {n for n in self._organisations if found.head in n.split() and generic(n) is None}
        if len(fuller) == 1:
            return Linked(next(iter(fuller)), "organisation")
        country = self._country_here()
        if country is None:
            return None
        key = country_key(f"{found.body} of {country}", self.lexicon)
        known = self._bodies_known().get(key) if key else None
        return Linked(known or f"{found.body} ({country})", "organisation")

    def _country_here(self) -> str | None:
        """The one country the sentence names, else the one its news item names."""
        here = self._countries.get(self.sentence, set())
        if here:
            return next(iter(here)) if len(here) == 1 else None
        every = set().union(*self._countries.values()) if self._countries else set()
        return next(iter(every)) if len(every) == 1 else None

    def _bodies_known(self) -> dict[str, str]:
        """The lexicon's names of bodies with their country, by their country key."""
        if self._known_bodies is None:
            names = {e.name for e in self.lexicon.entries.values() if e.kind in ("org", "group")}
            names.update(self.lexicon.aliases.values())
            self._known_bodies = {}
            for name in sorted(names):
                key = country_key(name, self.lexicon)
                if key is not None:
                    self._known_bodies.setdefault(key, name)
        return self._known_bodies

    def named(self, mention: Mention, linked: Linked) -> None:
        """Note a kept mention: "the country" later on means the last country named
        outright (not a possessive "Turkey's")."""
        if linked.kind == "country" and not mention.possessive:
            self.last_country = linked.name

    def _kind(self, name: str, mention: Mention) -> str:
        known = self.lexicon.kind(name)
        kinds = table(NAMES_FILE)
        if known in kinds["gazetteer_kinds"]:
            return kinds["gazetteer_kinds"][known]
        surface = clean_name(mention.text).lower()
        stands_for_country = surface in self.lexicon.acting or surface in self.lexicon.demonyms
        if name.lower() != surface and stands_for_country and mention.label in ("GPE", "NORP"):
            return "country"  # a capital or demonym that stands for its country
        if (
            mention.label in ("PERSON", "ORG")
            and mention.placed
            and fold(name).lower() in known_places()
        ):
            return "place"  # "the fall of Bukavu", "Pune, Maharashtra, India"
        if mention.label == "PERSON" and mention.article:
            return "organisation"  # "the Tatmadaw": a person's name takes no article
        words = name.split()
        suffixes = self.lexicon.admin_suffixes | frozenset(kinds["place_suffixes"])
        if len(words) >= 2 and words[-1] in suffixes and all(w[:1].isupper() for w in words):
            return "place"  # "Zaporizhzhia Oblast", "Kwara State", tagged a person or not
        kind = kinds["label_kinds"].get(mention.label, "organisation")
        if kind == "person" and _CODE_SHAPE.fullmatch(name):
            return "organisation"  # "MS-13", "M23": a code, not a person's name
        return kind


@cache
def _illness_nouns() -> frozenset[str]:
    return frozenset(table(NAMES_FILE)["illness_nouns"])


def link_people(
    results: Sequence[tuple[Document, Sequence[EventNames]]],
    known: Iterable[str],
    lexicon: Lexicon,
) -> int:
    """Across the corpus, a bare surname becomes the one full name it can mean.

    Within a document this is done already; here "Trump" in a document that never names
    Donald Trump in full is linked when the corpus (and the store) knows exactly one
    person of that surname. Returns how many names were linked.
    """
    names = set(known)
    for _, events in results:
        for event in events:
            names.update(n for n, k in event.kinds.items() if k == "person")
    # A part of one longer name ("Yoon Suk" of "Yoon Suk Yeol", "Lula da Silva" of "Luiz
    # Inácio Lula da Silva") is that person; the parts leave the names the rest may join.
    seen = Counter(
        name
        for _, events in results
        for event in events
        for name, kind in event.kinds.items()
        if kind == "person"
    )
    parts = {
        part: whole
        for part, whole in _parts_of_longer_names(names).items()
        # The longer name must be the usual one: "Donald Trump" is not a part of "Donald
        # Trump Jr.", nor "Jannik Sinner" of a score the model took into his name.
        if seen[whole] > seen[part] and not _generational(whole)
    }
    names -= parts.keys()
    full = _full_names_by_surname(names)
    # A bare name that is a surname of no one may still be the one person it is a word
    # of: a given name used alone ("Prabowo"), a family name written first ("Yoon" of
    # "Yoon Suk Yeol"), a middle name that is the usual one ("Lula").
    by_word = _full_names_by_word(names)
    linked = 0
    for _, events in results:
        for event in events:
            renames = {}
            for name, kind in event.kinds.items():
                if kind == "person" and name in parts:
                    renames[name] = parts[name]
                    continue
                # The model tags a family name written first ("Yoon") a place too.
                if len(name.split()) != 1 or kind not in ("person", "organisation", "place"):
                    continue
                if lexicon.entry(name) is not None:
                    continue
                found = full.get(name.lower()) or by_word.get(name.lower(), set())
                if len(found) == 1:
                    renames[name] = next(iter(found))
            for old, new in renames.items():
                rename(event, old, new, "person")
                linked += 1
    return linked


def rename(event: EventNames, old: str, new: str, kind: str) -> None:
    """File an event's `old` name under `new` (of `kind`), keeping `old` as its alias."""
    event.actors = list(dict.fromkeys(new if a == old else a for a in event.actors))
    event.places = list(dict.fromkeys(new if a == old else a for a in event.places))
    event.kinds[new] = kind
    event.kinds.pop(old, None)
    event.surfaces.setdefault(new, set()).update(event.surfaces.pop(old, {old}))


def people_targets(
    people: Mapping[str, int], bare: Mapping[str, int], known: Callable[[str], bool]
) -> dict[str, list[str]]:
    """The full names each name may stand for, over a whole store (see bot.store.linking).

    `people` are the person names with their numbers of events, `bare` the one-word names
    (of any kind but country) with theirs. A part of one longer name used more often is
    that name ("Yoon Suk" of "Yoon Suk Yeol"); a bare name is every full name it is the
    surname of ("Trump", "Sharif" of two), else the one full name it is a word of (a given
    name used alone, a family name written first). Names the lexicon knows stay apart.
    """
    multi = [n for n in people if len(n.split()) >= 2]
    parts = {
        part: whole
        for part, whole in _parts_of_longer_names(multi).items()
        if people[whole] > people[part] and not _generational(whole)
    }
    fulls = [n for n in multi if n not in parts]
    by_surname = _full_names_by_surname(fulls)
    by_word = _full_names_by_word(fulls)
    targets = {part: [whole] for part, whole in parts.items()}
    for name in bare:
        if len(name.split()) != 1 or len(name) < 2 or known(name) or _CODE_SHAPE.fullmatch(name):
            continue
        worded = by_word.get(name.lower(), set())
        found = (
            by_surname.get(name.lower())
            or (worded if len(worded) == 1 else set())
            or _spelt_like_one(name.lower(), by_surname)
        )
        if found:
            # Most used first; a tie by name, so the answer never depends on row order.
            targets[name] = sorted(found, key=lambda f: (-people[f], f))
    return targets


def _spelt_like_one(key: str, by_surname: Mapping[str, set[str]]) -> set[str]:
    """The one full name whose surname is spelt nearly like `key` ("Zelenskiy"), or none:
    the rule `merge_spellings` applies to full names, here to a bare one."""
    if len(key) < MIN_SURNAME:
        return set()
    found = {
        full
        for surname, fulls in by_surname.items()
        if surname[:3] == key[:3] and JaroWinkler.similarity(fold(surname), fold(key)) >= 0.95
        for full in fulls
    }
    return found if len(found) == 1 else set()


def organisation_targets(organisations: Mapping[str, int]) -> dict[str, list[str]]:
    """A short form of an organisation's name joins the one longer name it runs inside
    when that is used more often ("Thai Army" of "Royal Thai Army", "Southern Command"
    of "United States Southern Command"): over a whole store, like a part of a person's
    name (`people_targets`)."""
    multi = [n for n in organisations if len(n.split()) >= 2]
    return {
        part: [whole]
        for part, whole in _parts_of_longer_names(multi).items()
        if organisations[whole] > organisations[part]
    }


def first_words(
    people: Mapping[str, int], bare: Mapping[str, int], known: Callable[[str], bool]
) -> dict[str, set[str]]:
    """Each bare name with the full person names it is the first word of ("Lee" of "Lee
    Jae-myung", "Kim" of "Kim Keon Hee"): a family name written first, or a given name;
    the store-wide linking takes one only where the document says which (bot.store.linking)."""
    found: dict[str, set[str]] = {}
    by_first: dict[str, set[str]] = {}
    for name in people:
        words = name.split()
        if len(words) >= 2 and not _generational(name):
            by_first.setdefault(words[0].lower(), set()).add(name)
    for name in bare:
        if len(name) < 2 or known(name) or _CODE_SHAPE.fullmatch(name):
            continue
        if fulls := by_first.get(name.lower()):
            found[name] = fulls
    return found
