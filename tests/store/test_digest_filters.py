"""A channel's digest filter: the filtered digest is the unfiltered one with the excluded
items removed (same stories, same ranking; a story left with no item goes), its places
filled from what is left, on both engines; the footer says the rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.digest.schedule import window_digest
from bot.store import FilterRule, described
from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event

CHANNEL = "discord:7"
NAMES = ("Syria", "Turkey", "Brazil", "France", "Ukraine", "Russia", "Kenya", "Chile")
SECTIONS = ("Armed conflicts and attacks", "Sports", "Business and economy", "Politics")
OUTLETS = ("Reuters", "AP", "BBC", "AFP", "Al Jazeera")
WORDS = ("talks", "strike", "election", "match", "floods", "tariffs")


def _corpus(store) -> list[int]:
    """Six documents of news over three days: entities, sections, outlets and words drawn
    so that stories join several items and rules cut across them."""
    rng = random.Random(11)
    changed = []
    for d in range(6):
        day = dt.date(2025, 2, 15) + dt.timedelta(days=d % 3)
        events = []
        for p in range(8):
            actors = rng.sample(NAMES, rng.choice((1, 2)))
            word = rng.choice(WORDS)
            sentence = f"{' and '.join(actors)} held {word} in {rng.choice(NAMES)} ({d}.{p})."
            events.append(
                dataclasses.replace(
                    event(actors, day=day, sentence=sentence),
                    paragraph=p,
                    section=rng.choice(SECTIONS),
                    sources=rng.sample(OUTLETS, rng.choice((1, 2))),
                )
            )
        changed.append((document(f"d{d}.txt", str(d) * 64, f"Day {d}", day), events))
    store.apply_reload(changed, [], NOW)
    return [r[0] for r in store.db.execute("SELECT id FROM events").fetchall()]


def _rules(kind: str, values: tuple[str, ...]) -> st.SearchStrategy:
    return st.tuples(
        st.sampled_from(("include", "exclude")), st.just(kind), st.sampled_from(values)
    )


RULES = st.lists(
    st.one_of(
        _rules("entity", NAMES),
        _rules("section", SECTIONS),
        _rules("keyword", WORDS),
        _rules("outlet", OUTLETS),
    ),
    min_size=1,
    max_size=4,
    unique=True,
)


@pytest.fixture
def corpus(store):
    return store, _corpus(store)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rules=RULES, max_stories=st.sampled_from((3, 5, 10)))
def test_a_filtered_digest_is_the_unfiltered_one_less_what_it_excludes(corpus, rules, max_stories):
    store, ids = corpus
    whole = window_digest(store, CHANNEL, max_stories)
    for rule in rules:
        store.filters.add(CHANNEL, FilterRule("digest", *rule), NOW)
    try:
        passing = store.filters.passing(CHANNEL, "digest", ids)
        said = described(store.filters.of(CHANNEL, "digest"))
        filtered = window_digest(store, CHANNEL, max_stories)
    finally:
        for rule in rules:
            store.filters.remove(CHANNEL, FilterRule("digest", *rule))
    # Same stories (by their place in the ranking), each less its excluded items.
    expected = {}
    for story in whole.stories:
        kept = {e.id for e in story.reports} & passing
        if kept:
            expected[story.rank] = (kept, story.weight, story.background)
    got = {s.rank: ({e.id for e in s.reports}, s.weight, s.background) for s in filtered.stories}
    assert got == expected
    # Its places filled from what is left, heaviest first; the rest in ranking order.
    news = sorted(r for r, (_, _, background) in expected.items() if not background)
    assert filtered.lead == min(max_stories, len(news))
    assert {s.rank for s in filtered.shown[:3]} == set(news[: min(3, max_stories)])
    assert [s.rank for s in filtered.stories[filtered.lead :]] == sorted(
        s.rank for s in filtered.stories[filtered.lead :]
    )
    assert all(e.id in passing for s in filtered.stories for e in s.reports)
    assert filtered.filters == said and len(said) >= 1


def test_no_filter_leaves_the_digest_as_it_was(corpus):
    store, _ = corpus
    before = window_digest(store, CHANNEL, 5)
    store.filters.add("discord:8", FilterRule("digest", "exclude", "section", "Sports"), NOW)
    store.filters.add(CHANNEL, FilterRule("alerts", "exclude", "section", "Sports"), NOW)
    assert window_digest(store, CHANNEL, 5) == before and before.filters == []
