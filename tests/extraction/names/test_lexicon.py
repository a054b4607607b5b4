"""The lexicon: aliases, capitals acting as governments, demonyms, outlets, offices."""

from __future__ import annotations

import pytest

from bot.errors import SeedError
from bot.extraction.names import Lexicon


@pytest.mark.parametrize(
    ("surface", "acting", "label", "canonical"),
    [
        ("Kremlin", True, "ORG", "Russia"),
        ("the Kremlin", False, "ORG", "Russia"),
        ("Moscow", True, "GPE", "Russia"),
        ("Moscow", False, "GPE", "Moscow"),
        ("Damascus", True, "GPE", "Syria"),
        ("Damascus", False, "GPE", "Damascus"),
        ("EU", True, "ORG", "European Union"),
        ("Assad", True, "PERSON", "Bashar al-Assad"),
        ("Russian", True, "NORP", "Russia"),
        ("Israelis", True, "NORP", "Israel"),
        ("Western", True, "NORP", None),
        ("Kiev", False, "GPE", "Kyiv"),
        ("Hmeimim", False, "FAC", "Khmeimim"),
        ("Tartus", False, "GPE", "Tartus"),
        ("1,000", True, "ORG", None),
        ("111th", True, "ORG", None),
    ],
)
def test_canonical(lexicon, surface, acting, label, canonical):
    assert lexicon.canonical(surface, acting=acting, label=label) == canonical


@pytest.mark.parametrize("name", ["Bloomberg", "Reuters", "The Guardian", "AP"])
def test_outlets_are_known(lexicon, name):
    assert lexicon.is_outlet(name)


@pytest.mark.parametrize("name", ["Russia", "Kremlin", "Tartus"])
def test_non_outlets(lexicon, name):
    assert not lexicon.is_outlet(name)


def test_alias_file_is_editable():
    lex = Lexicon.load('[aliases]\n"Blighty" = "United Kingdom"\n')
    assert lex.canonical("Blighty", acting=True) == "United Kingdom"


def test_broken_alias_file_is_a_clear_error():
    with pytest.raises(SeedError, match=r"aliases\.toml"):
        Lexicon.load("[aliases\n")


def test_ruler_patterns_carry_kind_and_canonical_name(lexicon):
    patterns = {p["pattern"]: p for p in lexicon.ruler_patterns()}
    assert patterns["Tartus"] == {"label": "GPE", "pattern": "Tartus", "id": "city|Tartus"}
    assert patterns["Khmeimim"]["label"] == "FAC"
    assert patterns["Reuters"]["id"] == "outlet|Reuters"
    assert "Chad" not in patterns  # ambiguous names stay out of the ruler


@pytest.mark.parametrize(
    ("office", "day", "holder"),
    [
        ("President of the United States", "2024-06-01", "Joe Biden"),
        ("President of the United States", "2025-01-20", "Donald Trump"),
        ("Chancellor of Germany", "2025-05-05", "Olaf Scholz"),
        ("Chancellor of Germany", "2025-05-06", "Friedrich Merz"),
        ("President of the United States", "1990-01-01", None),
    ],
)
def test_offices_name_their_holder_on_the_day(lexicon, office, day, holder):
    assert lexicon.role_holder(office, day) == holder


def test_office_titles_are_gazetteer_patterns(lexicon):
    patterns = {p["pattern"]: p for p in lexicon.ruler_patterns()}
    assert patterns["U.S. President"]["id"] == "role|President of the United States"


@pytest.mark.parametrize("suffix", ["Oblast", "Governorate", "Province"])
def test_admin_suffixes_come_from_the_names_table(lexicon, suffix):
    assert suffix in lexicon.admin_suffixes
