"""The digest composer: ranked stories, the lead under headings, followed entities first."""

from __future__ import annotations

from bot.digest.compose import FOLLOWING, TOP, TOP_STORIES, compose
from tests.factories import stored_event as _ev


def _item(i: int, sentence: str, sources=("AP",), **fields):
    return _ev(i, sentence, sources=tuple(sources), file=f"{i}.txt", **fields)


def test_one_happening_from_two_documents_is_one_story_citing_both():
    reply = compose(
        [
            _item(1, "Russia is nearing a deal with Syria on its bases.", ["Bloomberg"]),
            _item(2, "Russia is nearing a deal with Syria on its bases, sources say.", ["Reuters"]),
            _item(3, "Ukraine engaged with Syria.", actors=("Ukraine",)),
        ],
        None,
    )
    assert reply.total == 2
    top = reply.stories[0]
    assert top.sources == ["Bloomberg", "Reuters"]
    assert top.signals["outlets"] > 0 and top.signals["items"] > 0
    assert top.other_items == 1


def test_different_events_stay_apart():
    reply = compose(
        [_item(1, "Russia deployed troops."), _item(2, "Russia withdrew assets.")], None
    )
    assert reply.total == 2


def test_developments_of_one_story_are_one_entry_whatever_their_wording():
    # The inauguration and the new president's first order: one section, one day, one
    # person acting in both; a country alone (above) makes no story.
    events = [
        _item(
            1,
            "Ana Silva is sworn in as president.",
            actors=("Ana Silva", "Chile"),
            section="Politics and elections",
        ),
        _item(
            2,
            "Silva signs an order on mining.",
            ["Reuters"],
            actors=("Ana Silva",),
            section="Politics and elections",
        ),
        _item(3, "Chile wins a football match.", actors=("Chile",), section="Sports"),
    ]
    reply = compose(events, None)
    assert reply.total == 2
    first = reply.stories[0]
    assert first.lead.sentence.startswith("Ana Silva is sworn in")
    assert first.sources == ["AP", "Reuters"] and first.other_items == 1


def test_the_lead_keeps_max_stories_and_the_rest_counts_in_total():
    events = [_item(i, f"Event number {i} in place {i}.", actors=(f"C{i}",)) for i in range(15)]
    reply = compose(events, None, max_stories=4)
    assert (reply.lead, reply.total, len(reply.stories)) == (4, 15, 15)
    assert reply.more_since == "2025-02-17"


def _many(n: int, **fields):
    return [
        _item(
            i,
            f"Big news {i} reported everywhere.",
            ["AP", "Reuters", "BBC"],
            actors=(f"Land{i}",),
            **fields,
        )
        for i in range(1, n + 1)
    ]


def test_followed_entities_stories_come_next_to_the_top_stories_under_following():
    events = [*_many(5), _item(9, "Peru held a vote.", actors=("Peru",))]
    reply = compose(events, None, following={"Peru"}, max_stories=5)
    assert [h for h, _ in reply.sections] == [TOP, FOLLOWING, "Other news"]
    assert reply.sections[1][1][0].lead.actors == ("Peru",)
    assert "Peru" not in {
        a for s in compose(events, None, max_stories=5).shown for a in s.lead.actors
    }


def test_background_stays_out_of_the_lead():
    events = [
        _item(
            1,
            "In 2015, Russia deployed jets.",
            ["AP", "Reuters"],
            when_start="2015-01-01",
            when_end="2015-12-31",
            granularity="year",
        ),
        _item(2, "Chile held a vote.", actors=("Chile",)),
    ]
    reply = compose(events, None)
    assert reply.lead == 1 and reply.stories[0].lead.actors == ("Chile",)
    assert reply.stories[1].background and reply.total == 2


def test_the_top_stories_lead_then_each_section_once_in_the_fixed_order():
    from bot.seeds.sections import section_names

    sections = ["Sports", "Armed conflicts and attacks", "Sports", "Law and crime"]
    events = _many(TOP_STORIES) + [
        _item(10 + i, f"Item {i} of the day.", actors=(f"Other{i}",), section=section)
        for i, section in enumerate(sections)
    ]
    reply = compose(events, None)
    headings = [h for h, _ in reply.sections]
    assert headings[0] == TOP and len(reply.sections[0][1]) == TOP_STORIES
    assert len(headings) == len(set(headings))
    order = [section_names().index(h) for h in headings[1:]]
    assert order == sorted(order)


def test_a_minor_entity_is_no_heading():
    storm = _item(9, "A storm hit Rongjiang County.", actors=(), places=("Rongjiang County",))
    events = [*_many(TOP_STORIES), storm]
    assert compose(events, None).sections[1][0] == "Other news"


def test_empty_digest():
    reply = compose([], "2025-02-18")
    assert (reply.total, reply.lead, reply.stories) == (0, 0, [])
    assert reply.to_json()["since"] == "2025-02-18"


def test_a_channels_window_digest_leads_with_what_it_follows(store):
    from bot.digest.schedule import window_digest
    from tests.conftest import NOW
    from tests.factories import document, extracted_event

    grave = [
        (
            document(f"g{i}.txt", sha256=f"{i}" * 64),
            [
                extracted_event(
                    [f"Land{i}"], sentence=f"At least {50 + i} people are killed in Land{i}."
                )
            ],
        )
        for i in range(4)
    ]
    peru = [extracted_event(["Peru"], sentence="Peru held a vote.")]
    store.apply_reload([*grave, (document("b.txt", sha256="b" * 64), peru)], [], NOW)
    store.follows.follow("discord:1", "Peru", NOW)
    followed = window_digest(store, "discord:1", max_stories=4)
    assert [s.heading for s in followed.shown] == [TOP] * 3 + [FOLLOWING]
    assert followed.shown[-1].lead.actors == ("Peru",)
    other = window_digest(store, "discord:2", max_stories=4)
    assert "Peru held a vote." not in [s.lead.sentence for s in other.shown]


def test_a_window_reads_at_most_its_newest_max_events(store, monkeypatch):
    import datetime as dt

    from bot.digest.schedule import window_digest
    from bot.digest.stories import settings
    from tests.conftest import NOW
    from tests.factories import document, extracted_event

    countries = ["Chile", "Peru", "Bolivia", "Ecuador", "Uruguay"]
    store.apply_reload(
        [
            (
                document(f"{i}.txt", sha256=f"{i}" * 64),
                [
                    extracted_event(
                        [name],
                        sentence=f"{name} held a vote on its budget.",
                        day=dt.date(2025, 1, 1 + i),
                    )
                ],
            )
            for i, name in enumerate(countries)
        ],
        [],
        NOW,
    )
    assert window_digest(store, "discord:1").total == 5
    monkeypatch.setitem(settings()["window"], "max_events", 3)
    capped = window_digest(store, "discord:1")
    assert sorted(s.lead.actors[0] for s in capped.stories) == ["Bolivia", "Ecuador", "Uruguay"]
