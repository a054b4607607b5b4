"""Kind accuracy: the hand labels read, each name found by name or alias, MEANTIME's types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from benchmarks.corpora import MEANTIME_DIR
from benchmarks.scoring.kinds import (
    KINDS_FILE,
    STORE_KINDS,
    KindLabel,
    head_word,
    read_kinds,
    score_kinds,
    score_meantime_kinds,
)
from benchmarks.scoring.matching import Span
from benchmarks.scoring.meantime import Article, GoldMention, read_article
from bot.extraction.extractor import Found
from bot.seeds import Document, Paragraph
from tests.benchmarks.scoring.stores import NOW
from tests.conftest import shared
from tests.factories import document, extracted_event


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kinds.tsv"
    path.write_text(text, "utf-8")
    return path


def test_a_kinds_file_gives_each_name_its_kinds_or_none(tmp_path):
    path = _write(
        tmp_path,
        "# comment\nname\tkind\tnote\n"
        "Bukavu\tplace\tcity\n"
        "Hamas\tgroup|organisation\n"
        "COVID-19\tnone\ta disease\n",
    )
    assert read_kinds(path) == [
        KindLabel("Bukavu", frozenset({"place"}), "city"),
        KindLabel("Hamas", frozenset({"group", "organisation"})),
        KindLabel("COVID-19", frozenset(), "a disease"),
    ]


@pytest.mark.parametrize(
    "rows",
    [
        "Bukavu\tcity\t\n",  # not a store kind
        "Bukavu\tplace\t\nbukavu\tperson\t\n",  # labelled twice
        "Bukavu\t\tnote\n",  # no kind
    ],
)
def test_a_kinds_file_with_a_bad_row_is_an_error(tmp_path, rows):
    with pytest.raises(ValueError, match=r"kinds\.tsv:"):
        read_kinds(_write(tmp_path, "name\tkind\tnote\n" + rows))


def test_the_july_december_labels_are_300_names_of_known_kinds():
    labels = read_kinds(KINDS_FILE)
    assert len(labels) == 300
    assert all(label.kinds <= STORE_KINDS for label in labels)
    assert len({label.name.casefold() for label in labels}) == 300


def _add(store, file: str, kinds: dict[str, str], surfaces=None) -> None:
    """One document holding one event that names `kinds` (name -> kind)."""
    event = extracted_event(list(kinds), kinds=kinds, surfaces=surfaces, sentence=f"{file}.")
    sha = f"{abs(hash(file)):064d}"[:64]
    store.apply_reload([(document(file, sha256=sha), [event])], [], NOW)


def _label(name: str, *kinds: str) -> KindLabel:
    return KindLabel(name, frozenset(kinds))


def test_each_label_is_scored_by_name_then_alias_and_none_by_absence(store):
    _add(store, "a.txt", {"Bukavu": "person", "Goma": "place", "Hamas": "organisation"})
    _add(store, "b.txt", {"Palestine": "country"}, {"Palestine": {"Palestinians"}})
    _add(store, "c.txt", {"Senate": "organisation"})
    labels = [
        _label("Bukavu", "place"),  # a city stored as a person: wrong
        _label("Goma", "place"),  # right
        _label("Hamas", "group", "organisation"),  # either kind is right
        _label("Palestinians"),  # none, and only an alias of Palestine: right
        _label("Senate"),  # none, but an entity of its own: wrong
        _label("COVID-19"),  # none, and not stored: right
        _label("Kinshasa", "place"),  # not in the store: wrong
    ]
    accuracy, misses = score_kinds(store, labels)
    assert [(m.label.name, m.entity, m.kind) for m in misses] == [
        ("Bukavu", "Bukavu", "person"),
        ("Senate", "Senate", "organisation"),
        ("Kinshasa", None, None),
    ]
    assert accuracy == pytest.approx(4 / 7)
    assert misses[2].line() == "Kinshasa | place | not in the store"


def test_a_name_found_as_an_alias_is_judged_by_its_entity(store):
    _add(store, "a.txt", {"Kurdistan Region": "organisation"}, {"Kurdistan Region": {"KRG"}})
    accuracy, misses = score_kinds(store, [_label("KRG", "place")])
    assert accuracy == 0.0
    assert misses[0].line() == "KRG | place | organisation (alias of Kurdistan Region)"


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("The American auto company Chrysler", "Chrysler"),
        ("Toulouse, France", "Toulouse"),
        ("the vice chairman of Chrysler LLC", "chairman"),
        ("Japan's (ANA", "Japan's"),
        ("Ryanair", "Ryanair"),
    ],
)
def test_the_head_of_a_gold_name_is_its_last_word_before_a_modifier(text, head):
    span = head_word(Span(1, 10, 10 + len(text)), text)
    assert text[span.start - 10 : span.end - 10] == head


def _article(text: str, *mentions: tuple[str, str]) -> Article:
    """An article of one paragraph with gold NAM mentions (text, type) in it."""
    gold = {}
    for n, (name, ent_type) in enumerate(mentions):
        start = text.index(name)
        span = Span(0, start, start + len(name))
        gold[str(n)] = GoldMention(str(n), "NAM", span, name, ent_type)
    doc = Document("a.xml", dt.date(2008, 1, 1), "x", None, (Paragraph(text),))
    return Article("a", doc, (0,), {}, [], gold, [])


def _found(text: str, surface: str, label: str, kind: str | None) -> Found:
    start = text.index(surface)
    return Found(0, start, start + len(surface), surface, label, surface if kind else None, kind)


def test_meantime_types_are_scored_on_the_entity_over_each_names_head():
    text = "The American company Chrysler hired Sandy Angers in Toulouse for the iPhone at Acme."
    article = _article(
        text,
        ("The American company Chrysler", "ORG"),
        ("Sandy Angers", "PER"),
        ("Toulouse", "LOC"),
        ("iPhone", "PRO"),
        ("Acme", "ORG"),
    )
    found = [
        _found(text, "American", "NORP", "country"),
        _found(text, "Chrysler", "ORG", "organisation"),
        _found(text, "Sandy Angers", "PERSON", "person"),
        _found(text, "Toulouse", "PERSON", "person"),
        _found(text, "iPhone", "ORG", "organisation"),
        _found(text, "Acme", "ORG", None),  # dropped by the linker: no entity
    ]
    score = score_meantime_kinds([article], [(found, [])])
    assert (score.gold, score.matched, score.right) == (4, 3, 2)
    assert score.misses == [("a", "Toulouse", "LOC", "Toulouse", "person")]
    assert score.not_entities == [("a", "iPhone", "PRO", "iPhone", "organisation")]
    assert score.accuracy == pytest.approx(2 / 3)


def test_meantime_gold_names_carry_their_entity_type():
    shared("corpus", "meantime")
    article = read_article(next(MEANTIME_DIR.glob("corpus_*/120578_*.xml")))
    types = {m.text: m.ent_type for m in article.names()}
    assert types["Ford Motor Company"] == "ORG"
    assert types["the United States"] == "LOC"
    assert all(m.syntactic_type == "NAM" for m in article.names())
