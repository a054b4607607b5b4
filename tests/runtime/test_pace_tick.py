"""A running bot sends the alerts a channel's quiet hours held when they end, with no
reload to bring them: it looks again every ALERT_TICK_SECONDS while a channel has a pace."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil

import bot.runtime.runtime
from bot.runtime.runtime import Runtime
from bot.store import Pace, Store
from tests.conftest import NOW, SEEDS
from tests.factories import settings_of
from tests.feeds.factories import Clock

CHANNEL = "discord:1200000000000000020"


class Front:
    def __init__(self) -> None:
        self.alerts: list[object] = []

    async def post_alert(self, channel: str, reply: object) -> str | None:
        self.alerts.append(reply)
        return str(len(self.alerts))

    async def find_alert(self, channel: str, batch: str) -> str | None:
        return None


async def test_held_alerts_go_when_the_quiet_hours_end(tmp_path, seed_db, engine, monkeypatch):
    monkeypatch.setattr(bot.runtime.runtime, "ALERT_TICK_SECONDS", 0.1)
    db, seeds = tmp_path / "briefing.db", tmp_path / "seeds"
    shutil.copy(seed_db, db)
    shutil.copytree(SEEDS, seeds)
    with Store(db) as store:
        store.follows.follow(CHANNEL, "Russia", NOW)
        store.pace.set(Pace(CHANNEL, None, "08:00", "10:00", "UTC"), NOW)  # NOW is 09:00
    (seeds / "001_envoy.txt").write_text(
        " date 2025-02-18\n\nRussia sent an envoy to Damascus on Tuesday.\n", "utf-8"
    )
    clock = Clock(NOW)
    runtime = Runtime(settings_of(briefing_db=db, briefing_seeds=seeds), clock, engine)
    front = Front()
    runtime.alerts.add_poster("discord", front)
    try:
        await runtime.start_once()  # the reload brings the envoy: held, quiet hours
        await asyncio.sleep(0.5)
        assert front.alerts == []
        clock.now = NOW + dt.timedelta(hours=1, minutes=1)  # 10:01: the quiet hours are over
        for _ in range(50):
            if front.alerts:
                break
            await asyncio.sleep(0.1)
        (alert,) = front.alerts
        assert alert.total == 1 and "envoy to Damascus" in alert.groups[0].events[0].sentence
        await asyncio.sleep(0.5)
        assert len(front.alerts) == 1  # once
    finally:
        await runtime.close()
