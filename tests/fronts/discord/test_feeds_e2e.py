"""/feeds on Discord end to end (the real discord.py client against the fake), and a feed
notice posted to a channel: plain text, escaped, no mention live."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.store import Store
from tests.factories import EPHEMERAL, MANAGE_GUILD, PARIS_MORNING, Clock
from tests.factories import discord_message as _message
from tests.factories import discord_text as _text
from tests.fakes.discord_api import FakeDiscord
from tests.fronts.harness import DiscordHarness, harnessed

BBC = "https://feeds.bbci.co.uk/news/world/rss.xml"


@pytest.fixture
async def running(fake, db, engine) -> AsyncIterator[DiscordHarness]:
    # No fetching in these tests: the feed's address is never asked.
    run = DiscordHarness(fake, db, engine, Clock(PARIS_MORNING), feeds_fetch=False)
    async with harnessed(run):
        yield run


async def _feeds(fake: FakeDiscord, action: str, feed: str | None, permissions: str) -> dict:
    options = [{"name": "action", "type": 3, "value": action}]
    if feed is not None:
        options.append({"name": "feed", "type": 3, "value": feed})
    sent = await fake.send_command(
        "feeds", options, user_id=fake.member_id, permissions=permissions
    )
    responses = await fake.responses_for(sent, count=1 if permissions == "0" else 2)
    return _message(responses) if permissions != "0" else responses[0].json["data"]


async def test_feeds_is_for_server_admins_and_subscribes_from_the_channel(running, fake):
    await running.start()
    refused = await _feeds(fake, "list", None, permissions="0")
    assert refused["flags"] & EPHEMERAL and "server admins only" in refused["content"]
    added = await _feeds(fake, "add", f"<{BBC}> BBC World", permissions=MANAGE_GUILD)
    assert added["flags"] & EPHEMERAL and "Subscribed to 'BBC World'" in _text(added)
    listed = await _feeds(fake, "list", None, permissions=MANAGE_GUILD)
    assert "BBC World — active, every 15m · not fetched yet" in _text(listed)
    with Store(running.db) as store:
        feed = store.feeds.get("BBC World")
    assert (feed.url, feed.notify_channel) == (BBC, f"discord:{fake.channel_id}")
    assert feed.added_by == f"discord:{fake.member_id}"


async def test_a_notice_is_one_plain_message_with_no_mention(running, fake):
    await running.start()
    poster = running.runtime.alerts.posters["discord"]
    notice = "Feed '@everyone **News**' has failed since 2025-02-19 06:00 UTC: HTTP 500."
    message_id = await poster.post_notice(f"discord:{fake.channel_id}", notice)
    (posted,) = [m for m in fake.channel_messages(fake.channel_id) if m["id"] == message_id]
    assert posted["embeds"] == [] and "has failed since 2025-02-19 06:00 UTC" in posted["content"]
    assert "@everyone" not in posted["content"].replace("@\u200beveryone", "")
    assert "**News**" not in posted["content"]
