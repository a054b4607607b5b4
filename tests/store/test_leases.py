"""Leases: one holder of a role at a time across processes, taken over when it dies."""

from __future__ import annotations

from pathlib import Path

from bot.store import Store

LEASE = 60.0


def test_one_of_two_contenders_holds_the_lease(location: Path | str):
    with Store(location) as first, Store(location) as second:
        assert first.leases.hold("digest", "a", 1000.0, LEASE)
        assert not second.leases.hold("digest", "b", 1001.0, LEASE)
        assert first.leases.hold("digest", "a", 1020.0, LEASE)  # renewed
        assert not second.leases.hold("digest", "b", 1050.0, LEASE)


def test_a_released_lease_goes_to_the_next_contender(location: Path | str):
    with Store(location) as first, Store(location) as second:
        assert first.leases.hold("digest", "a", 1000.0, LEASE)
        first.leases.release("digest", "a")
        assert second.leases.hold("digest", "b", 1001.0, LEASE)
        assert not first.leases.hold("digest", "a", 1002.0, LEASE)


def test_a_dead_holders_lease_is_taken_over(location: Path | str, store_engine: str):
    """SQLite: the holder stops renewing and its lease expires; PostgreSQL: its
    connection ends and the server frees the lock."""
    first = Store(location)
    second = Store(location)
    try:
        assert first.leases.hold("digest", "a", 1000.0, LEASE)
        # Dies without releasing: its connection ends (on SQLite, its renewals stop).
        (first.db.raw if store_engine == "postgresql" else first.db.conn).close()
        assert second.leases.hold("digest", "b", 1000.0 + LEASE + 1, LEASE)
    finally:
        second.close()
        first.close()


def test_an_unexpired_lease_is_not_taken_by_time_alone(location: Path | str):
    with Store(location) as first, Store(location) as second:
        assert first.leases.hold("digest", "a", 1000.0, LEASE)
        assert not second.leases.hold("digest", "b", 1000.0 + LEASE - 1, LEASE)


def test_leases_of_different_roles_are_independent(location: Path | str):
    with Store(location) as first, Store(location) as second:
        assert first.leases.hold("digest", "a", 1000.0, LEASE)
        assert second.leases.hold("other", "b", 1000.0, LEASE)


def test_a_closed_store_holds_no_lease_on_postgresql(location: Path | str, store_engine: str):
    """A PostgreSQL store's connection goes back to its pool: its session lock must not."""
    first = Store(location)
    assert first.leases.hold("digest", "a", 1000.0, LEASE)
    first.close()
    with Store(location) as second:
        holds = second.leases.hold("digest", "b", 1001.0, LEASE)
    assert holds is (store_engine == "postgresql")  # SQLite's row lasts until it expires
