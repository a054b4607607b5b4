"""One digest owner, end to end: real `briefing run` processes against the loopback
Discord fake on one store. The owner is killed (SIGKILL) before the day's digest is due;
another process takes over and posts it once, and a third that takes over after that
does not post it again."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS
from tests.factories import TOKEN
from tests.fakes.discord_api import FakeDiscord

LEASE_SECONDS = 2
# The digest falls due at the start of a minute at least this far off, so the first
# owner is elected, then killed, before it is due.
LEAD_SECONDS = 20


def _digest_time(now: dt.datetime) -> dt.datetime:
    due = (now + dt.timedelta(seconds=LEAD_SECONDS + 60)).replace(second=0, microsecond=0)
    return due


async def _start(fake: FakeDiscord, db: Path, due: dt.datetime) -> asyncio.subprocess.Process:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))},
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GUILD_ID": str(fake.guild_id),
        "DIGEST_CHANNEL_ID": str(fake.second_channel_id),
        "DIGEST_TIME": due.strftime("%H:%M"),
        "DIGEST_TIMEZONE": "UTC",
        "DIGEST_LEASE_SECONDS": str(LEASE_SECONDS),
        "BRIEFING_DB": str(db),
        "BRIEFING_SEEDS": str(SEEDS),
        "RELOAD_ON_START": "false",
        "LOG_LEVEL": "INFO",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=REPO,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


def _owner_pid(db: Path) -> int | None:
    """The process whose lease is unexpired now, from the lease row."""
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT owner FROM leases WHERE name = 'digest-scheduler'"
            " AND expires_at > strftime('%s', 'now')"
        ).fetchone()
    return int(row[0].split(":")[1]) if row else None


async def _wait_for(check, timeout: float, what: str):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        found = check()
        if found:
            return found
        await asyncio.sleep(0.2)
    raise AssertionError(f"no {what} within {timeout} s")


def _digests(fake: FakeDiscord) -> list[dict]:
    return [m for m in fake.channel_messages(fake.second_channel_id) if m.get("embeds")]


@pytest.fixture
async def fake():
    async with FakeDiscord(token=TOKEN) as server:
        yield server


async def test_the_owner_killed_mid_day_the_digest_still_goes_out_once(fake, tmp_path, seed_db):
    db = tmp_path / "briefing.db"
    shutil.copy(seed_db, db)
    due = _digest_time(dt.datetime.now(dt.UTC))
    processes = [await _start(fake, db, due)]
    try:
        first = await _wait_for(lambda: _owner_pid(db), 30, "digest owner")
        processes.append(await _start(fake, db, due))
        await _wait_for(lambda: len(fake.identifies) >= 2, 30, "second bot connected")
        assert _owner_pid(db) == first == processes[0].pid  # one owner; the other waits
        assert dt.datetime.now(dt.UTC) < due, "started too slowly to kill before the digest"
        processes[0].send_signal(signal.SIGKILL)  # mid-day: before the digest is due
        await processes[0].wait()
        second = await _wait_for(
            lambda: (pid := _owner_pid(db)) not in (None, first) and pid,
            3 * LEASE_SECONDS + 5,
            "takeover",
        )
        assert second == processes[1].pid
        assert _digests(fake) == []
        await _wait_for(
            lambda: _digests(fake), (due - dt.datetime.now(dt.UTC)).seconds + 30, "digest"
        )

        # A third process takes over from the second: the digest is in the ledger.
        processes.append(await _start(fake, db, due))
        await _wait_for(lambda: len(fake.identifies) >= 3, 30, "third bot connected")
        processes[1].send_signal(signal.SIGKILL)
        await processes[1].wait()
        await _wait_for(
            lambda: _owner_pid(db) == processes[2].pid, 3 * LEASE_SECONDS + 5, "second takeover"
        )
        await asyncio.sleep(2 * LEASE_SECONDS)  # its run of what is due has happened
        assert len(_digests(fake)) == 1
        with sqlite3.connect(db) as conn:
            ledger = conn.execute("SELECT channel, message_id FROM digests").fetchall()
        assert len(ledger) == 1 and ledger[0][1] == _digests(fake)[0]["id"]
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), timeout=15)
                except TimeoutError:
                    process.kill()
                    await process.wait()
