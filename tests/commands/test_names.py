"""The resolver: each rule on a small store of its own, in order, with how it read the query."""

from __future__ import annotations

import pytest

from bot.extraction.names.surface import normalise
from bot.store import Store
from commands import Env, run_line
from commands._names import DOMINANT, resolve
from tests.conftest import NOW, SEEDS
from tests.factories import document
from tests.factories import extracted_event as event


def _fill(store: Store, linked: dict[str, tuple[str, int]], surfaces=None) -> Store:
    """Entities of the given kinds, each in that many events."""
    events = [
        event([name], sentence=f"{name} {i}.", kinds={name: kind}, surfaces=surfaces)
        for name, (kind, n) in linked.items()
        for i in range(n)
    ]
    store.apply_reload([(document(), events)], [], NOW)
    return store


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("the U.S.", "us"),
        ('  "Orbán" ', "orban"),
        ("“The  Kremlin”", "kremlin"),
        ("al-Assad", "al assad"),
        ("Côte d'Ivoire", "cote divoire"),
    ],
)
def test_normalise_reads_case_the_dots_quotes_diacritics_and_spaces(typed, key):
    assert normalise(typed) == key


def test_the_exact_name_answers_without_asked_as(store):
    _fill(store, {"Viktor Orbán": ("person", 2)})
    found = resolve(store, "viktor orbán")
    assert found.entity.name == "Viktor Orbán" and found.asked_as is None


def test_an_alias_answers_and_says_how_it_read(store):
    _fill(store, {"Russia": ("country", 2)}, surfaces={"Russia": {"Kremlin"}})
    found = resolve(store, "kremlin")
    assert found.entity.name == "Russia" and found.asked_as == "kremlin"


@pytest.mark.parametrize("typed", ["Orban", "the Viktor Orban", '"viktor orbán"'])
def test_the_normalised_name_answers(store, typed):
    _fill(store, {"Viktor Orbán": ("person", 2)})
    assert resolve(store, typed).entity.name == "Viktor Orbán"


def test_a_unique_surname_answers(store):
    _fill(store, {"Volodymyr Zelenskyy": ("person", 3), "Kyiv": ("place", 1)})
    found = resolve(store, "Zelenskyy")
    assert found.entity.name == "Volodymyr Zelenskyy" and found.asked_as == "Zelenskyy"


def test_a_surname_is_a_persons_only(store):
    _fill(store, {"Hotel Zelenskyy": ("organisation", 1), "Bank Lviv": ("organisation", 1)})
    # Not a surname: the word rule reaches it instead.
    assert resolve(store, "Zelenskyy").entity.name == "Hotel Zelenskyy"


def test_a_shared_surname_answers_the_most_linked_and_lists_the_others(store):
    _fill(store, {"Mahmoud Abbas": ("person", 3), "Ali Abbas": ("person", 2)})
    found = resolve(store, "Abbas")
    assert found.entity.name == "Mahmoud Abbas"
    assert [(c.name, c.kind, c.events) for c in found.candidates] == [("Ali Abbas", "person", 2)]


def test_a_shared_surname_offers_every_candidate_to_a_command_that_acts(store):
    _fill(store, {"Mahmoud Abbas": ("person", 3), "Ali Abbas": ("person", 2)})
    found = resolve(store, "Abbas", pick=False)
    assert found.entity is None
    assert [(c.name, c.kind, c.events) for c in found.candidates] == [
        ("Mahmoud Abbas", "person", 3),
        ("Ali Abbas", "person", 2),
    ]


def test_a_match_far_more_linked_than_the_next_answers_and_keeps_the_others(store):
    _fill(store, {"Donald Trump": ("person", DOMINANT * 2), "Melania Trump": ("person", 2)})
    found = resolve(store, "Trump")
    assert found.entity.name == "Donald Trump"
    assert [c.name for c in found.candidates] == ["Melania Trump"]


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("WHO", "World Health Organization"),
        ("DRC", "Democratic Republic of the Congo"),
        ("D.O.G.E.", "Department of Government Efficiency"),
    ],
)
def test_an_acronym_reaches_the_multi_word_name_of_those_initials(store, typed, name):
    _fill(
        store,
        {
            "World Health Organization": ("organisation", 1),
            "Democratic Republic of the Congo": ("country", 1),
            "Department of Government Efficiency": ("organisation", 1),
        },
    )
    found = resolve(store, typed)
    assert found.entity.name == name and found.asked_as == typed


@pytest.mark.parametrize(
    ("typed", "name"), [("Xi", "Xi Jinping"), ("Bashar Assad", "Bashar al-Assad")]
)
def test_every_word_typed_in_a_name_reaches_it(store, typed, name):
    _fill(store, {"Xi Jinping": ("person", 1), "Bashar al-Assad": ("person", 1)})
    assert resolve(store, typed).entity.name == name


def test_a_word_shared_by_a_person_and_a_place_shows_one_and_lists_the_other(store):
    _fill(store, {"Bandar Abbas": ("place", 2), "Abbas Araghchi": ("person", 3)})
    found = resolve(store, "Abbas")
    assert found.entity.name == "Abbas Araghchi"
    assert [(c.name, c.kind) for c in found.candidates] == [("Bandar Abbas", "place")]


def test_an_earlier_rule_wins_over_a_later_one(store):
    # "Georgia" is a name; "Georgia Meloni"'s first word must not make it ambiguous.
    _fill(store, {"Georgia": ("country", 1), "Georgia Meloni": ("person", 5)})
    assert resolve(store, "georgia").entity.name == "Georgia"


def test_an_unknown_name_gets_close_spellings(store):
    _fill(store, {"Tartus": ("place", 1)})
    found = resolve(store, "Tartsu")
    assert found.entity is None and found.candidates == [] and "Tartus" in found.suggestions


@pytest.mark.parametrize("command", ["who", "where", "timeline"])
def test_every_name_command_answers_by_the_resolver_and_says_so_in_json(store, command):
    _fill(store, {"Volodymyr Zelenskyy": ("person", 2), "Mahmoud Abbas": ("person", 1),
                  "Ali Abbas": ("person", 1)})  # fmt: skip
    env = Env(seeds=SEEDS, page_size=5)
    found = run_line(f"/{command} Zelenskyy", store, NOW, env).to_json()
    assert found["entity"]["name"] == "Volodymyr Zelenskyy" and found["asked_as"] == "Zelenskyy"
    shared = run_line(f"/{command} Abbas", store, NOW, env).to_json()
    names = [shared["entity"]["name"], *(c["name"] for c in shared["candidates"])]
    assert sorted(names) == ["Ali Abbas", "Mahmoud Abbas"]


def test_an_alias_the_lexicon_knows_answers_though_no_article_wrote_it(store):
    store.apply_reload(
        [(document(), [event(["United States"]), event(["Russia"])])],
        [],
        NOW,
        known_aliases={"usa": "United States", "kremlin": "Russia", "atlantis": "Atlantis"},
    )
    assert resolve(store, "USA").entity.name == "United States"
    found = resolve(store, "the Kremlin")
    assert (found.entity.name, found.asked_as) == ("Russia", "the Kremlin")
    assert resolve(store, "Atlantis").entity is None  # an alias of nothing in the store


def test_lexicon_aliases_follow_the_lexicon_at_the_next_reload(store):
    one = [(document(), [event(["Russia"])])]
    store.apply_reload(one, [], NOW, known_aliases={"kremlin": "Russia"})
    store.apply_reload([], [], NOW, known_aliases={"moskva": "Russia"})
    assert resolve(store, "Kremlin").entity is None
    assert resolve(store, "Moskva").entity.name == "Russia"


def test_the_reload_stores_the_lexicon_aliases(store):
    from bot.extraction.names import Lexicon

    known = Lexicon.load().known_aliases()
    assert known["kremlin"] == "Russia"  # the packaged aliases.toml
    assert known["usa"] == "United States"  # pycountry's initials of the country
    assert "moscow" not in known  # an acting capital means itself when typed


def test_a_spelling_of_the_same_person_gives_its_surname_too(store):
    spelt = {"Volodymyr Zelenskyy": {"Volodymyr Zelensky", "President of Ukraine"}}
    _fill(store, {"Volodymyr Zelenskyy": ("person", 3)}, surfaces=spelt)
    found = resolve(store, "Zelensky")
    assert (found.entity.name, found.asked_as) == ("Volodymyr Zelenskyy", "Zelensky")
    assert resolve(store, "Ukraine").entity is None  # another alias's last word is no surname


@pytest.mark.parametrize("typed", ["Pope Leo", "pope leo", "President Macron", "Dr. Macron"])
def test_a_title_before_the_name_is_read_without_it(store, typed):
    _fill(store, {"Leo XIV": ("person", 2), "Emmanuel Macron": ("person", 2)})
    found = resolve(store, typed)
    assert found.entity is not None and found.asked_as == typed
    assert found.entity.name in {"Leo XIV", "Emmanuel Macron"}


def test_a_title_alone_is_not_stripped_to_nothing(store):
    _fill(store, {"Pope": ("person", 1)})
    assert resolve(store, "Pope").entity.name == "Pope"


def test_a_region_named_after_its_city_is_not_what_the_city_name_means(store):
    _fill(store, {"Donetsk Oblast": ("place", 3), "Aleppo Governorate": ("place", 1)})
    found = resolve(store, "Donetsk")
    assert found.entity is None and "Donetsk Oblast" in found.suggestions
    assert resolve(store, "donetsk oblast").entity.name == "Donetsk Oblast"
    assert store.entities.complete("done") == ["Donetsk Oblast"]


def test_a_surname_spelt_nearly_alike_answers(store):
    _fill(store, {"Volodymyr Zelenskyy": ("person", 3), "Zelen Park": ("place", 1)})
    found = resolve(store, "Zelenskiy")
    assert found.entity.name == "Volodymyr Zelenskyy" and found.asked_as == "Zelenskiy"


def test_a_surname_not_close_enough_answers_nothing(store):
    _fill(store, {"Volodymyr Zelenskyy": ("person", 3)})
    assert resolve(store, "Zelenko").entity is None


def test_a_capital_in_who_is_its_country_and_in_where_the_place(store):
    _fill(store, {"Velmora": ("country", 4), "Ostrava Nova": ("place", 2)})
    store.apply_reload([], ["none.txt"], NOW, seats={"Ostrava Nova": "Velmora"})
    env = Env(seeds=SEEDS, page_size=5)
    who = run_line("/who ostrava nova", store, NOW, env)
    assert (who.entity.name, who.asked_as) == ("Velmora", "ostrava nova")
    assert [(c.name, c.kind, c.events) for c in who.candidates] == [("Ostrava Nova", "place", 2)]
    where = run_line("/where Ostrava Nova", store, NOW, env)
    assert where.entity.name == "Ostrava Nova"


def test_a_seat_whose_country_the_store_lacks_is_the_place(store):
    _fill(store, {"Ostrava Nova": ("place", 2)})
    store.apply_reload([], ["none.txt"], NOW, seats={"Ostrava Nova": "Velmora"})
    assert resolve(store, "Ostrava Nova", seat=True).entity.name == "Ostrava Nova"


def test_the_reload_keeps_the_lexicons_seats(store, tmp_path):
    from bot.ingest import reload
    from tests.factories import TaggedEngine

    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2025-02-17\n\nArdenne/person met Calder/city.\n")
    reload(store, folder, TaggedEngine(), NOW)
    # Every capital of the geography data acts for its country.
    assert (
        store.entities.seat_of("Moscow") == "Russia"
        and store.entities.seat_of("Nairobi") == "Kenya"
    )
    assert store.entities.seat_of("Calder") is None
