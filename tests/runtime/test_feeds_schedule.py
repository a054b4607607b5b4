"""The scheduled fetcher in a running bot: a subscribed feed is fetched at its tick and
its items are answered after the reload it starts, with no command typed; a feed that
keeps failing tells the admin channel once (not once per failure), and once more when it
works again."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable

from bot.runtime.runtime import Runtime
from bot.store import Store
from commands import Env, registry
from tests.conftest import NOW, SEEDS
from tests.factories import settings_of
from tests.feeds.factories import Clock, rss, story

ADMIN = "discord:1200000000000000020"


class Front:
    """A front that keeps what it is asked to post."""

    def __init__(self) -> None:
        self.notices: list[tuple[str, str]] = []

    async def post_notice(self, channel: str, text: str) -> str | None:
        self.notices.append((channel, text))
        return str(len(self.notices))

    async def post_alert(self, channel: str, reply: object) -> str | None:
        return None

    async def find_alert(self, channel: str, batch: str) -> str | None:
        return None


async def _until(check: Callable[[], Awaitable[bool]], what: str, seconds: float = 60) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end:
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"no {what} within {seconds} s")


async def test_the_schedule_fetches_reloads_and_tells_the_admin_channel_once(
    tmp_path, seed_db, engine, httpserver
):
    db, seeds = tmp_path / "briefing.db", tmp_path / "seeds"
    shutil.copy(seed_db, db)
    shutil.copytree(SEEDS, seeds)
    httpserver.expect_request("/wire").respond_with_data(
        rss(story(2)), content_type="application/rss+xml"
    )
    httpserver.expect_request("/down").respond_with_data("down", status=500)
    with Store(db) as store:
        store.feeds.add("Wire", httpserver.url_for("/wire"), 3600, False, NOW)
        store.feeds.add("Down", httpserver.url_for("/down"), 3600, False, NOW)
    settings = settings_of(
        briefing_db=db,
        briefing_seeds=seeds,
        feeds_allow_private=True,
        feeds_tick_seconds=0.1,
        feeds_notice_after="1h",
        feeds_notice_channel=ADMIN,
    )
    clock = Clock(NOW)
    runtime = Runtime(settings, clock, engine)
    front = Front()
    runtime.alerts.add_poster("discord", front)
    since = registry()["since"]

    async def answered() -> bool:
        reply = await runtime.run_command(since, {"date": "2025-02-17"}, Env(seeds=seeds))
        return "glaciers in western Norway" in str(reply.to_json())

    try:
        runtime.start_once()
        await _until(answered, "fetched item answered by /since")
        assert front.notices == []  # failing, but not for FEEDS_NOTICE_AFTER yet
        clock.advance(hours=2)

        async def noticed(count: int) -> bool:
            return len(front.notices) >= count

        await _until(lambda: noticed(1), "notice of the failing feed")
        clock.advance(hours=2)  # due again, fails again: no second notice
        await asyncio.sleep(1)
        ((channel, text),) = front.notices
        assert channel == ADMIN and text.startswith("Feed 'Down' has failed since 2025-02-18 09:00")
        httpserver.clear_all_handlers()
        httpserver.expect_request("/down").respond_with_data(
            rss(story(3)), content_type="application/rss+xml"
        )
        clock.advance(days=1)
        await _until(lambda: noticed(2), "notice that the feed works again")
        assert front.notices[1][1].startswith("Feed 'Down' works again")
        await asyncio.sleep(0.5)
        assert len(front.notices) == 2
    finally:
        await runtime.close()
