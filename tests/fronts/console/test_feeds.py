"""/feeds in the console, and a feed notice shown after the answer that brought it."""

from __future__ import annotations

from bot.fronts.console.front import ConsoleAlerts


def test_the_console_subscribes_and_lists_a_feed(console):
    # No fetching here: the feed's address is never asked.
    _, added, listed = console(
        "/feeds add https://www.example.com/feed.xml",
        "/feeds list",
        feeds_fetch=False,
        feeds_every="1h",
    )
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
