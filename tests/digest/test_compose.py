"""The digest composer: ranked stories, the lead under headings, followed entities first."""

from __future__ import annotations

from bot.digest.compose import FOLLOWING, compose
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
    assert top.signals["outlets"] == 1 and top.signals["documents"] == 1


def test_different_events_stay_apart():
    reply = compose(
        [_item(1, "Russia deployed troops."), _item(2, "Russia withdrew assets.")], None
    )
    assert reply.total == 2


def test_the_lead_keeps_max_stories_and_the_rest_counts_in_total():
    events = [_item(i, f"Event number {i} in country {i}.", actors=(f"C{i}",)) for i in range(15)]
    reply = compose(events, None, max_stories=4)
    assert (reply.lead, reply.total, len(reply.stories)) == (4, 15, 15)
    assert reply.more_since == "2025-02-17"


def test_followed_entities_stories_lead_under_following():
    events = [
        _item(1, "Big news reported everywhere.", ["AP", "Reuters", "BBC"], actors=("Chile",)),
        _item(2, "Peru held a vote.", actors=("Peru",)),
    ]
    reply = compose(events, None, following={"Peru"})
    assert reply.stories[0].lead.actors == ("Peru",)
    assert reply.sections[0][0] == FOLLOWING
    assert compose(events, None).stories[0].lead.actors == ("Chile",)


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


def test_headings_are_the_section_when_the_seed_has_one():
    events = [_item(1, "Chile held a vote.", actors=("Chile",), section="Politics and elections")]
    assert compose(events, None).sections[0][0] == "Politics and elections"


def test_a_minor_entity_is_no_heading():
    events = [_item(1, "A storm hit Rongjiang County.", actors=(), places=("Rongjiang County",))]
    assert compose(events, None).sections[0][0] == "Other news"


def test_empty_digest():
    reply = compose([], "2025-02-18")
    assert (reply.total, reply.lead, reply.stories) == (0, 0, [])
    assert reply.to_json()["since"] == "2025-02-18"


def test_a_channels_window_digest_leads_with_what_it_follows(store):
    from bot.digest.compose import FOLLOWING
    from bot.digest.schedule import window_digest
    from tests.conftest import NOW
    from tests.factories import document, extracted_event

    chile = [extracted_event(["Chile"], sentence="Chile hosts a summit of forty leaders.")]
    peru = [extracted_event(["Peru"], sentence="Peru held a vote.")]
    store.apply_reload(
        [(document("a.txt", sha256="a" * 64), chile), (document("b.txt", sha256="b" * 64), peru)],
        [],
        NOW,
    )
    store.follow("discord:1", "Peru", NOW)
    followed = window_digest(store, "discord:1")
    assert followed.sections[0][0] == FOLLOWING
    assert followed.stories[0].lead.actors == ("Peru",)
    other = window_digest(store, "discord:2")
    assert FOLLOWING not in [heading for heading, *_ in other.sections]


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
