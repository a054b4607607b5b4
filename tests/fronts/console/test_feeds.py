"""/feeds in the console, and a feed notice shown after the answer that brought it."""

from __future__ import annotations

import io
import shutil

from bot.fronts.console.front import PROMPT, ConsoleAlerts, run_console
from tests.conftest import NOW
from tests.factories import settings_of


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_console_subscribes_and_lists_a_feed(tmp_path, seed_db, engine):
    db = tmp_path / "briefing.db"
    shutil.copy(seed_db, db)
    # No fetching here: the feed's address is never asked.
    config = settings_of(briefing_db=db, feeds_fetch=False, feeds_every="1h")
    lines = "/feeds add https://www.example.com/feed.xml\n/feeds list\n"
    out = io.StringIO()
    assert run_console(config, lambda: NOW, Terminal(lines), out, engine) == 0
    _, added, listed, _ = out.getvalue().split(PROMPT)
    assert added.startswith("Subscribed to 'example.com' (https://www.example.com/feed.xml)")
    assert listed.splitlines()[1:] == [
        "  example.com — active, every 1h · not fetched yet · 0 items",
        "    https://www.example.com/feed.xml",
    ]


async def test_a_notice_waits_with_the_alerts():
    alerts = ConsoleAlerts()
    assert await alerts.post_notice("console", "Feed 'x' works again.") is None
    assert alerts.take() == ["Feed 'x' works again."]
    assert alerts.take() == []
