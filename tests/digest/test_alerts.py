"""Alerts: each new item of a followed entity reaches each following channel once, through
claim, post and mark, across a crash between any two of them."""

from __future__ import annotations

import pytest

from bot.digest.alerts import AlertSender, compose_alert, deliver_alerts
from bot.replies import AlertReply
from bot.store import Store
from bot.store.follows import Follows
from tests.conftest import NOW
from tests.factories import Clock, document, extracted_event, stored_event


class Poster:
    """Keeps what it posted, as a channel would (a thread's replies under the thread);
    `fail` makes posting raise, `threads` says whether the front has threads."""

    def __init__(self, fail: bool = False, threads: bool = True) -> None:
        self.posted: list[AlertReply] = []
        self.ids: list[str] = []  # each posted message's id, in order
        self.in_thread: dict[str, list[AlertReply]] = {}
        self.edits: dict[str, list[AlertReply]] = {}
        self.deleted: set[str] = set()  # messages deleted
        self.gone: set[str] = set()  # threads deleted
        self.fail = fail
        self.threads = threads

    async def post_alert(
        self, channel: str, reply: AlertReply, thread: str | None = None
    ) -> str | None:
        if self.fail:
            raise ConnectionError("the chat platform is down")
        if thread is not None:
            if thread in self.gone:
                return None
            self.in_thread.setdefault(thread, []).append(reply)
            return f"{thread}.{len(self.in_thread[thread])}"
        self.posted.append(reply)
        self.ids.append(f"m{len(self.posted)}")
        return self.ids[-1]

    async def find_alert(self, channel: str, batch: str, thread: str | None = None) -> str | None:
        if thread is not None:
            replies = self.in_thread.get(thread, [])
            return next(
                (f"{thread}.{i}" for i, r in enumerate(replies, 1) if r.batch == batch), None
            )
        return next((f"m{i}" for i, r in enumerate(self.posted, 1) if r.batch == batch), None)

    async def edit_alert(self, channel: str, message_id: str, reply: AlertReply) -> bool:
        if message_id in self.deleted:
            return False
        self.edits.setdefault(message_id, []).append(reply)
        return True

    async def open_thread(self, channel: str, message_id: str, name: str) -> str | None:
        return f"t{message_id}" if self.threads else None


def _runner(store: Store):
    async def run(fn):
        return fn(store)

    return run


def _load(store: Store, file: str, *sentences: str, sha: str) -> None:
    events = [extracted_event(["Russia"], sentence=s) for s in sentences]
    store.apply_reload([(document(file, sha256=sha * 64), events)], [], NOW)


@pytest.fixture
def followed(store):
    _load(store, "a.txt", "Russia moved.", sha="1")
    store.follows.follow("discord:1", "Russia", NOW)
    return store


def _names():
    count = iter(range(1, 100))
    return lambda: f"b{next(count)}"


def test_compose_groups_by_entity_and_keeps_it_short():
    items = [("Russia", stored_event(i, f"Russia did {i}.")) for i in range(1, 8)]
    items += [("France", stored_event(i, f"France did {i}.")) for i in range(8, 12)]
    reply = compose_alert("c", "b1", items, shown=9)
    assert [(g.entity, len(g.events), g.total) for g in reply.groups] == [
        ("Russia", 7, 7),
        ("France", 2, 4),
    ]
    assert reply.total == 11


async def test_new_items_are_posted_once(followed):
    poster, run, clock = Poster(), _runner(followed), Clock(NOW)
    assert await deliver_alerts("discord:1", clock, run, poster, _names()) == []
    _load(followed, "b.txt", "Russia left.", "Russia came back.", sha="2")
    assert await deliver_alerts("discord:1", clock, run, poster, _names()) == ["posted"]
    assert await deliver_alerts("discord:1", clock, run, poster, _names()) == []
    (alert,) = poster.posted
    assert alert.total == 2
    assert {e.sentence for e in alert.groups[0].events} == {"Russia left.", "Russia came back."}
    assert {f"{b}-0" for _, _, b, _ in followed.follows.alert_ledger("discord:1")} == {alert.batch}


async def test_a_crash_after_posting_is_recovered_not_posted_twice(followed, monkeypatch):
    poster, run, clock = Poster(), _runner(followed), Clock(NOW)
    _load(followed, "b.txt", "Russia left.", sha="2")

    def crash(*args, **kwargs):
        raise RuntimeError("the process died here: posted, never marked")

    monkeypatch.setattr(Follows, "mark_alerts_posted", crash)
    with pytest.raises(RuntimeError):
        await deliver_alerts("discord:1", clock, run, poster, _names())
    monkeypatch.undo()
    assert await deliver_alerts("discord:1", clock, run, poster, _names()) == ["recovered"]
    assert len(poster.posted) == 1 and followed.follows.unposted_batches("discord:1") == []


async def test_a_crash_before_posting_posts_the_claimed_items_after_restart(followed):
    poster, run, clock = Poster(), _runner(followed), Clock(NOW)
    _load(followed, "b.txt", "Russia left.", sha="2")
    followed.follows.claim_alerts("discord:1", "b0", NOW)  # then the process died
    assert await deliver_alerts("discord:1", clock, run, poster, _names()) == ["reposted"]
    assert [r.batch for r in poster.posted] == ["b0-0"]
    assert await deliver_alerts("discord:1", clock, run, poster, _names()) == []


async def test_a_reload_that_re_extracts_alerts_nothing_again(followed):
    poster, run, clock = Poster(), _runner(followed), Clock(NOW)
    _load(followed, "b.txt", "Russia left.", sha="2")
    await deliver_alerts("discord:1", clock, run, poster, _names())
    _load(followed, "a.txt", "Russia moved.", sha="3")  # new event ids, same sentences
    _load(followed, "b.txt", "Russia left.", sha="4")
    assert await deliver_alerts("discord:1", clock, run, poster, _names()) == []
    assert len(poster.posted) == 1


async def test_the_sender_skips_fronts_without_a_poster_and_isolates_failures(followed):
    followed.follows.follow("slack:C1", "Russia", NOW)
    followed.follows.follow("console", "Russia", NOW)
    _load(followed, "b.txt", "Russia left.", sha="2")
    run = _runner(followed)
    sender = AlertSender(run, run, Clock(NOW))
    working = Poster()
    sender.add_poster("discord", Poster(fail=True))
    sender.add_poster("slack", working)
    assert await sender.send() == {"discord:1": ["failed"], "slack:C1": ["posted"]}
    assert len(working.posted) == 1
    # the failed channel's claim is kept and goes once its front works again
    sender.add_poster("discord", Poster())
    assert await sender.send() == {"discord:1": ["reposted"], "slack:C1": []}
