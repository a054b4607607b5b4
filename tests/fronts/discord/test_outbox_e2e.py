"""Notices of the ingest service, which has no chat front, reach the admin channel
through the store's outbox: the real `briefing ingest --once`, run as cron runs it, leaves
a reload's skipped file as one notice however often it runs, and a Discord chat process
posts it, once; a reload that fails, and the recoveries, go the same way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS
from tests.factories import PARIS_MORNING, Clock
from tests.fronts.discord.conftest import admin_notices
from tests.fronts.harness import DiscordHarness, harnessed


def _ingest_once(db: Path, seeds: Path, admin: str, status: int = 0) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", "--once", "--db", str(db), "--seeds", str(seeds)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "ADMIN_CHANNEL": admin, "LOG_LEVEL": "WARNING"},
    )
    assert done.returncode == status, done.stderr


@pytest.fixture
async def chat(fake, tmp_path, engine) -> AsyncIterator[DiscordHarness]:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    run = DiscordHarness(
        fake,
        tmp_path / "briefing.db",
        engine,
        Clock(PARIS_MORNING),
        seeds=seeds,
        ingest_service=True,  # this process never reloads: the service does
        admin_channel=f"discord:{fake.channel_id}",
    )
    async with harnessed(run):
        yield run


async def test_the_ingest_services_notice_is_posted_once_by_a_chat_process(chat, fake):
    admin = f"discord:{fake.channel_id}"
    (chat.seeds / "bad.jsonl").write_text("{not json\n", "utf-8")
    for _ in range(2):  # cron runs the service twice: the problem is still the one
        _ingest_once(chat.db, chat.seeds, admin)
    await chat.start()
    runtime = chat.runtime
    assert await runtime.post_outbox() == 1
    assert await runtime.post_outbox() == 0  # posted: never again
    (problem,) = admin_notices(fake)
    assert problem.startswith("Problem: a reload skipped 1 document of the seeds (the first:")
    assert "bad.jsonl" in problem and "not valid JSON" in problem

    moved = chat.seeds.with_name("moved")
    chat.seeds.rename(moved)  # the folder went (an unmounted share): the reload fails
    _ingest_once(chat.db, chat.seeds, admin, status=1)
    assert await runtime.post_outbox() == 1
    failed = admin_notices(fake)[-1].replace("\\", "")  # as read: Discord's escapes undone
    assert failed == (
        f"Problem: a reload of the seeds failed: The seeds folder {chat.seeds} does not exist;"
        " set BRIEFING_SEEDS or --seeds. Nothing was changed; the bot answers from what it held"
        " before."
    )

    moved.rename(chat.seeds)
    (chat.seeds / "bad.jsonl").unlink()
    _ingest_once(chat.db, chat.seeds, admin)
    assert await runtime.post_outbox() == 2
    assert [n.split(" (after ")[0] for n in admin_notices(fake)[2:]] == [
        "Recovered: a reload of the seeds ran",
        "Recovered: a reload loaded every document of the seeds",
    ]
    sent = [
        r.json
        for r in fake.requests
        if r.method == "POST" and r.path.endswith(f"/channels/{fake.channel_id}/messages")
    ]
    assert [s["allowed_mentions"] for s in sent] == [{"parse": []}] * 4  # a file name pings no one
