"""A PostgreSQL restart at a digest's due time: the owner re-takes its lease within a
minute and the digest that fell due during the outage goes out exactly once after it."""

from __future__ import annotations

import datetime as dt

from bot.store import Store
from tests.conftest import NOW
from tests.factories import Clock
from tests.postgres_server import PostgresServer
from tests.runtime.test_election import NEXT_MORNING, Process, Wall


async def _owner_again(process: Process, wall: Wall) -> float:
    """Renew every interval until the lease is held again; the seconds it took."""
    waited = 0.0
    for _ in range(10):
        if await process.election.attempt():
            return waited
        wall.now += process.election.interval
        waited += process.election.interval
    raise AssertionError("the lease was never re-acquired")


async def test_the_digest_due_during_an_outage_goes_out_once_after_it(
    restartable: PostgresServer, fault_url: str
) -> None:
    with Store(fault_url) as store:
        store.channels.set("discord:1", "G1", "08:00", "Europe/Paris", False, NOW)
    wall, clock = Wall(), Clock(NOW)
    owner, other = Process(fault_url, clock, wall), Process(fault_url, clock, wall)
    try:
        assert await owner.election.tick()
        assert not await other.election.tick()
        restartable.halt()
        clock.now = NEXT_MORNING  # the digest falls due while the server is down
        assert await owner.digests.deliver_channel("discord:1") == "failed"
        wall.now += owner.election.interval
        assert not await owner.election.attempt()  # the lease died with its connection
        restartable.resume()
        waited = await _owner_again(owner, wall)
        assert not await other.election.attempt()
        assert waited <= 60
        # Re-taking the lease delivered what fell due; the job's retry finds it done.
        assert owner.poster.posted == [("discord:1", dt.date(2025, 2, 19))]
        assert await owner.digests.deliver_channel("discord:1") != "posted"
        assert await other.digests.deliver_channel("discord:1") != "posted"
        assert owner.poster.posted == [("discord:1", dt.date(2025, 2, 19))]
        assert other.poster.posted == []
        assert owner.jobs() == {"digest:discord:1"}
    finally:
        await owner.close()
        await other.close()


async def test_a_restart_between_renewals_loses_no_digest(
    restartable: PostgresServer, fault_url: str
) -> None:
    """The server comes back before the owner notices: its next renewal fails once,
    the one after re-takes the lease, and the morning's digest goes out once."""
    with Store(fault_url) as store:
        store.channels.set("discord:1", "G1", "08:00", "Europe/Paris", False, NOW)
    wall, clock = Wall(), Clock(NOW)
    owner = Process(fault_url, clock, wall)
    try:
        assert await owner.election.tick()
        restartable.restart()
        clock.now = NEXT_MORNING
        await _owner_again(owner, wall)
        await owner.digests.run_due()
        assert owner.poster.posted == [("discord:1", dt.date(2025, 2, 19))]
    finally:
        await owner.close()
