"""Alerts by story: one message per story and channel; a story's later developments edit
its message, or go to its thread where the channel wants threads; never a new alert."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.digest import alerts
from bot.digest.alerts import deliver_alerts, plan_stories
from bot.store import Pace, Store
from bot.store.follows import Follows
from tests.conftest import NOW
from tests.digest.test_alerts import Poster, _names, _runner
from tests.factories import Clock, document, extracted_event, stored_event, unlike

CHANNEL = "discord:1"


def _story(store: Store, n: int, file: str, sentences: int = 1, at: dt.datetime = NOW) -> None:
    """A new document telling story `n` (unlike every other story) in `sentences`."""
    events = [
        extracted_event(["Russia"], [f"Town{n}"], sentence=f"Russia {unlike(n)} {i}.")
        for i in range(sentences)
    ]
    sha = str(abs(hash(file)))[:8].rjust(64, "0")
    store.apply_reload([(document(file, sha256=sha), events)], [], at)


@pytest.fixture
def following(store):
    store.follows.follow(CHANNEL, "Russia", NOW)
    return store


def _sentences(reply) -> list[str]:
    return [e.sentence for g in reply.groups for e in g.events]


def test_a_plan_gives_each_new_story_a_message_and_folds_past_the_limit():
    items = [
        (
            "Russia",
            stored_event(
                10 * n + i, f"Russia {unlike(n)} {i}.", file=f"{n}.txt", places=(f"Town{n}",)
            ),
        )
        for n in range(7)
        for i in range(n + 1)  # story n has n+1 items
    ]
    messages, updates = plan_stories(items, [], messages=5)
    assert updates == {}
    # Most items first; four stories alone, the other three together in the fifth.
    assert [len(m) for m in messages] == [1, 1, 1, 1, 3]
    assert [len(m[0]) for m in messages[:4]] == [7, 6, 5, 4]
    told = [item for m in messages for story in m for item in story]
    assert sorted(told) == sorted((e.file, e.sentence) for _, e in items)


def test_a_plan_finds_the_story_a_new_item_continues():
    earlier = [
        (41, [("Russia", stored_event(1, f"Russia {unlike(1)} 0.", places=("Town1",)))]),
        (42, [("Russia", stored_event(2, f"Russia {unlike(2)} 0.", places=("Town2",)))]),
    ]
    later = stored_event(3, f"Russia {unlike(2)} 1.", places=("Town2",), file="b.txt")
    other = stored_event(4, f"Russia {unlike(3)} 0.", places=("Town3",), file="c.txt")
    messages, updates = plan_stories([("Russia", later), ("Russia", other)], earlier, 5)
    assert updates == {42: [("b.txt", later.sentence)]}
    assert messages == [[[("c.txt", other.sentence)]]]


async def test_one_story_told_in_five_sentences_is_one_alert(following):
    poster, run, clock, names = Poster(), _runner(following), Clock(NOW), _names()
    _story(following, 1, "a.txt", sentences=5)
    _story(following, 2, "b.txt")
    assert await deliver_alerts(CHANNEL, clock, run, poster, names) == ["posted"]
    assert [(r.stories, r.total) for r in poster.posted] == [(1, 5), (1, 1)]


async def test_a_later_development_edits_the_storys_message(following):
    poster, run, clock, names = Poster(), _runner(following), Clock(NOW), _names()
    _story(following, 1, "a.txt", sentences=2)
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    _story(following, 1, "b.txt", at=NOW + dt.timedelta(hours=2))  # the same story, later
    clock.now = NOW + dt.timedelta(hours=2)
    assert await deliver_alerts(CHANNEL, clock, run, poster, names) == ["posted"]
    assert len(poster.posted) == 1  # no new alert
    ((edit,),) = poster.edits.values()
    assert list(poster.edits) == ["m1"]
    assert (edit.total, edit.updated, edit.batch) == (3, 1, poster.posted[0].batch)
    _story(following, 1, "c.txt", at=NOW + dt.timedelta(hours=3))
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    assert [(e.total, e.updated) for e in poster.edits["m1"]] == [(3, 1), (4, 2)]
    assert await deliver_alerts(CHANNEL, clock, run, poster, names) == []


async def test_with_threads_a_development_goes_to_the_storys_thread(following):
    following.pace.set(Pace(CHANNEL, threads=True), NOW)
    poster, run, clock, names = Poster(), _runner(following), Clock(NOW), _names()
    _story(following, 1, "a.txt")
    _story(following, 2, "x.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    first = next(i for i, r in zip(poster.ids, poster.posted, strict=True) if "Town1" in str(r))
    for n, file in enumerate(("b.txt", "c.txt"), 1):
        clock.now = NOW + dt.timedelta(hours=n)
        _story(following, 1, file, at=clock.now)
        assert await deliver_alerts(CHANNEL, clock, run, poster, names) == ["posted"]
    assert len(poster.posted) == 2 and poster.edits == {}
    assert list(poster.in_thread) == [f"t{first}"]  # one thread, opened once
    updates = poster.in_thread[f"t{first}"]
    assert [(u.update, u.total) for u in updates] == [(True, 1), (True, 1)]
    assert _sentences(updates[0]) == [f"Russia {unlike(1)} 0."]
    threads = {r[0] for r in following.db.execute("SELECT thread_id FROM alert_stories")}
    assert threads == {f"t{first}", None}  # kept with its story; the other has none


async def test_threads_on_a_front_without_them_edit_instead(following):
    following.pace.set(Pace(CHANNEL, threads=True), NOW)
    poster, run, clock, names = Poster(threads=False), _runner(following), Clock(NOW), _names()
    _story(following, 1, "a.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    _story(following, 1, "b.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    assert poster.in_thread == {} and list(poster.edits) == ["m1"]


async def test_a_deleted_message_is_told_again_whole_then_edited(following):
    poster, run, clock, names = Poster(), _runner(following), Clock(NOW), _names()
    _story(following, 1, "a.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    poster.deleted.add("m1")
    _story(following, 1, "b.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    assert [(r.total, r.updated) for r in poster.posted] == [(1, 0), (2, 1)]
    _story(following, 1, "c.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    assert len(poster.posted) == 2 and list(poster.edits) == ["m2"]
    assert (poster.edits["m2"][0].total, poster.edits["m2"][0].updated) == (3, 2)


async def test_a_crash_after_a_thread_reply_is_recovered_not_replied_twice(following, monkeypatch):
    following.pace.set(Pace(CHANNEL, threads=True), NOW)
    poster, run, clock, names = Poster(), _runner(following), Clock(NOW), _names()
    _story(following, 1, "a.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    _story(following, 1, "b.txt")

    def crash(*args, **kwargs):
        raise RuntimeError("the process died between the reply and its mark")

    monkeypatch.setattr(Follows, "mark_alerts_posted", crash)
    with pytest.raises(RuntimeError):
        await deliver_alerts(CHANNEL, clock, run, poster, names)
    monkeypatch.undo()
    assert await deliver_alerts(CHANNEL, clock, run, poster, names) == ["recovered"]
    assert [len(replies) for replies in poster.in_thread.values()] == [1]
    assert following.follows.unposted_batches(CHANNEL) == []


async def test_an_update_mentions_nobody(following):
    following.follows.set_mention(CHANNEL, "Russia", "discord-role:77")
    poster, run, clock, names = Poster(), _runner(following), Clock(NOW), _names()
    _story(following, 1, "a.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    _story(following, 1, "b.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    assert poster.posted[0].mentions == ["discord-role:77"]
    assert poster.edits["m1"][0].mentions == []


async def test_many_new_stories_at_once_are_at_most_story_messages(following, monkeypatch):
    monkeypatch.setattr(alerts, "STORY_MESSAGES", 3)
    poster, run, clock, names = Poster(), _runner(following), Clock(NOW), _names()
    for n in range(6):
        _story(following, n, f"{n}.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    assert [r.stories for r in poster.posted] == [1, 1, 4]
    assert sum(r.total for r in poster.posted) == 6


async def test_an_alert_rule_mentions_its_role_on_the_alerts_that_match_it(following):
    from bot.store import FilterRule

    rule = FilterRule("alerts", "include", "entity", "Town1")
    following.filters.add(CHANNEL, rule, NOW)
    following.filters.add(CHANNEL, FilterRule("alerts", "include", "entity", "Town2"), NOW)
    following.filters.set_mention(CHANNEL, rule, "discord-role:55")
    poster, run, clock, names = Poster(), _runner(following), Clock(NOW), _names()
    _story(following, 1, "a.txt")
    _story(following, 2, "b.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    mentioned = {_sentences(r)[0].split()[1]: r.mentions for r in poster.posted}
    assert mentioned == {unlike(1).split()[0]: ["discord-role:55"], unlike(2).split()[0]: []}


async def test_a_thread_gone_makes_the_update_an_edit(following):
    following.pace.set(Pace(CHANNEL, threads=True), NOW)
    poster, run, clock, names = Poster(), _runner(following), Clock(NOW), _names()
    _story(following, 1, "a.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    _story(following, 1, "b.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    poster.gone.add("tm1")  # someone deleted the thread
    _story(following, 1, "c.txt")
    assert await deliver_alerts(CHANNEL, clock, run, poster, names) == ["posted"]
    assert len(poster.in_thread["tm1"]) == 1 and poster.edits["m1"][0].total == 3
    assert following.follows.unposted_batches(CHANNEL) == []


async def test_items_whose_documents_went_before_the_plan_are_dropped_once(following):
    poster, run, clock, names = Poster(), _runner(following), Clock(NOW), _names()
    _story(following, 1, "a.txt")
    _story(following, 2, "b.txt")
    following.follows.claim_alerts(CHANNEL, "b0", NOW)  # then the process died
    following.apply_reload([], ["b.txt"], NOW)  # and b.txt was removed meanwhile
    assert await deliver_alerts(CHANNEL, clock, run, poster, names) == ["reposted"]
    assert [r.total for r in poster.posted] == [1]
    assert following.follows.unposted_batches(CHANNEL) == []
    stories = following.db.execute("SELECT count(*) FROM alert_stories").fetchone()[0]
    assert await deliver_alerts(CHANNEL, clock, run, poster, names) == []
    assert following.db.execute("SELECT count(*) FROM alert_stories").fetchone()[0] == stories


async def test_a_development_after_update_days_is_a_new_alert(following):
    poster, run, clock, names = Poster(), _runner(following), Clock(NOW), _names()
    _story(following, 1, "a.txt")
    await deliver_alerts(CHANNEL, clock, run, poster, names)
    for day, file in ((13, "b.txt"), (15, "c.txt")):  # the story first told on day 0
        clock.now = NOW + dt.timedelta(days=day)
        _story(following, 1, file, at=clock.now)
        await deliver_alerts(CHANNEL, clock, run, poster, names)
    assert len(poster.posted) == 2 and list(poster.edits) == ["m1"]
