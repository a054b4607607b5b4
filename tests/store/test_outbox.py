"""The notice outbox on both engines: notices left for a chat process, each claimed by
one process, the problems whose latest row says they are open, and a week's keeping."""

from __future__ import annotations

import datetime as dt

from bot.store import Store
from bot.store.outbox import PROBLEM, RECOVERED
from tests.conftest import NOW


def _text(line: str):
    return lambda since: f"{line} since {since.isoformat() if since else '-'}"


def test_a_notice_waits_for_a_front_of_its_platform_and_is_claimed_once(location) -> None:
    with Store(location) as one, Store(location) as other:
        one.outbox.add("discord:1", "Problem: the feed Wire fails", NOW)
        one.outbox.add("slack:C1", "Problem: the feed Desk fails", NOW)
        assert [n.text for n in other.outbox.waiting(["slack"])] == ["Problem: the feed Desk fails"]
        (notice,) = one.outbox.waiting(["discord", "console"])
        assert one.outbox.claim(notice, "host:1", NOW) is True
        assert other.outbox.claim(notice, "host:2", NOW) is False  # taken: posted once
        assert [n.channel for n in other.outbox.waiting()] == ["slack:C1"]


def test_a_problem_is_told_once_until_it_recovers(store: Store) -> None:
    tell = store.outbox.tell
    assert tell("discord:1", "reload_skipped", "seeds", PROBLEM, _text("skipped"), NOW)
    later = NOW + dt.timedelta(minutes=5)
    assert not tell("discord:1", "reload_skipped", "seeds", PROBLEM, _text("again"), later)
    assert not tell("discord:1", "lease_lost", "seeds", RECOVERED, _text("never open"), later)
    assert tell("discord:1", "reload_skipped", "seeds", RECOVERED, _text("loaded"), later)
    assert not tell("discord:1", "reload_skipped", "seeds", RECOVERED, _text("again"), later)
    assert [n.text for n in store.outbox.waiting()] == [
        "skipped since -",
        f"loaded since {NOW.isoformat()}",  # the recovery knows when the problem began
    ]


def test_notices_are_kept_a_week(store: Store) -> None:
    store.outbox.add("discord:1", "old", NOW)
    store.outbox.add("discord:1", "new", NOW + dt.timedelta(days=7, seconds=1))
    assert [n.text for n in store.outbox.waiting()] == ["new"]
