"""Sections from the text: headings filed under the fixed canonical sections, story lines
that neither become a section nor count as news, and a document's own headings kept when
it names no canonical section."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.seeds import parse_markdown, parse_seed
from bot.seeds.sections import canonical_section, section_names
from tests.conftest import shared

NEWS = "Chile and Peru sign a trade deal in Lima."
ITEM = f"{NEWS} (Reuters)"


def _filed(body: str) -> list[tuple[str, bool, str | None]]:
    """(text, heading, section) of each paragraph of a .txt seed with `body`."""
    doc = parse_seed("date 2025-06-22\n\n" + body, "a.txt")
    return [(p.text, p.heading, p.section) for p in doc.paragraphs]


def test_the_sections_come_in_the_digests_order():
    assert section_names() == (
        "Armed conflicts and attacks",
        "Disasters and accidents",
        "Politics and elections",
        "International relations",
        "Law and crime",
        "Business and economy",
        "Health and environment",
        "Science and technology",
        "Arts and culture",
        "Sports",
    )


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("Law and Crime", "Law and crime"),  # case
        ("Arts and Culture", "Arts and culture"),
        ("Science and Technology", "Science and technology"),
        ("Attacks and armed conflicts", "Armed conflicts and attacks"),  # a listed variant
        ("Disasters and incidents", "Disasters and accidents"),
        ("Disaster and accidents", "Disasters and accidents"),
        ("Politics & elections", "Politics and elections"),  # punctuation
        ("Buisness and economy", "Business and economy"),  # a close spelling
        ("Elections and politics", "Politics and elections"),  # word order
    ],
)
def test_a_variant_heading_files_its_items_under_the_canonical_section(heading, section):
    assert _filed(f"{heading}\n\n{ITEM}") == [(heading, True, None), (NEWS, False, section)]


@pytest.mark.parametrize(
    "heading",
    [
        "2025 Ras Isa oil terminal airstrikes",
        "United States strikes on Iranian nuclear sites",
        "Attacks on the Eternity C",
        "Ports",  # one letter from "Sports": too short a word to guess
        "Background",
        "",
    ],
)
def test_a_story_line_names_no_section(heading):
    assert canonical_section(heading) is None


def test_a_story_line_is_a_heading_that_leaves_the_section_as_it_was():
    body = (
        "Armed conflicts and attacks\n\nIsrael strikes Gaza. (AP)\n\n"
        "Chilean navy patrols near Arica\n\n"  # a story line, not a section
        "Chile sends troops to the border. (BBC News)\n\n"
        "Sports\n\nPeru wins the cup. (AP)\n"
    )
    assert _filed(body) == [
        ("Armed conflicts and attacks", True, None),
        ("Israel strikes Gaza.", False, "Armed conflicts and attacks"),
        ("Chilean navy patrols near Arica", True, None),
        ("Chile sends troops to the border.", False, "Armed conflicts and attacks"),
        ("Sports", True, None),
        ("Peru wins the cup.", False, "Sports"),
    ]


def test_a_story_line_before_any_section_leaves_its_items_without_one():
    body = f"Chilean navy patrols near Arica\n\n{ITEM}\n\nSports\n\nPeru wins the cup. (AP)\n"
    assert [(h, s) for _, h, s in _filed(body)] == [
        (True, None),
        (False, None),
        (True, None),
        (False, "Sports"),
    ]


def test_a_markdown_article_without_canonical_headings_keeps_its_own():
    doc = parse_markdown(
        "---\ndate: 2025-02-17\n---\n# Deal in Lima\n\nChile and Peru met.\n\n"
        "## Background\n\nThe talks began in May.\n",
        "a.md",
    )
    assert [(p.text, p.heading, p.section) for p in doc.paragraphs] == [
        ("Deal in Lima", True, None),
        ("Chile and Peru met.", False, "Deal in Lima"),
        ("Background", True, None),
        ("The talks began in May.", False, "Background"),
    ]


@pytest.mark.parametrize(
    ("body", "headings"),
    [
        ("Peru floods", [False]),  # a document of one short line
        ("Peru floods\n\nLima flooded", [False, False]),  # of nothing but short lines
        (f"Sports\n\n{ITEM}\n\nMore to follow", [True, False, False]),  # after the last item
    ],
)
def test_a_short_line_that_heads_no_item_stays_news(body, headings):
    assert [heading for _, heading, _ in _filed(body)] == headings


@pytest.mark.corpus
def test_the_current_events_pages_give_only_canonical_sections():
    folder = shared("corpus", "current-events", "2025")
    found: set[str | None] = set()
    for path in sorted(Path(folder).glob("*.txt")):
        doc = parse_seed(path.read_text("utf-8"), path.name)
        found |= {p.section for p in doc.paragraphs if not p.heading}
    assert found == set(section_names())
