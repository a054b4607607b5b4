"""Channel filters: rules kept per channel and target, and which events pass them, in the
store's SQL on both engines."""

from __future__ import annotations

import dataclasses

from bot.store import FilterRule, described
from tests.conftest import NOW
from tests.factories import document
from tests.factories import extracted_event as event

CHANNEL = "discord:1"


def _store_with_events(store):
    events = [
        dataclasses.replace(
            event(["Syria"], sentence="Syria shelled Idlib on Monday."),
            section="Armed conflicts and attacks",
            sources=["Reuters"],
        ),
        dataclasses.replace(
            event(["Brazil"], sentence="Brazil won the football final."),
            section="Sports",
            sources=["BBC Sport", "AP"],
        ),
        dataclasses.replace(
            event(["Syria", "Turkey"], sentence="Turkey and Syria signed a football deal."),
            section="Sports",
            sources=["Al-Monitor"],
        ),
        dataclasses.replace(
            event(["France"], sentence="France raised taxes."),
            section="Business and economy",
            sources=["Le_Monde 100%"],
        ),
    ]
    store.apply_reload([(document(), events)], [], NOW)
    ids = [r[0] for r in store.db.execute("SELECT id FROM events ORDER BY id").fetchall()]
    return dict(zip(("syria", "football", "deal", "taxes"), ids, strict=True))


def _passing(store, ids, *rules, target="digest"):
    for rule in rules:
        assert store.filters.add(CHANNEL, FilterRule(target, *rule), NOW)
    passed = store.filters.passing(CHANNEL, target, ids.values())
    for rule in rules:
        assert store.filters.remove(CHANNEL, FilterRule(target, *rule))
    return {name for name, i in ids.items() if i in passed}


def test_each_kind_of_rule_matches_in_sql(store):
    ids = _store_with_events(store)
    everything = set(ids)
    assert _passing(store, ids) == everything  # no rule: everything
    assert _passing(store, ids, ("include", "entity", "syria")) == {"syria", "deal"}
    assert _passing(store, ids, ("exclude", "section", "sports")) == {"syria", "taxes"}
    assert _passing(store, ids, ("include", "keyword", "football")) == {"football", "deal"}
    assert _passing(store, ids, ("include", "keyword", "football final")) == {"football"}
    assert _passing(store, ids, ("exclude", "outlet", "ap")) == everything - {"football"}
    assert _passing(store, ids, ("include", "outlet", "le_monde 100%")) == {"taxes"}
    assert _passing(store, ids, ("include", "outlet", "le%")) == set()  # no wildcards
    # Included: any of them of one kind, and one of each kind; excluded: none of them.
    assert _passing(
        store, ids, ("include", "entity", "Syria"), ("include", "entity", "France")
    ) == {"syria", "deal", "taxes"}
    assert _passing(
        store, ids, ("include", "entity", "Syria"), ("include", "section", "Sports")
    ) == {"deal"}
    assert _passing(
        store,
        ids,
        ("include", "entity", "Syria"),
        ("include", "entity", "Brazil"),
        ("include", "section", "Sports"),
        ("include", "outlet", "AP"),
    ) == {"football"}
    assert _passing(
        store, ids, ("include", "entity", "Syria"), ("exclude", "section", "Sports")
    ) == {"syria"}


def test_rules_are_kept_per_channel_and_target(store):
    ids = _store_with_events(store)
    rule = FilterRule("alerts", "exclude", "section", "Sports")
    assert store.filters.add(CHANNEL, rule, NOW)
    assert not store.filters.add(CHANNEL, dataclasses.replace(rule, value="SPORTS"), NOW)
    assert store.filters.of(CHANNEL) == [rule]
    assert store.filters.of("discord:2") == [] and store.filters.of(CHANNEL, "digest") == []
    assert store.filters.passing(CHANNEL, "digest", ids.values()) == set(ids.values())
    assert store.filters.passing("discord:2", "alerts", ids.values()) == set(ids.values())
    assert len(store.filters.passing(CHANNEL, "alerts", ids.values())) == 2
    assert rule.label() == "not section Sports"
    assert FilterRule("digest", "include", "keyword", "oil").label() == "only keyword “oil”"
    listed = [
        FilterRule("digest", "include", "entity", "Russia"),
        FilterRule("digest", "include", "entity", "Ukraine"),
        FilterRule("digest", "include", "keyword", "drone"),
        FilterRule("digest", "exclude", "section", "Sports"),
        FilterRule("digest", "exclude", "outlet", "RT"),
    ]
    assert described(listed) == [
        "only entity Russia or Ukraine",
        "only keyword “drone”",
        "not section Sports",
        "not outlet RT",
    ]
    assert store.filters.remove(CHANNEL, rule) and not store.filters.remove(CHANNEL, rule)


def test_the_alert_filter_is_applied_in_the_claim(store):
    store.follows.follow(CHANNEL, "Syria", NOW)
    store.follows.follow("discord:2", "Syria", NOW)
    store.filters.add(CHANNEL, FilterRule("alerts", "exclude", "section", "Sports"), NOW)
    store.filters.add(CHANNEL, FilterRule("digest", "exclude", "entity", "Syria"), NOW)
    _store_with_events(store)
    assert store.follows.claim_alerts(CHANNEL, "b1", NOW) == 1  # not the football deal
    assert store.follows.claim_alerts("discord:2", "b2", NOW) == 2  # no filter there
    ((_, item),) = store.follows.alert_items(CHANNEL, "b1")
    assert item.sentence == "Syria shelled Idlib on Monday."
