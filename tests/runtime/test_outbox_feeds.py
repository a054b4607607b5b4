"""A feed the ingest service fetches, failing, is told to its channel by a chat process:
the real `briefing ingest` serving (it fetches the feeds, a chat process with
INGEST_SERVICE=true does not) leaves the notice in the store's outbox, and the chat
process posts it through its front, once."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys

from bot.runtime.runtime import Runtime
from bot.store import Store
from tests.conftest import NOW, REPO, SEEDS
from tests.factories import Clock, settings_of
from tests.runtime.test_notices import Channel

ADMIN = "discord:1200000000000000020"


async def test_a_failing_feed_of_the_ingest_service_is_told_by_a_chat_process(
    tmp_path, engine, httpserver
):
    db, seeds = tmp_path / "briefing.db", tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    httpserver.expect_request("/down").respond_with_data("down", status=500)
    with Store(db) as store:
        store.feeds.add("Down", httpserver.url_for("/down"), 3600, False, NOW)
    service = subprocess.Popen(
        [sys.executable, "-m", "bot", "ingest", "--db", str(db), "--seeds", str(seeds)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={
            **os.environ,
            "LOG_LEVEL": "WARNING",
            "FEEDS_ALLOW_PRIVATE": "true",
            "FEEDS_TICK_SECONDS": "0.2",
            "FEEDS_NOTICE_AFTER": "1s",
            "FEEDS_NOTICE_CHANNEL": ADMIN,
        },
    )
    settings = settings_of(briefing_db=db, briefing_seeds=seeds, ingest_service=True)
    runtime = Runtime(settings, Clock(NOW), engine)
    front = Channel()
    runtime.alerts.add_poster("discord", front)
    try:
        assert not runtime.fetches_feeds  # the service fetches them
        loop = asyncio.get_running_loop()
        end = loop.time() + 120
        while not front.posted and loop.time() < end:
            assert service.poll() is None, service.stderr.read()
            await runtime.post_outbox()
            await asyncio.sleep(0.2)
        ((channel, text),) = front.posted
        assert channel == ADMIN and text.startswith("Feed 'Down' has failed since ")
        await asyncio.sleep(1.5)  # it keeps failing: told once
        assert await runtime.post_outbox() == 0 and len(front.posted) == 1
    finally:
        service.send_signal(signal.SIGTERM)
        service.wait(timeout=60)
        await runtime.close()
