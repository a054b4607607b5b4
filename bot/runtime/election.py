"""One digest owner: which of the processes on a store runs the digest scheduler.

Every chat process contends; the winner runs `DigestService`, the others keep trying and
take over when the owner dies. The store elects (`store.leases.hold`): on PostgreSQL a
session advisory lock on this process's lease connection, freed by the server when the
process dies; on SQLite a lease row the owner renews every third of DIGEST_LEASE_SECONDS,
which another process takes once it has expired. So a dead owner is replaced within one
lease. The owner also rebuilds its jobs when the digest channels change, which is how a
`/digest-setup` made in another process reaches it. Two owners for a moment (a paused
owner whose lease lapsed) cost nothing more: the digest ledger's claim-post-mark still
delivers each digest once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.digest.service import DigestService
from bot.errors import BriefingError
from bot.runtime.store_worker import StoreWorker

log = logging.getLogger(__name__)
LEASE = "digest-scheduler"
# Renewals per lease: a lease outlives two missed renewals.
RENEWALS_PER_LEASE = 3


class DigestElection:
    """Contends for the digest lease every `lease_seconds / 3` and starts or stops the
    digest service as it wins or loses it."""

    def __init__(
        self,
        db: Path | str,
        digests: DigestService,
        lease_seconds: float,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.digests = digests
        self.lease_seconds = lease_seconds
        self.wall = wall
        # Unique among every process on the store, and readable in the lease row.
        self.owner_id = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self.owning = False
        # A connection of its own, so a long reload on the writer never delays a renewal.
        self._lease = StoreWorker(db, threads=1, name="briefing-lease")
        self._seen: object = None
        self._task: asyncio.Task[None] | None = None
        # Told whether this process holds the lease after each look that held it or lost
        # it (the runtime's admin notices).
        self.on_change: Callable[[bool], Awaitable[None]] | None = None

    @property
    def interval(self) -> float:
        return self.lease_seconds / RENEWALS_PER_LEASE

    async def _hold(self) -> bool:
        try:
            return await self._lease.run(
                lambda s: s.leases.hold(LEASE, self.owner_id, self.wall(), self.lease_seconds)
            )
        except BriefingError as exc:
            log.warning("digest lease: %s", exc.message)
            return False

    async def _channels(self) -> object:
        """What the owner's jobs are built from: the fronts here and the channel settings."""
        configs = await self.digests.read(lambda s: s.channels.all())
        return sorted(self.digests.posters), configs

    async def tick(self) -> bool:
        """Take or renew the lease, then act on the outcome; whether this process owns."""
        held = await self._hold()
        if held and not self.owning:
            log.info("digest scheduler: this process (%s) is the owner", self.owner_id)
            self.owning = True
            self.digests.start()
            await self._rebuild()
            await self.digests.run_due()  # also what fell due while no one owned
        elif held:
            if await self._channels() != self._seen:  # a /digest-setup here or elsewhere
                await self._rebuild()
        elif self.owning:
            log.warning("digest scheduler: lost the lease; another process owns it now")
            self.owning = False
            self.digests.drop_jobs()
            if self.on_change is not None:
                await self.on_change(False)
        if held and self.on_change is not None:
            await self.on_change(True)
        return self.owning

    async def attempt(self) -> bool:
        """`tick`, with a failure logged rather than raised (tried again next interval)."""
        try:
            return await self.tick()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("digest election failed; trying again in %.0f s", self.interval)
            return self.owning

    async def _rebuild(self) -> None:
        """The jobs from the channel settings; remembered only once they are built, so a
        failed rebuild is done again at the next renewal."""
        seen = await self._channels()
        await self.digests.rebuild_jobs()
        self._seen = seen

    async def changed(self) -> None:
        """After a /digest-setup in this process: rebuild now if this is the owner (the
        owner elsewhere sees the change at its next renewal)."""
        if self.owning:
            await self._rebuild()

    def keep_trying(self) -> None:
        """Renew (as the owner) or contend (as not) every interval, until `close`."""
        if self._task is None:
            self._task = asyncio.create_task(self._loop())

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            await self.attempt()

    async def close(self) -> None:
        """Stop contending and give the lease up, so another process takes over at once."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.owning:
            self.owning = False
            self.digests.drop_jobs()
            with contextlib.suppress(BriefingError):
                await self._lease.run(lambda s: s.leases.release(LEASE, self.owner_id))
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._lease.close)
