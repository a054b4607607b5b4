"""Linking mentions to entities: within a document (offices, surnames, demonyms, capitals,
"the country") and across the corpus (`link_people`)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.extraction.dates import published_when
from bot.extraction.extractor import Event
from bot.extraction.mentions import Mention
from bot.extraction.names import DocumentLinker, Linked, link_people

DAY = dt.date(2025, 2, 17)


def _linker(lexicon, *people: str, published: dt.date = DAY) -> DocumentLinker:
    return DocumentLinker(lexicon, people, published)


@pytest.mark.parametrize(
    ("people", "mention", "linked"),
    [
        # A bare surname names the one person of that name in the document.
        (["Kaja Kallas"], Mention("Kallas", "ORG", "actor"), Linked("Kaja Kallas", "person")),
        (
            ["Omar al-Bashiri's"],
            Mention("Bashiri", "PERSON", "actor"),
            Linked("Omar al-Bashiri", "person"),
        ),
        # Two people share it: the surname stays as it is.
        (
            ["Ann Smith", "Bob Smith"],
            Mention("Smith", "PERSON", "actor"),
            Linked("Smith", "person"),
        ),
        # Demonyms and capitals stand for their country.
        ([], Mention("Russian", "NORP", "actor"), Linked("Russia", "country")),
        ([], Mention("Ukrainian", "GPE", "place"), Linked("Ukraine", "country")),
        ([], Mention("Moscow", "GPE", "actor"), Linked("Russia", "country")),
        ([], Mention("Moscow", "GPE", "place"), Linked("Moscow", "place")),
        ([], Mention("the Kremlin's", "ORG", "actor"), Linked("Russia", "country")),
        ([], Mention("Tartus", "GPE", "place", "city"), Linked("Tartus", "place")),
        ([], Mention("Hamas", "ORG", "actor"), Linked("Hamas", "group")),
        # Not a name at all.
        ([], Mention("111th", "ORG", "actor"), None),
    ],
)
def test_link_within_a_document(lexicon, people, mention, linked):
    assert _linker(lexicon, *people).link(mention) == linked


@pytest.mark.parametrize(
    ("published", "holder"), [(dt.date(2024, 6, 1), "Joe Biden"), (DAY, "Donald Trump")]
)
def test_an_office_links_to_its_holder_on_the_publication_day(lexicon, published, holder):
    office = "President of the United States"
    mention = Mention("U.S. President", "PERSON", "actor", "role", ref=office)
    assert _linker(lexicon, published=published).link(mention) == Linked(holder, "person")


def test_the_country_is_the_last_country_named_outright(lexicon):
    linker = _linker(lexicon)
    for mention in (
        Mention("Syria", "GPE", "place"),
        Mention("Turkey's", "GPE", "actor", possessive=True),
        Mention("Tartus", "GPE", "place", "city"),
    ):
        linked = linker.link(mention)
        assert linked is not None
        linker.named(mention, linked)
    assert linker.last_country == "Syria"


def test_an_office_in_an_article_names_its_holder_on_the_publication_date(extractor):
    from bot.seeds import parse_seed

    for day, holder in (("2024-06-01", "Joe Biden"), ("2025-06-01", "Donald Trump")):
        document = parse_seed(f"date {day}\n\nThe U.S. President met Macron in Paris.", "a.txt")
        (event,) = extractor.extract(document)
        assert holder in event.actors
        assert "President of the United States" in event.surfaces[holder]


def _event(kinds: dict[str, str]) -> Event:
    return Event(
        actors=list(kinds),
        places=[],
        action="met",
        attribution=None,
        sentence="",
        when=published_when(DAY),
        paragraph=0,
        kinds=dict(kinds),
        surfaces={name: {name} for name in kinds},
    )


def test_link_people_gives_a_bare_surname_its_one_full_name(lexicon):
    event = _event({"Trump": "organisation", "Kallas": "person"})
    linked = link_people([(None, [event])], ["Donald Trump", "Kaja Kallas"], lexicon)
    assert linked == 2
    assert event.actors == ["Donald Trump", "Kaja Kallas"]
    assert event.kinds == {"Donald Trump": "person", "Kaja Kallas": "person"}
    assert event.surfaces["Donald Trump"] == {"Trump"}


def test_link_people_finds_full_names_in_the_other_events(lexicon):
    named, bare = _event({"Kaja Kallas": "person"}), _event({"Kallas": "person"})
    assert link_people([(None, [named]), (None, [bare])], [], lexicon) == 1
    assert bare.actors == ["Kaja Kallas"]


@pytest.mark.parametrize(
    ("known", "kinds"),
    [
        (["Ann Smith", "Bob Smith"], {"Smith": "person"}),  # two people of that name
        (["Michael Jordan"], {"Jordan": "organisation"}),  # a name the gazetteer knows
        (["Mark Paris"], {"Paris": "place"}),  # a place is not a person
    ],
)
def test_link_people_leaves_ambiguous_and_known_names(lexicon, known, kinds):
    event = _event(kinds)
    assert link_people([(None, [event])], known, lexicon) == 0
    assert event.actors == list(kinds)


@pytest.mark.parametrize(
    ("text", "label", "kind"),
    [
        ("Kwarra State", "PERSON", "place"),
        ("Vornesk Oblast", "PERSON", "place"),
        ("Tarvel Governorate", "ORG", "place"),
        ("XR-27", "PERSON", "organisation"),
        ("QX9", "PERSON", "organisation"),
        ("Olek Vasylenko", "PERSON", "person"),
        ("Secretary of State", "PERSON", "person"),
    ],
)
def test_kind_from_the_shape_of_the_name(lexicon, text, label, kind):
    from bot.extraction.mentions import Mention
    from bot.extraction.names import DocumentLinker

    linked = DocumentLinker(lexicon, []).link(Mention(text, label, "actor", None))
    assert linked is not None and linked.kind == kind


def test_an_alias_to_a_thing_is_not_a_country(lexicon):
    from bot.extraction.mentions import Mention
    from bot.extraction.names import DocumentLinker

    lexicon.aliases["qzv"] = "Quiet Zone Venture"
    try:
        linked = DocumentLinker(lexicon, []).link(Mention("QZV", "GPE", "place", None))
    finally:
        del lexicon.aliases["qzv"]
    assert linked == Linked("Quiet Zone Venture", "place")


def test_a_bare_name_that_is_a_word_of_one_person_joins_that_person(lexicon):
    from bot.extraction.names import link_people

    class Named:
        def __init__(self, names, kind="person"):
            self.actors, self.places = list(names), []
            self.kinds = dict.fromkeys(names, kind)
            self.surfaces = {}

    lone = Named(["Prabowo"])
    family_first = Named(["Yoon"])
    shared = Named(["Hassan"])
    corpus = [
        Named(["Prabowo Subianto"]),
        Named(["Yoon Suk Yeol"]),
        Named(["Hassan Rouhani", "Hassan Nasrallah"]),
    ]
    linked = link_people([(None, [lone, family_first, shared, *corpus])], [], lexicon)
    assert lone.actors == ["Prabowo Subianto"] and family_first.actors == ["Yoon Suk Yeol"]
    assert shared.actors == ["Hassan"]  # a word of two people names neither
    assert linked == 2


def test_a_part_of_one_longer_name_is_that_person(lexicon):
    from bot.extraction.names import link_people

    class Named:
        def __init__(self, names, kind="person"):
            self.actors, self.places = list(names), []
            self.kinds = dict.fromkeys(names, kind)
            self.surfaces = {}

    fragment = Named(["Yoon Suk"])
    tail = Named(["Lula da Silva"])
    two_ways = Named(["Kim Jong"])  # inside two longer names: stays
    usual = Named(["Donald Trump"])
    rare = Named(["Jannik Sinner"])
    corpus = [
        *(Named(["Yoon Suk Yeol"]) for _ in range(2)),
        *(Named(["Luiz Inácio Lula da Silva"]) for _ in range(2)),
        Named(["Kim Jong Un", "Kim Jong Il"]),
        Named(["Donald Trump"]),
        *(Named(["Donald Trump Jr."]) for _ in range(3)),  # another person, however often
        Named(["Jannik Sinner 4–6"]),  # no more usual than the name it holds
    ]
    link_people([(None, [fragment, tail, two_ways, usual, rare, *corpus])], [], lexicon)
    assert fragment.actors == ["Yoon Suk Yeol"]
    assert tail.actors == ["Luiz Inácio Lula da Silva"]
    assert two_ways.actors == ["Kim Jong"]
    assert usual.actors == ["Donald Trump"] and rare.actors == ["Jannik Sinner"]
