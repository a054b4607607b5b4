"""The gazetteer fixer, right after `ner`: the model's entities corrected with known names.

Its patterns and administrative suffixes come from the lexicon (`bot/data/gazetteer.jsonl`,
`bot/data/aliases.toml`, `bot/data/names.json`) through the component's config.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from bot.extraction.components.cut_names import without_dangling_words
from bot.extraction.names.surface import NAMES_FILE
from bot.extraction.tables import table


class GazetteerFixer:
    """Corrects the model's entities with the gazetteer, after `ner`.

    A known name the model labelled wrongly is relabelled (Tartus as a place, Kyiv not a
    person, Bloomberg an outlet); one it missed is added; but a longer name the model found
    around a known one stays whole ("Gulf of Mexico", "New Jersey", "Donetsk Oblast"),
    which a ruler placed before `ner` would break apart.
    """

    def __init__(
        self, nlp: Language, patterns: list[dict[str, str]], admin_suffixes: Iterable[str] = ()
    ) -> None:
        self.matcher = PhraseMatcher(nlp.vocab)
        self.labels: dict[int, tuple[str, str]] = {}
        self.admin_suffixes = frozenset(admin_suffixes)
        by_key: dict[str, list[Doc]] = {}
        for pattern in patterns:
            key = f"{pattern['label']}|{pattern['id']}"
            by_key.setdefault(key, []).append(nlp.make_doc(pattern["pattern"]))
        for key, docs in by_key.items():
            label, ident = key.split("|", 1)
            self.matcher.add(key, docs)
            self.labels[nlp.vocab.strings[key]] = (label, ident)

    def __call__(self, doc: Doc) -> Doc:
        matches = sorted(
            self.matcher(doc), key=lambda m: (m[2] - m[1], -m[1]), reverse=True
        )  # longest first
        # Entities never overlap, so each token has at most one: `owner` finds the ones a
        # match overlaps in the match's length (a scan of all of them was quadratic).
        ents: dict[int, Span] = dict(enumerate(doc.ents))
        owner: list[int | None] = [None] * len(doc)
        for key, ent in ents.items():
            owner[ent.start : ent.end] = [key] * len(ent)
        taken = [key is not None for key in owner]
        next_key = len(ents)

        def put(span: Span, replacing: list[int]) -> None:
            nonlocal next_key
            for key in replacing:
                old = ents.pop(key)
                owner[old.start : old.end] = [None] * len(old)
            ents[next_key] = span
            owner[span.start : span.end] = [next_key] * len(span)
            next_key += 1

        uncommon = _Uncommon(doc)
        changed = False
        for match_id, start, end in matches:
            label, ident = self.labels[match_id]
            span = Span(doc, start, end, label=label, span_id=ident)
            overlapping = list(dict.fromkeys(k for k in owner[start:end] if k is not None))
            if not overlapping:
                if not any(taken[start:end]):
                    put(span, [])
                    taken[start:end] = [True] * (end - start)
                    changed = True
                continue
            if all(
                uncommon.count(ents[k].start, start) == 0 and uncommon.count(end, ents[k].end) == 0
                for k in overlapping
            ):
                # A known name the model split or clipped ("Democratic Republic of the Congo",
                # "Washington, D.C.", "U.S. President"), with at most common words outside
                # it ("the Democratic Republic of the" + "Congo").
                put(span, overlapping)
                changed = True
                continue
            if len(overlapping) != 1:
                continue
            (key,) = overlapping
            ent = ents[key]
            # Its words outside the match, counted from the prefix counts (a scan of the
            # entity per match was quadratic in one huge entity).
            extra = uncommon.count(ent.start, max(ent.start, start)) + uncommon.count(
                min(end, ent.end), ent.end
            )
            if (ent.start, ent.end) == (start, end) or extra == 0:
                # The same name, or the name plus common words ("the Khmeimim airbase").
                owner[ent.start : ent.end] = [None] * len(ent)
                ents[key] = span  # in the same place: the order only matters unchanged
                owner[start:end] = [key] * (end - start)
                changed = True
        found = list(ents.values())
        covered = {i for e in found for i in range(e.start, e.end)}
        found = [self._with_admin_suffix(doc, e, covered) for e in found]
        found = _with_surname_after_particle(doc, found)
        found = without_dangling_words(doc, found, _lower_particles())
        if changed or found != list(doc.ents):
            doc.ents = sorted(found, key=lambda e: e.start)
        return doc

    def _with_admin_suffix(self, doc: Doc, ent: Span, covered: set[int]) -> Span:
        """'Donetsk' + 'Oblast' -> 'Donetsk Oblast': the region, not the city."""
        if ent.label_ not in ("GPE", "LOC") or ent.end >= len(doc) or ent.end in covered:
            return ent
        if doc[ent.end].text not in self.admin_suffixes:
            return ent
        return Span(doc, ent.start, ent.end + 1, label=ent.label_)


class _Uncommon:
    """The words of a doc that are not common ones (lower case, punctuation, "the"),
    counted in any token range by prefix sums built once, on first use."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.prefix: list[int] | None = None

    def count(self, start: int, end: int) -> int:
        """How many uncommon words tokens start..end hold."""
        if start >= end:
            return 0
        if self.prefix is None:
            common = (t.is_lower or t.is_punct or t.lower_ == "the" for t in self.doc)
            self.prefix = list(accumulate((not c for c in common), initial=0))
        return self.prefix[end] - self.prefix[start]


def _with_surname_after_particle(doc: Doc, ents: list[Span]) -> list[Span]:
    """'Ursula von der' + 'Leyen' -> 'Ursula von der Leyen': a person's name the model cut
    after a lower-case surname particle takes the capitalised word that follows (and the
    entity the model made of it)."""
    particles = _lower_particles()
    ents = sorted(ents, key=lambda e: e.start)
    starting = {e.start: e for e in ents}
    out: list[Span] = []
    skip: set[int] = set()
    for ent in ents:
        if ent.start in skip:
            continue
        end = ent.end
        if ent.label_ == "PERSON" and doc[end - 1].text in particles and end < len(doc):
            following = doc[end]
            if following.text[:1].isupper() and following.is_alpha:
                nxt = starting.get(end)
                new_end = nxt.end if nxt is not None else end + 1
                if nxt is not None:
                    skip.add(nxt.start)
                ent = Span(doc, ent.start, new_end, label="PERSON")
        out.append(ent)
    return out


@lru_cache(maxsize=1)
def _lower_particles() -> frozenset[str]:
    return frozenset(table(NAMES_FILE)["lower_case_particles"])


@Language.factory(
    "briefing_gazetteer",
    requires=["doc.ents"],
    assigns=["doc.ents"],
    default_config={"admin_suffixes": []},
)
def make_gazetteer(
    nlp: Language, name: str, patterns: list[dict[str, str]], admin_suffixes: list[str]
) -> GazetteerFixer:
    return GazetteerFixer(nlp, patterns, admin_suffixes)
