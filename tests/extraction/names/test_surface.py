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
