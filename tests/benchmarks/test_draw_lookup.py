"""The rule that draws the lookup lists from the gold's links (benchmarks/draw_lookup.py),
on a tiny synthetic gold file; the shipped lists read; the shipped lists as the rule draws
them from the shared gold."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from benchmarks import draw_lookup
from benchmarks.draw_lookup import (
    GoldRow,
    Links,
    TitleTypes,
    draw,
    is_acronym,
    is_shorter_name,
    main,
    read_title_types,
    surname,
)
from benchmarks.scoring.lookup import DRAWN_FILES, read_lookup
from benchmarks.scoring.matching import folded_key
from tests.conftest import shared

DAY = dt.date(2025, 2, 1)
TYPES = {
    "Maria Kowalczyk": "person",
    "Ines Roca": "person",
    "Lars Holm": "person",
    "Park Ji Won": "person",
    "Chen Wei Ming": "person",
    "Georgia Mensah": "person",
    "Anna Varga": "person",
    "Peter Varga": "person",
    "Northern Liberation Front": "organisation",
    "Coastal Defence Forces": "organisation",
    "Grand Council of Elders": "organisation",
    "Freedonian Navy": "organisation",
    "Sylvanian Navy": "organisation",
    "Harbour Workers Union": "organisation",
    "Freedonia": "place",
    "Sylvan Strip": "place",
}


def row(text: str, *links: tuple[str, str], day: dt.date = DAY) -> GoldRow:
    return GoldRow(day, text, tuple(links))


def rows(times: int, text: str, *links: tuple[str, str], day: dt.date = DAY) -> list[GoldRow]:
    return [row(text, *links, day=day) for _ in range(times)]


def table(**extra: str) -> TitleTypes:
    return TitleTypes(types=TYPES | extra)


def surnames(drawn: draw_lookup.Drawn) -> list[str]:
    return [q.query for q in drawn.queries if q.category.startswith("surname")]


def queries(drawn: draw_lookup.Drawn, category: str) -> dict[str, tuple[str, ...]]:
    return {q.query: q.forms for q in drawn.queries if q.category == category}


# --- people -------------------------------------------------------------------------------


def test_the_most_linked_people_are_drawn_by_paragraphs_not_by_links(monkeypatch):
    monkeypatch.setitem(draw_lookup.COUNTS, "surname", 2)
    gold = [
        *rows(5, "Maria Kowalczyk spoke.", ("Maria Kowalczyk", "Maria Kowalczyk")),
        *rows(4, "Ines Roca spoke.", ("Ines Roca", "Ines Roca")),
        # Linked twice in each of three paragraphs: three links, not six.
        *rows(
            3, "Lars Holm met Lars Holm.", ("Lars Holm", "Lars Holm"), ("Lars Holm", "Lars Holm")
        ),
    ]
    assert surnames(draw(gold, table())) == ["Kowalczyk", "Roca"]


def test_a_title_linked_too_rarely_is_not_drawn():
    gold = [*rows(2, "Ines Roca spoke.", ("Ines Roca", "Ines Roca"))]
    assert surnames(draw(gold, table())) == []


@pytest.mark.parametrize(
    "gold, title, expected",
    [
        # The commonest one-word anchor that is a word of the title.
        (
            [
                *rows(3, "Park Ji Won spoke.", ("Park Ji Won", "Park Ji Won")),
                row("Park replied.", ("Park", "Park Ji Won")),
            ],
            "Park Ji Won",
            "Park",
        ),
        # Else the word the paragraphs use alone (not beside another capitalised word).
        (
            rows(3, "Chen Wei Ming spoke; Chen later left.", ("Chen Wei Ming", "Chen Wei Ming")),
            "Chen Wei Ming",
            "Chen",
        ),
        # Else the last word.
        (
            rows(3, "Maria Kowalczyk spoke.", ("Maria Kowalczyk", "Maria Kowalczyk")),
            "Maria Kowalczyk",
            "Kowalczyk",
        ),
        # A word the editors link to another title is never the surname.
        (
            rows(
                3,
                "Georgia Mensah visited Georgia; Georgia said no.",
                ("Georgia Mensah", "Georgia Mensah"),
                ("Georgia", "Georgia (country)"),
            ),
            "Georgia Mensah",
            "Mensah",
        ),
        # A particle is kept as the editors write it, and the word without it is a choice.
        (
            rows(
                3, "Omar al-Faris spoke; later al-Faris left.", ("Omar al-Faris", "Omar al-Faris")
            ),
            "Omar al-Faris",
            "al-Faris",
        ),
        # A regnal number is not a surname.
        (
            rows(3, "King Osric II spoke.", ("King Osric II", "King Osric II")),
            "King Osric II",
            "Osric",
        ),
    ],
)
def test_a_person_is_asked_by_the_surname_the_editors_use(gold, title, expected):
    assert surname(title, Links.count(gold, TitleTypes())) == expected


def test_a_shared_surname_is_asked_once_and_either_person_is_right():
    gold = [
        *rows(4, "Anna Varga spoke.", ("Anna Varga", "Anna Varga")),
        *rows(3, "Peter Varga spoke.", ("Peter Varga", "Peter Varga")),
    ]
    drawn = draw(gold, table())
    assert [(q.query, q.forms, q.category) for q in drawn.queries] == [
        ("Varga", ("Anna Varga", "Peter Varga"), "surname, shared")
    ]


# --- organisations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "anchor, title, expected",
    [
        ("NLF", "Northern Liberation Front", True),
        ("N.L.F.", "Northern Liberation Front", True),
        ("K9", "Kestrel 9 Brigade", True),
        ("HARWU", "Harbour Workers Union", True),  # starts of words, not only initials
        ("NLA", "Northern Liberation Front", False),
        ("Nlf", "Northern Liberation Front", False),
        ("FRONT", "FRONT dissidents", False),  # a word of the title is no acronym of it
    ],
)
def test_an_acronym_is_made_of_the_starts_of_the_titles_words(anchor, title, expected):
    assert is_acronym(anchor, title) is expected


@pytest.mark.parametrize(
    "anchor, title, others, expected",
    [
        ("Grand Council", "Grand Council of Elders", (), True),
        ("Coastal", "Coastal Defence Forces", (), False),  # no head word: an adjective
        ("Defence forces", "Coastal Defence Forces", (), False),  # not a name
        ("Navy", "Freedonian Navy", ("Freedonian Navy", "Sylvanian Navy"), False),  # generic
        ("Navy", "Freedonian Navy", ("Freedonian Navy",), True),
    ],
)
def test_a_shorter_name_holds_the_head_word_and_names_one_thing(anchor, title, others, expected):
    assert is_shorter_name(anchor, title, others) is expected


def test_an_organisation_is_asked_by_its_commonest_short_form_that_means_it():
    gold = [
        *rows(3, "Northern Liberation Front fought.", ("Northern Liberation Front",) * 2),
        *rows(2, "NLF fought.", ("NLF", "Northern Liberation Front")),
        *rows(2, "Coastal troops fought.", ("Coastal", "Coastal Defence Forces")),
        row("CDF fought.", ("CDF", "Coastal Defence Forces")),
        *rows(2, "Coastal Defence Forces fought.", ("Coastal Defence Forces",) * 2),
        # "HWU" links another title more often: it does not mean the union.
        *rows(3, "Harbour Workers Union struck.", ("Harbour Workers Union",) * 2),
        row("HWU struck.", ("HWU", "Harbour Workers Union")),
        *rows(2, "HWU closed.", ("HWU", "Hollow Wood University")),
        *rows(3, "Grand Council of Elders met.", ("Grand Council of Elders",) * 2),
    ]
    drawn = draw(gold, table())
    assert queries(drawn, "organisation") == {
        "NLF": ("Northern Liberation Front",),
        "CDF": ("Coastal Defence Forces",),
    }
    assert drawn.no_short_form == ["Harbour Workers Union", "Grand Council of Elders"]


def test_a_redirect_counts_as_its_title_and_is_a_form_but_never_the_query():
    types = TitleTypes(TYPES, same={"NL Front": "Northern Liberation Front"})
    gold = [
        *rows(2, "Northern Liberation Front fought.", ("Northern Liberation Front",) * 2),
        row("NL Front fought.", ("NL Front", "NL Front")),
        *rows(2, "NLF fought.", ("NLF", "NLF")),
    ]
    with_initials = types.with_initials(t for r in gold for _, t in r.links)
    assert with_initials.same == {
        "NL Front": "Northern Liberation Front",
        "NLF": "Northern Liberation Front",
    }
    assert queries(draw(gold, with_initials), "organisation") == {
        "NLF": ("Northern Liberation Front", "NL Front")
    }


# --- places and seats ---------------------------------------------------------------------


def test_a_place_is_asked_by_its_commonest_name_never_a_demonym():
    gold = [
        *rows(4, "Freedonian troops moved.", ("Freedonian", "Freedonia")),
        *rows(2, "Freedonia voted.", ("Freedonia", "Freedonia")),
        *rows(3, "Sylvan burned.", ("Sylvan", "Sylvan Strip")),
        row("Sylvan Strip burned.", ("Sylvan Strip", "Sylvan Strip")),
        *rows(3, "Chile voted.", ("Chile", "Chile")),  # a place by the geography data
    ]
    assert queries(draw(gold, table()), "place") == {
        "Freedonia": ("Freedonia",),
        "Sylvan": ("Sylvan Strip",),
        "Chile": ("Chile",),
    }


def test_a_seat_is_a_capital_or_a_typed_seat_answered_by_its_country(monkeypatch):
    monkeypatch.setitem(draw_lookup.COUNTS, "place", 0)  # else "Ottawa" is drawn as a place
    types = TitleTypes(TYPES | {"Palace of Winds": "seat"}, {"Palace of Winds": "Freedonia"})
    gold = [
        *rows(4, "Ottawa hosted talks.", ("Ottawa", "Ottawa")),
        *rows(5, "Mexico City flooded.", ("Mexico City", "Mexico City")),  # named as its country
        *rows(3, "The Palace of Winds said no.", ("Palace of Winds", "Palace of Winds")),
    ]
    assert queries(draw(gold, types), "seat") == {
        "Ottawa": ("Canada", "Government of Canada"),
        "Palace of Winds": ("Freedonia", "Government of Freedonia"),
    }


# --- the files ----------------------------------------------------------------------------


def _write_gold(path: Path, gold: list[GoldRow]) -> Path:
    lines = [
        json.dumps({"date": r.date.isoformat(), "text": r.text, "entities": list(r.links)})
        for r in gold
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _write_types(path: Path, types: dict[str, str]) -> Path:
    path.write_text(
        "# typed\ntitle\ttype\tstands for\n" + "".join(f"{t}\t{k}\n" for t, k in types.items()),
        "utf-8",
    )
    return path


def test_the_lists_are_written_read_and_checked(tmp_path):
    gold = _write_gold(
        tmp_path / "gold.jsonl",
        [
            *rows(3, "Ines Roca spoke.", ("Ines Roca", "Ines Roca")),
            *rows(3, "Ines Roca spoke again.", ("Ines Roca", "Ines Roca"), day=dt.date(2025, 9, 1)),
        ],
    )
    types = _write_types(tmp_path / "types.tsv", TYPES)
    args = ["--gold", str(gold), "--types", str(types), "--out", str(tmp_path)]
    assert main(args) == 0
    for half in ("h1", "h2"):
        drawn = read_lookup(tmp_path / f"lookup-drawn-2025-{half}.tsv")
        assert [(q.query, q.forms, q.category) for q in drawn] == [
            ("Roca", ("Ines Roca",), "surname")
        ]
    assert main([*args, "--check"]) == 0
    (tmp_path / "lookup-drawn-2025-h2.tsv").write_text("query\texpected\tcategory\n", "utf-8")
    assert main([*args, "--check"]) == 1


def test_drawing_fails_while_a_linked_title_is_untyped(tmp_path, capsys):
    gold = _write_gold(tmp_path / "gold.jsonl", rows(3, "Zed Quill spoke.", ("Zed Quill",) * 2))
    types = _write_types(tmp_path / "types.tsv", TYPES)
    assert main(["--gold", str(gold), "--types", str(types), "--out", str(tmp_path)]) == 1
    assert "3\tZed Quill" in capsys.readouterr().err
    assert not (tmp_path / "lookup-drawn-2025-h1.tsv").exists()


def test_a_types_file_rejects_a_seat_without_its_country(tmp_path):
    path = tmp_path / "types.tsv"
    path.write_text("title\ttype\tstands for\nPalace of Winds\tseat\n", "utf-8")
    with pytest.raises(ValueError, match=r"types\.tsv:2"):
        read_title_types(path)


@pytest.mark.parametrize("label", list(DRAWN_FILES))
def test_the_shipped_drawn_lists_read_with_every_category(label):
    drawn = read_lookup(DRAWN_FILES[label])
    by_category = {c: sum(q.category.startswith(c) for q in drawn) for c in draw_lookup.COUNTS}
    assert by_category["surname"] == 40
    assert by_category["place"] == 20
    assert by_category["seat"] == 15
    assert 10 <= by_category["organisation"] <= 25
    # The query is a form only when it is the title itself.
    assert all(folded_key(q.query) not in map(folded_key, q.forms[1:]) for q in drawn)


def test_the_shipped_lists_are_as_the_rule_draws_them():
    gold = shared("corpus", "current-events", "gold-2025.jsonl")
    assert main(["--gold", str(gold), "--check"]) == 0
