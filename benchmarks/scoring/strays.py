"""Stray entities: names the store should not keep as entities of their own (issue 24).

Three kinds, each defined by data rather than by a list of the names seen:

- ``surname``: a one-word person whose word is the surname of a person stored under a
  full name (``surname_keys``: the last word, with and without its particle: "Assad" of
  "Bashar al-Assad"): the fragment shadows the full name in ``/who``;
- ``generic``: a one-word name that is an ordinary English noun: written as a plain
  capitalised word (not an acronym), its lower-case form a noun of WordNet (as spaCy's
  English lemmatizer ships it, in the model the project loads), written in lower case in
  the store's own sentences ("parliament", "the state senate"), and not a name the
  project's lexicon files (gazetteer, geography data, aliases: "Turkey", "Male");
- ``function_word``: a name whose last word is a function word written in lower case
  (spaCy's English stop words: "of", "the", "and"): a cut name ("Democratic Republic of").

``count_strays(store)`` returns each kind's strays, most linked first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache

from benchmarks.scoring.report import Metric, Section
from bot.extraction.names.surface import fold, surname_keys
from bot.store import Store

STRAY_KINDS = ("surname", "generic", "function_word")
_LABELS = {
    "surname": "strays: one-word persons that are a stored full name's surname",
    "generic": "strays: entities named by a bare generic word",
    "function_word": "strays: entities whose name ends in a function word",
}
_WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Stray:
    name: str
    kind: str
    events: int
    why: str = ""

    def line(self) -> str:
        why = f" | {self.why}" if self.why else ""
        return f"{self.name} ({self.kind}, {self.events} events){why}"


@lru_cache(maxsize=1)
def english_nouns() -> frozenset[str]:
    """WordNet's noun lemmas (lower case), from the English model's lemmatizer tables."""
    import spacy

    from benchmarks.corpora import FALLBACK, MODEL

    for name in (MODEL, FALLBACK):
        try:
            nlp = spacy.load(name, exclude=["tok2vec", "tagger", "parser", "ner"])
        except OSError:
            continue
        return frozenset(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["noun"])
    raise RuntimeError(f"no spaCy model: install {MODEL!r} or {FALLBACK!r}")


@lru_cache(maxsize=1)
def _lexicon_knows() -> Callable[[str], bool]:
    from benchmarks.corpora import SEEDS
    from bot.extraction.names import ALIAS_FILE, Lexicon

    return Lexicon.load((SEEDS / ALIAS_FILE).read_text("utf-8")).knows


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _entities(store: Store) -> list[tuple[str, str, int]]:
    """(name, kind, events) of every stored entity, most linked first."""
    rows = store.db.execute(
        "SELECT e.name, e.kind, count(DISTINCT ee.event_id) FROM entities e"
        " LEFT JOIN event_entities ee ON ee.entity_id = e.id GROUP BY e.id"
    ).fetchall()
    return sorted(((n, k, c) for n, k, c in rows), key=lambda r: (-r[2], r[0].casefold()))


def _lower_words(store: Store) -> Counter[str]:
    """How often each word is written in lower case in the store's sentences."""
    count: Counter[str] = Counter()
    for (sentence,) in store.db.execute("SELECT sentence FROM events"):
        count.update(w for w in _WORDS.findall(sentence) if w.islower())
    return count


def _key(word: str) -> str:
    return fold(word).casefold()


def surname_strays(entities: Collection[tuple[str, str, int]]) -> list[Stray]:
    """One-word persons whose word is the surname of a stored multi-word person."""
    full: dict[str, list[tuple[int, str]]] = {}
    for name, kind, events in entities:
        if kind == "person" and len(name.split()) > 1:
            for key in surname_keys(name):
                full.setdefault(_key(key), []).append((events, name))
    strays = []
    for name, kind, events in entities:
        if kind == "person" and len(name.split()) == 1 and _key(name) in full:
            owners = [n for _, n in sorted(full[_key(name)], key=lambda o: (-o[0], o[1]))]
            strays.append(Stray(name, kind, events, "surname of " + ", ".join(owners[:3])))
    return strays


def generic_strays(
    entities: Collection[tuple[str, str, int]],
    lower_words: Counter[str],
    nouns: Collection[str],
    known: Callable[[str], bool],
) -> list[Stray]:
    """One-word names that are an English noun the sentences also write in lower case."""
    strays = []
    for name, kind, events in entities:
        if " " in name or not (name[:1].isupper() and name[1:].islower()):
            continue  # more than a word, an acronym ("NATO"), or a brand's shape ("InSight")
        word = name.lower()
        if word in nouns and lower_words[word] and not known(name):
            strays.append(Stray(name, kind, events, f"'{word}' {lower_words[word]}× in lower case"))
    return strays


def function_word_strays(
    entities: Collection[tuple[str, str, int]], stop_words: Collection[str]
) -> list[Stray]:
    """Names of two words or more whose last word is a lower-case function word."""
    strays = []
    for name, kind, events in entities:
        words = name.split()
        if len(words) > 1 and words[-1] in stop_words:  # the stop words are lower case
            strays.append(Stray(name, kind, events))
    return strays


def count_strays(
    store: Store,
    *,
    nouns: Collection[str] | None = None,
    known: Callable[[str], bool] | None = None,
    stop_words: Collection[str] | None = None,
) -> dict[str, list[Stray]]:
    """The stray entities of a store by kind (surname, generic, function_word), each list
    most linked first; its length is the count. `nouns` (WordNet's nouns from the spaCy
    model), `known` (the lexicon's names) and `stop_words` (spaCy's) can be given."""
    entities = _entities(store)
    return {
        "surname": surname_strays(entities),
        "generic": generic_strays(
            entities,
            _lower_words(store),
            english_nouns() if nouns is None else nouns,
            _lexicon_knows() if known is None else known,
        ),
        "function_word": function_word_strays(
            entities, _stop_words() if stop_words is None else stop_words
        ),
    }


def stray_metrics(strays: dict[str, list[Stray]]) -> list[Metric]:
    """One table row per kind of stray (for benchmarks/quality.py; the target is 0)."""
    return [Metric(f"strays.{kind}", _LABELS[kind], len(strays[kind])) for kind in STRAY_KINDS]


def stray_sections(strays: dict[str, list[Stray]], limit: int | None = None) -> list[Section]:
    return [
        Section(
            f"{_LABELS[kind]} (name (kind, events) | why)",
            [s.line() for s in strays[kind]],
            limit=limit,
        )
        for kind in STRAY_KINDS
    ]
