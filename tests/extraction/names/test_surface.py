"""Surface forms cut down to names: possessives, 'the', edge punctuation; surnames."""

from __future__ import annotations

import pytest

from bot.extraction.names import clean_name, surname_keys


@pytest.mark.parametrize(
    ("surface", "clean"),
    [
        ("Bashar al-Assad's", "Bashar al-Assad"),
        ("Russia’s", "Russia"),
        ("the Kremlin", "Kremlin"),
        ("Suspected Al-Shabaab", "Al-Shabaab"),
        ("the alleged Lakeside Gang", "Lakeside Gang"),
        ("a United States agency", "United States agency"),
        ("A Coruña", "A Coruña"),
        ("Brussels'", "Brussels"),
        ("  Kaja   Kallas ", "Kaja Kallas"),
        ('"Hamas"', "Hamas"),
        ("Washington, D.C.", "Washington, D.C."),
        ("Apple Inc.", "Apple Inc."),
        ("the U.S.", "U.S."),
        ("Russia.", "Russia"),
    ],
)
def test_clean_name(surface, clean):
    assert clean_name(surface) == clean


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("Bashar al-Assad", {"al-assad", "assad"}),
        ("Donald Trump", {"trump"}),
        ("Mohammed bin-Salman", {"bin-salman", "salman"}),
    ],
)
def test_surname_keys_with_and_without_particle(name, keys):
    assert surname_keys(name) == keys


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Ayatollah Ali Khamenei", "Ali Khamenei"),
        ("Crown Prince Mohammed bin Salman", "Mohammed bin Salman"),
        ("Prince Harry", "Prince Harry"),  # no full name left without the title
        ("Pope Leo XIV", "Pope Leo XIV"),  # the title is part of the name a pope goes by
        ("Ali Khamenei", "Ali Khamenei"),
    ],
)
def test_a_title_the_model_took_into_a_persons_name_goes(name, person):
    from bot.extraction.names.surface import titled_person

    assert titled_person(name) == person
