"""The stories a channel was alerted of, on both engines: a batch's plan (new messages and
updates), its parts until posted, the story's message and thread, and what the hour's cap
counts."""

from __future__ import annotations

import datetime as dt

from bot.store import Pace, Store
from tests.conftest import NOW
from tests.factories import document, extracted_event

LATER = NOW + dt.timedelta(hours=1)
C = "discord:1"


def _load(store: Store, file: str, *sentences: str, sha: str) -> None:
    events = [extracted_event(["Russia"], sentence=s) for s in sentences]
    store.apply_reload([(document(file, sha256=sha * 64), events)], [], NOW)


def _told(store: Store, batch: str, message: str, at: dt.datetime) -> None:
    for part in store.alert_stories.parts(C, batch):
        ids = [s.id for s in part.stories]
        store.alert_stories.told(ids, message, at)
        store.follows.mark_alerts_posted(C, batch, message, at, ids)


def test_a_plan_gives_new_messages_then_updates_their_parts(store):
    _load(store, "a.txt", "Russia moved.", sha="1")
    store.follows.follow(C, "Russia", NOW)
    _load(store, "b.txt", "Russia left.", "Russia came back.", "Russia signed.", sha="2")
    store.follows.claim_alerts(C, "b1", NOW)
    assert not store.alert_stories.planned(C, "b1")
    first, second = (
        [("b.txt", "Russia left."), ("b.txt", "Russia came back.")],
        [("b.txt", "Russia signed.")],
    )
    store.alert_stories.plan(C, "b1", [[first], [second]], {}, NOW)
    assert store.alert_stories.planned(C, "b1")
    parts = store.alert_stories.parts(C, "b1")
    assert [(p.key, p.update, len(p.stories)) for p in parts] == [
        ("b1-0", False, 1),
        ("b1-1", False, 1),
    ]
    one, two = (p.stories[0].id for p in parts)
    items = store.alert_stories.items(C, [one, two], "b1")
    assert [e.sentence for _, e in items[one]] == ["Russia left.", "Russia came back."]
    _told(store, "b1", "m1", NOW)
    assert store.alert_stories.parts(C, "b1") == []
    assert store.alert_stories.told_by(C, "m1") == [one, two]
    assert [i for i, _ in store.alert_stories.recent(C, NOW - dt.timedelta(days=1))] == [one, two]

    _load(store, "c.txt", "Russia left again.", sha="3")
    store.follows.claim_alerts(C, "b2", LATER)
    store.alert_stories.plan(C, "b2", [], {one: [("c.txt", "Russia left again.")]}, LATER)
    (update,) = store.alert_stories.parts(C, "b2")
    assert (update.key, update.update, update.stories[0].message_id) == (f"b2-u{one}", True, "m1")
    assert len(store.alert_stories.items(C, [one])[one]) == 3
    store.alert_stories.set_thread("m1", C, "t1")
    assert {s.thread_id for p in store.alert_stories.parts(C, "b2") for s in p.stories} == {"t1"}
    # The story updated last comes last among those that may be continued.
    assert [i for i, _ in store.alert_stories.recent(C, NOW)] == [two, one]
    store.alert_stories.moved(C, "m1", "m9")
    assert store.alert_stories.told_by(C, "m9") == [one, two]


def test_the_cap_counts_story_messages_not_updates(store):
    _load(store, "a.txt", "Russia moved.", sha="1")
    store.follows.follow(C, "Russia", NOW)
    store.pace.set(Pace(C, alerts_per_hour=3), NOW)
    _load(store, "b.txt", "Russia left.", "Russia signed.", sha="2")
    store.follows.claim_alerts(C, "b1", NOW)
    left, signed = ("b.txt", "Russia left."), ("b.txt", "Russia signed.")
    store.alert_stories.plan(C, "b1", [[[left]], [[signed]]], {}, NOW)
    _told(store, "b1", "m1", NOW)
    assert store.pace.messages_since(C, NOW - dt.timedelta(minutes=1)) == 2
    (story, _), _ = store.alert_stories.recent(C, NOW - dt.timedelta(days=1))
    _load(store, "c.txt", "Russia left again.", sha="3")
    store.follows.claim_alerts(C, "b2", NOW)
    store.alert_stories.plan(C, "b2", [], {story: [("c.txt", "Russia left again.")]}, NOW)
    _told(store, "b2", "m1", NOW)
    assert store.pace.messages_since(C, NOW - dt.timedelta(minutes=1)) == 2


def test_held_alerts_are_remembered_until_released(store):
    store.pace.set(Pace(C, quiet_start="22:00", quiet_end="07:00"), NOW)
    store.pace.hold(C, NOW)
    store.pace.hold(C, LATER)  # held since the first
    assert store.pace.get(C).held_since == NOW.isoformat(timespec="seconds")
    store.pace.release(C)
    assert store.pace.get(C).held_since is None
