"""One digest owner: of the processes on a store one runs the digests, another takes
over when it dies, and a /digest-setup anywhere reaches the owner; on both engines."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.digest.service import DigestService
from bot.runtime.election import DigestElection
from bot.runtime.store_worker import StoreWorker
from bot.store import Store
from tests.conftest import NOW
from tests.factories import Clock

LEASE = 60.0
_databases = itertools.count()
NEXT_MORNING = dt.datetime(2025, 2, 19, 7, 30, tzinfo=dt.UTC)  # 08:30 in Paris


class Poster:
    def __init__(self) -> None:
        self.posted: list[tuple[str, dt.date]] = []

    async def post(self, channel, reply, day):
        self.posted.append((channel, day))
        return f"m{len(self.posted)}"

    async def find(self, channel, day):
        return None


class Wall:
    """A settable Unix clock for the leases."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class Process:
    """What one bot process has of the digests: its store threads, service, election."""

    def __init__(self, location: Path | str, clock: Clock, wall: Callable[[], float]) -> None:
        self.worker = StoreWorker(location, threads=1)
        self.poster = Poster()
        self.digests = DigestService(self.worker.run, self.worker.run, clock)
        self.digests.add_poster("discord", self.poster)
        self.election = DigestElection(location, self.digests, LEASE, wall)

    async def die(self) -> None:
        """Killed: its lease connection ends, nothing released, no more renewals."""
        self.election.owning = False
        db = self.election._lease._store().db
        raw = getattr(db, "raw", None)  # PostgreSQL's socket, else SQLite's connection
        (raw if raw is not None else db.conn).close()
        await self.close()

    async def close(self) -> None:
        await self.election.close()
        self.digests.shutdown()
        self.worker.close()

    def jobs(self) -> set[str]:
        return {job.id for job in self.digests.scheduler.get_jobs()}


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    if request.param == "sqlite":
        where: Path | str = tmp_path / "briefing.db"
    else:
        server = request.getfixturevalue("postgres_server")
        where = server.create_database(f"election_{next(_databases)}")
    with Store(where) as store:
        store.channels.set("discord:1", "G1", "08:00", "Europe/Paris", False, NOW)
    return where


@pytest.fixture
async def processes(location) -> AsyncIterator[tuple[Process, Process, Wall, Clock]]:
    wall, clock = Wall(), Clock(NOW)
    first, second = Process(location, clock, wall), Process(location, clock, wall)
    yield first, second, wall, clock
    for process in (first, second):
        if process.worker._pool._shutdown is False:
            await process.close()


async def test_of_two_contenders_one_owns_the_digests(processes):
    first, second, wall, _ = processes
    assert await first.election.tick()
    assert not await second.election.tick()
    wall.now += LEASE / 3
    assert await first.election.tick()  # renewed
    assert not await second.election.tick()
    assert first.jobs() == {"digest:discord:1"}
    assert second.jobs() == set()


async def test_when_the_owner_dies_the_other_takes_over(processes):
    first, second, wall, _ = processes
    assert await first.election.tick()
    await first.die()
    wall.now += LEASE + 1  # SQLite: the lease lapses; PostgreSQL freed it at once
    assert await second.election.tick()
    assert second.jobs() == {"digest:discord:1"}


async def test_a_clean_stop_hands_over_without_waiting_for_the_lease(processes):
    first, second, _, _ = processes
    assert await first.election.tick()
    await first.close()
    assert await second.election.tick()


async def test_a_digest_due_when_the_owner_died_goes_out_once(processes):
    first, second, wall, clock = processes
    clock.now = NEXT_MORNING
    assert await first.election.tick()  # the owner delivers what is due
    assert first.poster.posted == [("discord:1", dt.date(2025, 2, 19))]
    await first.die()
    wall.now += LEASE + 1
    assert await second.election.tick()  # the new owner runs what is due: already posted
    assert second.poster.posted == []


async def test_a_digest_setup_in_another_process_reaches_the_owner(processes):
    first, second, wall, _ = processes
    assert await first.election.tick()
    assert not await second.election.tick()
    await second.worker.run(lambda s: s.channels.set("discord:2", "G2", "09:00", "UTC", False, NOW))
    await second.election.changed()  # not the owner: nothing here
    assert second.jobs() == set()
    wall.now += LEASE / 3
    await first.election.tick()  # the owner's next renewal sees the change
    assert first.jobs() == {"digest:discord:1", "digest:discord:2"}


async def test_an_owner_stalled_past_its_lease_gives_way(tmp_path):
    """SQLite: a paused owner's lease lapses; the other takes it and the first, when it
    runs again, drops its jobs (PostgreSQL's lock stays while the connection lives)."""
    db = tmp_path / "briefing.db"
    with Store(db) as store:
        store.channels.set("discord:1", "G1", "08:00", "Europe/Paris", False, NOW)
    wall, clock = Wall(), Clock(NOW)
    first, second = Process(db, clock, wall), Process(db, clock, wall)
    try:
        assert await first.election.tick()
        wall.now += LEASE + 1
        assert await second.election.tick()
        assert not await first.election.tick()
        assert first.jobs() == set() and second.jobs() == {"digest:discord:1"}
    finally:
        await first.close()
        await second.close()


async def test_a_failed_rebuild_is_done_again_at_the_next_renewal(processes):
    first, _, wall, _ = processes
    assert await first.election.tick()
    await first.worker.run(lambda s: s.channels.set("discord:2", "G2", "09:00", "UTC", False, NOW))
    rebuild, calls = first.digests.rebuild_jobs, []

    async def failing() -> None:
        calls.append(1)
        raise ConnectionError("the store went away")

    first.digests.rebuild_jobs = failing  # type: ignore[method-assign]
    assert await first.election.attempt()  # logged, still the owner
    first.digests.rebuild_jobs = rebuild  # type: ignore[method-assign]
    wall.now += LEASE / 3
    await first.election.tick()
    assert calls == [1] and first.jobs() == {"digest:discord:1", "digest:discord:2"}


async def test_an_owner_that_loses_the_lease_says_so_once_and_when_it_holds_it_again(
    processes, location
):
    """A paused owner (its lease ran out unrenewed) finds another owner: it tells the
    admin channel once; when it owns again, once more."""
    from bot.runtime.notices import AdminNotices
    from tests.runtime.test_notices import Channel

    first, second, wall, clock = processes
    channel = Channel()
    notices = AdminNotices("discord:9", {"discord": channel}, clock)

    async def changed(holds: bool) -> None:
        if holds:
            await notices.recovered("lease_lost", "digest-scheduler", "holds it again")
        else:
            await notices.problem("lease_lost", "digest-scheduler", "lost the lease")

    first.election.on_change = changed
    assert await first.election.tick()
    if isinstance(location, Path):  # SQLite: the lease runs out; PostgreSQL: the session ends
        wall.now += LEASE + 1
    else:
        await first.election._lease.run(
            lambda s: s.leases.release("digest-scheduler", first.election.owner_id)
        )
    assert await second.election.tick()
    for _ in range(2):  # looks again: still lost, nothing more said
        assert not await first.election.tick()
    await second.close()
    wall.now += LEASE + 1
    assert await first.election.tick()
    assert [text for _, text in channel.posted] == [
        "Problem: lost the lease",
        "Recovered: holds it again (after 0 s)",
    ]
