"""Corpus-level passes at reload, after every document is extracted: the names that only
the whole corpus can join (`link_people` in `linking` is the first of them).

- `link_acronyms`: "IRGC" joins "Islamic Revolutionary Guard Corps", written side by side
  in any document, or the one known name whose initials it is.
- `merge_written_alike`: names that differ only in case, hyphens, dots, commas or
  diacritics ("Lee Jae-myung"/"Lee Jae Myung", "Washington, D.C."/"Washington DC").
- `merge_spellings`: spelling variants of one person ("Zelensky"/"Zelenskyy",
  "Orbán"/"Orban") when the given names agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from rapidfuzz.distance import JaroWinkler

from bot.extraction.names.acronyms import acronym_table, is_acronym
from bot.extraction.names.lexicon import Lexicon
from bot.extraction.names.linking import EventNames, rename
from bot.extraction.names.surface import fold, normalise
from bot.seeds import Document

Results = Sequence[tuple[Document, Sequence[EventNames]]]
# Two surnames are one spelling when they are this close once folded ("zelensky" and
# "zelenskyy" 0.98; "abbas" and "abbasi" 0.97 would pass, so the given names must agree).
SURNAME_SIMILARITY = 0.95
MIN_SURNAME = 4  # "Li"/"Lu": too short to tell a variant from another name


def _names(results: Results) -> Counter[tuple[str, str]]:
    """(name, kind) -> number of events, over the corpus."""
    count: Counter[tuple[str, str]] = Counter()
    for _, events in results:
        for event in events:
            count.update(event.kinds.items())
    return count


def link_acronyms(results: Results, lexicon: Lexicon) -> int:
    """Rename each acronym the lexicon does not know to the one name it stands for."""
    texts = (p.text for document, _ in results for p in document.paragraphs)
    names = [n for (n, kind) in _names(results) if kind not in ("person", "country")]
    table = acronym_table(texts, names)
    linked = 0
    for _, events in results:
        for event in events:
            for name in list(event.kinds):
                long = table.get(name)
                if long is None or not is_acronym(name) or lexicon.entry(name) is not None:
                    continue
                if name.lower() in lexicon.aliases:
                    continue
                target = lexicon.resolve(long)
                kind = event.kinds.get(target) or _kind_of(results, target) or event.kinds[name]
                rename(event, name, target, kind)
                linked += 1
    return linked


def _kind_of(results: Results, name: str) -> str | None:
    for _, events in results:
        for event in events:
            if name in event.kinds:
                return event.kinds[name]
    return None


def merge_written_alike(results: Results, known: Iterable[str] = ()) -> int:
    """File names written alike under one spelling: a name the store already holds, else
    the corpus's most frequent. Returns how many names were renamed."""
    count = _names(results)
    uses: Counter[str] = Counter()
    for (name, _), n in count.items():
        uses[name] += n
    stored = set(known)
    by_key: dict[str, list[str]] = {}
    for name in {*uses, *stored}:
        by_key.setdefault(normalise(name), []).append(name)
    renames: dict[str, str] = {}
    for key, names in by_key.items():
        if len(names) < 2 or not key:
            continue
        names.sort(key=lambda n: (n not in stored, -uses[n], n))
        renames.update({n: names[0] for n in names[1:]})
    merged = 0
    for _, events in results:
        for event in events:
            for old in [n for n in event.kinds if n in renames]:
                kind = event.kinds.get(renames[old]) or event.kinds[old]
                rename(event, old, renames[old], kind)
                merged += 1
    return merged


def _key(name: str) -> str:
    return fold(name).lower()


def merge_spellings(
    results: Results,
    known: Iterable[str] = (),
    lexicon: Lexicon | None = None,
    bare: bool = True,
) -> int:
    """Merge people whose names differ only in the spelling of the surname (or diacritics),
    their given names the same; each group goes to its most frequent spelling. With
    `bare`, a bare surname spelt like one full name's joins it too (the reload leaves
    that to the store-wide pass, `bot.store.linking`)."""
    count = _names(results)
    people = Counter({n: c for (n, k), c in count.items() if k == "person"})
    for name in known:
        people[name] += 0
    by_given: dict[tuple[str, ...], list[str]] = {}
    for name in people:
        words = _key(name).split()
        if len(words) >= 2 and len(words[-1]) >= MIN_SURNAME:
            by_given.setdefault(tuple(words[:-1]), []).append(name)
    renames: dict[str, str] = {}
    for group in by_given.values():
        group.sort(key=lambda n: (-people[n], n))
        for index, name in enumerate(group):
            if name in renames:
                continue
            surname = _key(name).split()[-1]
            for other in group[index + 1 :]:
                other_surname = _key(other).split()[-1]
                close = JaroWinkler.similarity(surname, other_surname) >= SURNAME_SIMILARITY
                if other not in renames and close and surname[:3] == other_surname[:3]:
                    renames[other] = name
    # A bare surname that is a variant of exactly one full name's surname joins it.
    surnames: dict[str, set[str]] = {}
    for name in people:
        if len(name.split()) >= 2:
            surnames.setdefault(_key(renames.get(name, name)).split()[-1], set()).add(
                renames.get(name, name)
            )
    # The small model often tags a bare surname ORG ("Zelensky said").
    bare_names = (
        {n for (n, k) in count if k in ("person", "organisation") and len(n.split()) == 1}
        if bare
        else set()
    )
    for name in sorted(bare_names):
        if name in renames or len(name) < MIN_SURNAME or is_acronym(name):
            continue
        if lexicon is not None and (lexicon.entry(name) or name.lower() in lexicon.aliases):
            continue
        key = _key(name)
        matches = {
            full
            for surname, fulls in surnames.items()
            if surname[:3] == key[:3] and JaroWinkler.similarity(surname, key) >= SURNAME_SIMILARITY
            for full in fulls
        }
        if len(matches) == 1:
            renames[name] = next(iter(matches))
    merged = 0
    for _, events in results:
        for event in events:
            olds = [
                n
                for n, kind in event.kinds.items()
                if n in renames and (kind == "person" or n in bare_names)
            ]
            for old in olds:
                rename(event, old, renames[old], "person")
                merged += 1
    return merged
