"""Requests to the ingest service: filed pending, claimed once, finished with a result."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.store import Store
from tests.conftest import NOW
from tests.factories import claim_concurrently

LATER = NOW + dt.timedelta(minutes=1)


def test_a_filed_request_waits_pending_with_who_asked(store):
    rid = store.requests.file("reload", "discord:42", "discord:7", NOW)
    row = store.requests.get(rid)
    assert (row.kind, row.asked_by, row.channel, row.status) == (
        "reload",
        "discord:42",
        "discord:7",
        "pending",
    )
    assert row.asked_at == NOW.isoformat(timespec="seconds") and row.result is None
    assert store.requests.pending() == 1


def test_a_request_is_claimed_once_oldest_first(store):
    first = store.requests.file("reload", "a", "console", NOW)
    second = store.requests.file("reload", "b", "console", NOW)
    claimed = store.requests.claim("host:1", LATER)
    assert claimed.id == first and claimed.status == "running"
    assert claimed.claimed_by == "host:1"
    assert store.requests.claim("host:2", LATER).id == second
    assert store.requests.claim("host:1", LATER) is None
    assert store.requests.pending() == 0


def test_a_finished_request_holds_its_report_or_its_message(store):
    ok = store.requests.file("reload", None, "console", NOW)
    bad = store.requests.file("reload", None, "console", NOW)
    store.requests.claim("w", NOW)
    store.requests.claim("w", NOW)
    store.requests.finish(ok, LATER, result={"added": 2, "skipped": []})
    store.requests.finish(bad, LATER, error="The seeds folder is missing.")
    done, failed = store.requests.get(ok), store.requests.get(bad)
    assert (done.status, done.result) == ("done", {"added": 2, "skipped": []})
    assert (failed.status, failed.result) == ("failed", "The seeds folder is missing.")
    assert done.finished_at == LATER.isoformat(timespec="seconds")


def test_only_a_claimed_request_can_be_finished(store):
    rid = store.requests.file("reload", None, "console", NOW)
    store.requests.finish(rid, LATER, result={})
    assert store.requests.get(rid).status == "pending"  # nobody ran it: still waiting


def test_an_unknown_kind_is_refused(store):
    with pytest.raises(ValueError):
        store.requests.file("rebuild", None, "console", NOW)


def test_concurrent_claimers_never_get_the_same_request(location):
    with Store(location) as setup:
        filed = [setup.requests.file("reload", str(i), "console", NOW) for i in range(40)]
    every = [
        row.id
        for row in claim_concurrently(location, lambda store, name: store.requests.claim(name, NOW))
    ]
    assert sorted(every) == filed  # each claimed, none twice


def test_postgresql_skips_a_request_another_service_is_claiming(location, store_engine):
    if store_engine != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite serialises claims by its write lock")
    with Store(location) as one, Store(location) as other:
        first = one.requests.file("reload", None, "console", NOW)
        second = one.requests.file("reload", None, "console", NOW)
        with one.db.atomic():  # a claim in flight: the first row locked, not yet updated
            one.db.execute("SELECT id FROM requests WHERE id = ? FOR UPDATE", (first,))
            assert other.requests.claim("other", NOW).id == second  # not blocked, not first
        assert one.requests.claim("one", NOW).id == first


def test_a_request_whose_service_stopped_renewing_is_taken_over_after_the_lease(store):
    rid = store.requests.file("reload", None, "console", NOW)
    store.requests.claim("dead-host:1", NOW, lease=60)
    within, past = NOW + dt.timedelta(seconds=59), NOW + dt.timedelta(seconds=61)
    assert store.requests.claim("alive", within, lease=60) is None
    assert store.requests.claim("alive", past) is None  # without a lease: never taken over
    taken = store.requests.claim("alive", past, lease=60)
    assert (taken.id, taken.claimed_by) == (rid, "alive")
    assert not store.requests.finish(rid, past, result={}, claimed_by="dead-host:1")
    assert store.requests.finish(rid, past, result={"added": 0}, claimed_by="alive")
    assert store.requests.get(rid).result == {"added": 0}


def test_a_renewed_request_is_not_taken_over(store):
    store.requests.file("reload", None, "console", NOW)
    store.requests.claim("slow", NOW, lease=60)
    past = NOW + dt.timedelta(seconds=61)
    store.extractions.renew("slow", past)
    assert store.requests.claim("other", past, lease=60) is None
