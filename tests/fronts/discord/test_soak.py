"""Load on loopback: many users at once while a reload runs; every interaction answered
within Discord's 3-second window, none lost, memory flat between rounds."""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import time

from discord.http import Route

from tests.conftest import shared
from tests.factories import PARIS_MORNING, TOKEN, Clock, Running
from tests.fakes.discord_api import FakeDiscord

COMMANDS = int(os.environ.get("BRIEFING_SOAK_COMMANDS", "200"))
USERS = 20
QUERIES = [
    ("who", "name", "Russia"),
    ("who", "name", "Kyiv"),
    ("since", "date", "2025-01-01"),
    ("who", "name", "Atlantis"),
    ("since", "date", "yesterday"),
    ("help", None, None),
]


async def _round(
    fake: FakeDiscord, count: int, reload_task: asyncio.Task | None = None
) -> list[float]:
    """`count` commands from USERS users at once; the seconds each waited for an answer."""
    waits: list[float] = []
    during: list[bool] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(count):
        queue.put_nowait(n)

    async def user(uid: int) -> None:
        while not queue.empty():
            n = queue.get_nowait()
            name, param, value = QUERIES[n % len(QUERIES)]
            options = [{"name": param, "type": 3, "value": value}] if param else None
            sent_at = time.monotonic()
            during.append(reload_task is not None and not reload_task.done())
            sent = await fake.send_command(name, options, user_id=str(10_000 + uid))
            await fake.responses_for(sent, count=1, timeout=30)  # the first answer
            waits.append(time.monotonic() - sent_at)
            await fake.responses_for(sent, count=2 if name != "help" else 1, timeout=60)

    await asyncio.gather(*(user(u) for u in range(USERS)))
    _round.during = sum(during)  # type: ignore[attr-defined]
    return waits


async def test_commands_under_load_during_a_reload(tmp_path, engine):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in sorted(shared("corpus", "current-events", "2025").glob("2025-0[1-3]-*.txt")):
        shutil.copy(path, seeds / path.name)
    async with FakeDiscord(token=TOKEN) as fake:
        for uid in range(USERS):
            fake.add_user(str(10_000 + uid))
        old_base = Route.BASE
        Route.BASE = fake.api_base
        run = Running(fake, tmp_path / "briefing.db", engine, Clock(PARIS_MORNING))
        run.settings = lambda: _settings(run, seeds)  # type: ignore[method-assign]
        try:
            bot = await run.start_without_waiting()
            reload_task = bot.startup
            first = await _round(fake, COMMANDS // 2, reload_task)
            during = _round.during  # type: ignore[attr-defined]
            assert during >= min(50, COMMANDS // 4), "too few commands overlapped the reload"
            await asyncio.wait_for(reload_task, timeout=300)
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            second = await _round(fake, COMMANDS - COMMANDS // 2)
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        finally:
            await run.stop()
            Route.BASE = old_base
    waits = first + second
    assert len(waits) == COMMANDS, "an interaction was lost"
    assert max(waits) < 3.0, f"slowest first answer {max(waits):.2f} s"
    assert (rss_after - rss_before) / 1024 < 50, "memory grew between rounds"
    print(
        f"\nsoak: {COMMANDS} commands from {USERS} users, {during} during the reload;"
        f" slowest first answer {max(waits):.3f} s, median {sorted(waits)[len(waits) // 2]:.3f} s"
    )


def _settings(run: Running, seeds):
    settings = Running.settings(run)
    settings.ingest.seeds = seeds
    settings.ingest.workers = 1
    return settings
