"""A chat soak through a PostgreSQL restart: twenty users with commands in flight on one
bot process (the console front's error mapping, the runtime's store workers). Every
command is answered or told to try again, never an apology; once the server is back every
user is answered; each user's /follow, retried as a user would, is stored exactly once."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.errors import BriefingError, StoreUnavailable
from bot.fronts.common import APOLOGY
from bot.fronts.console.front import Console
from bot.runtime.runtime import Runtime
from bot.store import Store
from commands import Env, registry
from tests.conftest import NOW, SEEDS
from tests.factories import settings_of
from tests.postgres_server import PostgresServer

USERS = 20
READS = ["/who Tartus", "/since 2025-01-01", "/search naval base", "/where Russia", "/sources"]
FOLLOWED = ["Russia", "Tartus", "Syria", "Kremlin"]
UNAVAILABLE = StoreUnavailable().message


@pytest.fixture
async def runtime(restartable: PostgresServer, fault_url: str, engine):
    settings = settings_of(briefing_db=fault_url, briefing_seeds=SEEDS)
    running = Runtime(settings, lambda: NOW, engine)
    await running.reload_seeds()
    yield running
    await running.close()


async def _reader(front: Console, user: int, stop: asyncio.Event) -> list[str]:
    """Ask, one command after another, until told to stop; every reply."""
    heard = []
    turn = user
    while not stop.is_set():
        heard.append(await front.answer(READS[turn % len(READS)]) or "")
        turn += 1
        await asyncio.sleep(0.01)
    return heard


async def _follower(runtime: Runtime, user: int, stop: asyncio.Event) -> int:
    """Follow one name from the user's own channel, again while told to try again (as
    a person would); how many tries it took."""
    command = registry()["follow"]
    env = Env(seeds=SEEDS, is_admin=True, channel=f"console:{user}")
    name = FOLLOWED[user % len(FOLLOWED)]
    tries = 0
    while True:
        tries += 1
        try:
            await runtime.run_command(command, {"name": name}, env)
            return tries
        except StoreUnavailable:
            await asyncio.sleep(0.1)
        if stop.is_set() and tries > 200:
            raise AssertionError(f"user {user}'s /follow never went through")


async def test_twenty_users_through_a_restart(runtime, restartable, fault_url):
    front = Console(runtime)
    stop = asyncio.Event()
    readers = [asyncio.create_task(_reader(front, u, stop)) for u in range(USERS)]
    await asyncio.sleep(0.5)  # commands in flight
    followers = [asyncio.create_task(_follower(runtime, u, stop)) for u in range(USERS)]
    await asyncio.to_thread(restartable.restart)
    await asyncio.gather(*followers)
    await asyncio.sleep(1.0)
    stop.set()
    heard = [reply for replies in await asyncio.gather(*readers) for reply in replies]

    assert APOLOGY not in heard
    failed = [h for h in heard if h == UNAVAILABLE]
    answered = [h for h in heard if h != UNAVAILABLE]
    assert all(h.strip() for h in answered)
    assert len(failed) < len(heard) / 2, (len(failed), len(heard))
    # Every user is answered now.
    after = await asyncio.gather(*(front.answer(r) for r in READS))
    assert UNAVAILABLE not in after and APOLOGY not in after
    # Nothing lost, nothing doubled: one follow per user's channel.
    with Store(fault_url) as store:
        for user in range(USERS):
            assert len(store.follows.following(f"console:{user}")) == 1, user


async def test_a_command_during_the_outage_is_told_to_try_again(runtime, restartable):
    front = Console(runtime)
    assert "Tartus" in (await front.answer("/who Tartus") or "")
    await asyncio.to_thread(restartable.halt)
    try:
        started = dt.datetime.now()
        assert await front.answer("/who Tartus") == UNAVAILABLE
        assert await front.answer("/since 2025-01-01") == UNAVAILABLE
        waited = (dt.datetime.now() - started).total_seconds()
    finally:
        await asyncio.to_thread(restartable.resume)
    for _ in range(50):
        reply = await front.answer("/who Tartus") or ""
        if reply != UNAVAILABLE:
            break
        await asyncio.sleep(0.2)
    assert "Tartus" in reply
    assert waited < 30  # told in seconds, not after a long hang
    assert isinstance(StoreUnavailable(), BriefingError)


async def test_alerts_during_an_outage_wait_for_the_next_send(runtime, restartable):
    """At start the runtime sends alerts before it contends for the digests: a store
    that is down then must not stop the digests from ever starting."""
    await asyncio.to_thread(restartable.halt)
    try:
        assert await runtime.alerts.send() == {}
    finally:
        await asyncio.to_thread(restartable.resume)
