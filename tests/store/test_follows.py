"""Follow lists per channel and the alert ledger: items keyed by document and sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.store import FilterRule, Store
from bot.store.follows import Follows
from tests.conftest import NOW
from tests.factories import document, extracted_event

LATER = NOW + dt.timedelta(hours=1)


@pytest.fixture(params=["from the window", "from the links"])
def plan(request, monkeypatch) -> None:
    """A claim from its channel's mark reads the events ingested since or the followed
    entities' links, whichever is fewer: each reading must claim the same."""
    window = request.param == "from the window"
    monkeypatch.setattr(Follows, "_window_is_smaller", lambda *_: window)


def _load(store: Store, file: str, *sentences: str, sha: str = "1", actors=("Russia",)) -> None:
    events = [extracted_event(actors, sentence=s) for s in sentences]
    store.apply_reload([(document(file, sha256=sha * 64), events)], [], NOW)


def test_a_channel_follows_an_entity_once_by_its_name(store):
    _load(store, "a.txt", "Russia moved.")
    assert store.follows.follow("discord:1", "Russia", NOW) is True
    assert store.follows.follow("discord:1", "RUSSIA", LATER) is False  # names match in any case
    assert store.follows.following("discord:1") == [("Russia", "country", 1)]
    assert store.follows.following("discord:2") == []  # per channel
    assert store.follows.followed("discord:1") == [store.entities.named("Russia").id]


def test_unfollowing_removes_only_that_channels_follow(store):
    _load(store, "a.txt", "Russia moved.")
    store.follows.follow("discord:1", "Russia", NOW)
    store.follows.follow("slack:C1", "Russia", NOW)
    assert store.follows.unfollow("discord:1", "russia") is True
    assert store.follows.unfollow("discord:1", "Russia") is False
    assert store.follows.following("discord:1") == [] and store.follows.followed("slack:C1") != []


def test_a_followed_entity_that_leaves_the_store_stays_followed_and_comes_back(store):
    _load(store, "a.txt", "Russia moved.")
    store.follows.follow("c", "Russia", NOW)
    store.apply_reload([], ["a.txt"], NOW)
    assert (
        store.follows.following("c") == [("Russia", None, 0)] and store.follows.followed("c") == []
    )
    _load(store, "b.txt", "Russia returned.", sha="2")
    assert store.follows.followed("c") == [store.entities.named("Russia").id]


def test_what_the_store_held_when_followed_never_alerts(store):
    _load(store, "a.txt", "Russia moved.", "Russia left.")
    store.follows.follow("c", "Russia", NOW)
    assert store.follows.claim_alerts("c", "b1", NOW) == 0
    assert store.follows.alert_ledger("c") == []


def test_new_items_are_claimed_once_per_channel(store, plan):
    _load(store, "a.txt", "Russia moved.")
    store.follows.follow("c", "Russia", NOW)
    store.follows.follow("d", "Russia", NOW)
    _load(store, "b.txt", "Russia left.", "Russia left.", sha="2")  # one sentence, two events
    assert store.follows.claim_alerts("c", "b1", LATER) == 1
    assert store.follows.claim_alerts("c", "b2", LATER) == 0
    assert store.follows.claim_alerts("d", "b3", LATER) == 1  # another channel's own claim
    (item,) = store.follows.alert_items("c", "b1")
    assert item[0] == "Russia" and item[1].sentence == "Russia left."


def test_re_extracting_the_same_sentences_claims_nothing_again(store, plan):
    _load(store, "a.txt", "Russia moved.")
    store.follows.follow("c", "Russia", NOW)
    _load(store, "b.txt", "Russia left.", sha="2")
    store.follows.claim_alerts("c", "b1", LATER)
    store.follows.mark_alerts_posted("c", "b1", "m1", LATER)
    # a rules change re-extracts both documents: new event ids, same sentences
    _load(store, "a.txt", "Russia moved.", sha="3")
    _load(store, "b.txt", "Russia left.", sha="4")
    assert store.follows.claim_alerts("c", "b2", LATER) == 0
    # an updated document's new sentence is new
    _load(store, "b.txt", "Russia left.", "Russia came back.", sha="5")
    assert store.follows.claim_alerts("c", "b3", LATER) == 1


def test_a_claimed_batch_stays_unposted_until_marked(location):
    path = location
    with Store(path) as store:
        _load(store, "a.txt", "Russia moved.")
        store.follows.follow("c", "Russia", NOW)
        _load(store, "b.txt", "Russia left.", sha="2")
        store.follows.claim_alerts("c", "b1", LATER)
    with Store(path) as reopened:  # a restart: the claim survived, unmarked
        assert reopened.follows.unposted_batches("c") == ["b1"]
        assert reopened.follows.channels() == ["c"]
        reopened.follows.mark_alerts_posted("c", "b1", "m1", LATER)
        assert reopened.follows.unposted_batches("c") == []
        assert reopened.follows.alert_ledger("c") == [
            ("b.txt", "Russia left.", "b1", LATER.isoformat(timespec="seconds"))
        ]


def test_a_batch_whose_document_went_has_no_items(store):
    _load(store, "a.txt", "Russia moved.")
    store.follows.follow("c", "Russia", NOW)
    _load(store, "b.txt", "Russia left.", sha="2")
    store.follows.claim_alerts("c", "b1", LATER)
    store.apply_reload([], ["b.txt"], LATER)
    assert store.follows.alert_items("c", "b1") == []


def test_an_item_about_two_followed_entities_is_claimed_once(store):
    _load(store, "a.txt", "Russia moved.", actors=("Russia", "France"))
    store.follows.follow("c", "Russia", NOW)
    store.follows.follow("c", "France", NOW)
    _load(store, "b.txt", "Russia and France met.", sha="2", actors=("Russia", "France"))
    assert store.follows.claim_alerts("c", "b1", LATER) == 1
    assert [entity for entity, _ in store.follows.alert_items("c", "b1")] == ["France"]


def test_the_rhythm_is_kept_per_channel(store):
    store.channels.set("discord:1", "g", "08:00", "UTC", False, NOW, "weekly monday")
    store.channels.set("slack:C1", None, "09:00", "UTC", False, NOW)
    assert [c.rhythm for c in store.channels.all()] == ["weekly monday", "daily"]


def test_a_background_item_never_alerts(store, plan):
    _load(store, "a.txt", "Russia moved.")
    store.follows.follow("c", "Russia", NOW)
    # Today's page recalls 2008: the item is background, not news of Russia.
    recalled = extracted_event(["Russia"], day="2008-08-08", sentence="Russia invaded in 2008.")
    news = extracted_event(["Russia"], sentence="Russia left.")
    store.apply_reload([(document("b.txt", sha256="2" * 64), [recalled, news])], [], NOW)
    assert store.follows.claim_alerts("c", "b1", LATER) == 1
    assert [e.sentence for _, e in store.follows.alert_items("c", "b1")] == ["Russia left."]


def _load_at(store: Store, file: str, sentence: str, at: dt.datetime, sha: str) -> None:
    events = [extracted_event((sentence.split()[0],), sentence=sentence)]
    store.apply_reload([(document(file, sha256=sha * 64), events)], [], at)


def test_a_claim_reads_what_came_since_the_last_so_a_filter_lifted_later_brings_no_backlog(
    store, plan
):
    """A claim starts from the channel's mark (the latest ingestion its last claim saw,
    less an hour): news the filter held back before that stays back once the filter goes
    (no burst of old alerts); later news passes."""
    _load(store, "a.txt", "Russia moved.")
    store.follows.follow("c", "Russia", NOW)
    store.filters.add("c", FilterRule("alerts", "exclude", "keyword", "drone"), NOW)
    _load_at(store, "b.txt", "Russia sent a drone.", NOW + dt.timedelta(hours=2), "2")
    assert store.follows.claim_alerts("c", "b1", LATER) == 0  # filtered out
    _load_at(store, "x.txt", "France voted.", NOW + dt.timedelta(hours=5), "4")
    assert store.follows.claim_alerts("c", "b2", LATER) == 0  # the mark moves on
    store.filters.remove("c", FilterRule("alerts", "exclude", "keyword", "drone"))
    _load_at(store, "c.txt", "Russia sent another drone.", NOW + dt.timedelta(hours=6), "3")
    assert store.follows.claim_alerts("c", "b3", LATER) == 1
    assert [e.sentence for _, e in store.follows.alert_items("c", "b3")] == [
        "Russia sent another drone."
    ]


def test_a_reload_stamped_a_little_before_the_mark_is_still_claimed(store, plan):
    """A reload that waited for the lock stamps its events before the last claim's mark
    and commits after it: the claim reads back MARK_SLACK, so they are not missed."""
    _load(store, "a.txt", "Russia moved.")
    store.follows.follow("c", "Russia", NOW)
    _load_at(store, "b.txt", "Russia left.", NOW + dt.timedelta(hours=3), "2")
    assert store.follows.claim_alerts("c", "b1", LATER) == 1
    _load_at(store, "c.txt", "Russia returned.", NOW + dt.timedelta(hours=2, minutes=30), "3")
    assert store.follows.claim_alerts("c", "b2", LATER) == 1


def test_a_claim_after_a_days_news_reads_the_new_events_by_their_index(tmp_path):
    """The regression guard of the claim's cost (benchmarks/filters.py: 18.8 ms against
    2.4 s at ten million events): from a mark, with fewer new events than the followed
    entities have, SQLite reads the events through their ingestion index."""
    with Store(tmp_path / "s.db") as store:
        for day in range(3):
            _load_at(
                store, f"{day}.txt", f"Russia moved {day}.", NOW - dt.timedelta(days=3), str(day)
            )
        store.follows.follow("c", "Russia", NOW)
        _load_at(store, "x.txt", "France voted.", NOW - dt.timedelta(days=1), "8")
        store.follows.claim_alerts("c", "b1", NOW)  # the mark: the day before
        _load_at(store, "new.txt", "Russia left.", NOW, "9")
        statements: list[str] = []
        store.db.conn.set_trace_callback(statements.append)
        assert store.follows.claim_alerts("c", "b2", LATER) == 1
        store.db.conn.set_trace_callback(None)
        (claim,) = [s for s in statements if s.startswith("INSERT OR IGNORE INTO alerts")]
        plan = " | ".join(row[3] for row in store.db.execute("EXPLAIN QUERY PLAN " + claim))
        assert "ev USING INDEX events_ingested" in plan, plan
