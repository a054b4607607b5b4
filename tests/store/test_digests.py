"""The digest ledger: a channel's digest for a date is claimed exactly once."""

from __future__ import annotations

import datetime as dt

from bot.store import LedgerRow, Store
from tests.conftest import NOW

LATER = NOW + dt.timedelta(minutes=5)


def test_a_digest_is_claimed_once(store):
    assert store.digests.claim("discord:1", "2025-02-18", NOW) is True
    assert store.digests.claim("discord:1", "2025-02-18", LATER) is False
    # another date, another channel: their own claims
    assert store.digests.claim("discord:1", "2025-02-19", NOW) is True
    assert store.digests.claim("slack:C1", "2025-02-18", NOW) is True
    (first, *_) = store.digests.ledger("discord:1")
    assert first.claimed_at == NOW.isoformat(timespec="seconds")  # the losing claim changed nothing


def test_one_of_two_connections_wins_the_claim(location):
    path = location
    with Store(path) as one, Store(path) as other:
        claims = [s.digests.claim("discord:1", "2025-02-18", NOW) for s in (one, other, one)]
        assert claims == [True, False, False]
        assert len(other.digests.ledger()) == 1


def test_posting_records_the_message_and_when(store):
    store.digests.claim("discord:1", "2025-02-18", NOW)
    assert store.digests.last_at("discord:1") is None  # claimed, not delivered
    store.digests.mark_posted("discord:1", "2025-02-18", "m1", LATER)
    assert store.digests.ledger() == [
        LedgerRow(
            "discord:1",
            "2025-02-18",
            NOW.isoformat(timespec="seconds"),
            LATER.isoformat(timespec="seconds"),
            "m1",
        )
    ]
    assert store.digests.last_at("discord:1") == NOW.isoformat(timespec="seconds")


def test_last_digest_is_the_latest_delivered_claim(store):
    for day, hours, posted in (("2025-02-16", 0, True), ("2025-02-17", 24, True),
                               ("2025-02-18", 48, False)):  # fmt: skip
        store.digests.claim("c", day, NOW + dt.timedelta(hours=hours))
        if posted:
            store.digests.mark_posted("c", day, None, NOW + dt.timedelta(hours=hours))
    assert store.digests.last_at("c") == (NOW + dt.timedelta(hours=24)).isoformat(
        timespec="seconds"
    )
    assert store.digests.last_at("other") is None


def test_ledger_is_by_channel_then_date_and_filters_by_channel(store):
    for channel, day in (("b", "2025-02-18"), ("a", "2025-02-19"), ("a", "2025-02-18")):
        store.digests.claim(channel, day, NOW)
    assert [(r.channel, r.digest_date) for r in store.digests.ledger()] == [
        ("a", "2025-02-18"),
        ("a", "2025-02-19"),
        ("b", "2025-02-18"),
    ]
    assert [r.digest_date for r in store.digests.ledger("a")] == ["2025-02-18", "2025-02-19"]
    assert store.digests.ledger("none") == []
