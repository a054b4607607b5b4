"""Names the model cut before their last words run on, or lose their dangling words: no
entity ends in a function word (issue 24)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span

from bot.extraction.components.cut_names import NAME_LABELS, dangles


def _fixed(blank, words: list[str], ents: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    doc = Doc(blank.vocab, words=words)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return [(e.text, e.label_) for e in blank.get_pipe("gazetteer")(doc).ents]


@pytest.mark.parametrize(
    ("words", "ents", "fixed"),
    [
        # "X of" + "Y": one name, an X.
        (
            ["The", "Harbour", "Police", "of", "Ostrava", "arrests", "two"],
            [(0, 4, "ORG"), (4, 5, "GPE")],
            [("The Harbour Police of Ostrava", "ORG")],
        ),
        # Capitalised words no entity holds, then an entity: "… Fire and Rescue" + "… Board".
        (
            ["The", "Velm", "Fire", "and", "Rescue", "Water", "Board", "says"],
            [(0, 4, "GPE"), (5, 7, "ORG")],
            [("The Velm Fire and Rescue Water Board", "ORG")],
        ),
        # "of the" before the rest of the name.
        (
            ["the", "Free", "Republic", "of", "the", "Tarn", "Valley", "votes"],
            [(0, 5, "GPE")],
            [("the Free Republic of the Tarn Valley", "GPE")],
        ),
        # Nothing capitalised follows: the dangling words go.
        (
            ["denying", "the", "Rovers", "of", "a", "third", "title"],
            [(1, 5, "ORG")],
            [("the Rovers", "ORG")],
        ),
        # After "for", another entity is no part of the name.
        (
            ["wins", "the", "Velm", "Grand", "Prix", "for", "Ostwerk"],
            [(1, 6, "FAC"), (6, 7, "ORG")],
            [("the Velm Grand Prix", "FAC"), ("Ostwerk", "ORG")],
        ),
        # A person's name is never run on into a place: "Jan Kovar of" + "Ostrava".
        (
            ["journalist", "Jan", "Kovar", "of", "Ostrava", "wins"],
            [(1, 4, "PERSON"), (4, 5, "GPE")],
            [("Jan Kovar", "PERSON"), ("Ostrava", "GPE")],
        ),
        # Only function words: no name at all.
        (["of", "the", "vote"], [(0, 2, "ORG")], []),
        # A capital letter is no function word: "Group A", "Serie A".
        (["in", "Group", "A", "of", "the", "cup"], [(1, 3, "ORG")], [("Group A", "ORG")]),
    ],
)
def test_a_cut_name_runs_on_or_is_trimmed(blank, words, ents, fixed):
    assert _fixed(blank, words, ents) == fixed


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # The small model cuts each of these before "of" + the country.
        ("The State Emergency Service of Ukraine says rescuers found survivors.", "Ukraine"),
        ("The Constitutional Court of Bulgaria annuls the vote.", "Bulgaria"),
        ("The Maritime Security Service of Ukraine detains two sailors.", "Ukraine"),
    ],
)
def test_no_entity_of_the_model_ends_in_a_function_word(extractor, text, name):
    doc = extractor.nlp(text)
    assert not [e.text for e in doc.ents if e.label_ in NAME_LABELS and dangles(e[-1])]
    whole = text.split(" of ")[0] + " of " + name
    assert whole in [e.text for e in doc.ents]


def test_a_known_name_the_model_split_after_the_wins_whole(extractor):
    doc = extractor.nlp("Rebels will march on the Democratic Republic of the Congo capital city.")
    ents = [(e.text, e.ent_id_) for e in doc.ents]
    country = "Democratic Republic of the Congo"
    assert (country, f"country|{country}") in ents
