"""/feeds replies and feed notices on every front: each feed's health said, within the
platforms' limits, escaped."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings

from bot.fronts.console.render import render as text
from bot.fronts.discord.render import CONTENT_MAX, fits
from bot.fronts.discord.render import render as discord_render
from bot.fronts.discord.render import render_notice as discord_notice
from bot.fronts.slack.render import TEXT_MAX, message_fits
from bot.fronts.slack.render import render as slack_render
from bot.fronts.slack.render import render_notice as slack_notice
from bot.replies import FeedsReply, FeedStatus
from tests.factories import HOSTILE

TODAY = dt.date(2025, 7, 1)
FAILING = FeedStatus(
    "BBC World",
    "https://feeds.bbci.co.uk/news/world/rss.xml",
    "active",
    "15m",
    last_success_at="2025-07-01T10:02:00+00:00",
    last_error="timed out after 30 s",
    last_error_at="2025-07-01T11:00:00+00:00",
    failing_since="2025-07-01T10:30:00+00:00",
    items=42,
)
PAUSED = FeedStatus(
    "Old News", "https://old.example.com/rss", "paused", "1h", paused_reason="gone (410)"
)


def _said(reply: FeedsReply) -> list[str]:
    """What each front shows of the reply, as text."""
    return [
        text(reply),
        str(discord_render(reply, today=TODAY).embed.to_dict()),
        str(slack_render(reply, today=TODAY).blocks),
    ]


@pytest.mark.parametrize(
    ("feed", "said"),
    [
        (FAILING, "failing since 2025-07-01 10:30 UTC"),
        (FAILING, "last error 2025-07-01 11:00 UTC: timed out after 30 s"),
        (FAILING, "last success 2025-07-01 10:02 UTC"),
        (PAUSED, "Old News — paused: gone (410), every 1h"),
    ],
)
def test_every_front_says_each_feeds_health(feed, said):
    reply = FeedsReply("list", "2 feeds subscribed:", [feed])
    for shown in _said(reply):
        assert said in shown and feed.url in shown


def test_every_front_says_what_was_done_when_no_feed_is_listed():
    reply = FeedsReply("remove", "Unsubscribed from 'BBC World'.")
    for shown in _said(reply):
        assert "Unsubscribed from 'BBC World'." in shown


def _hostile(name: str, n: int) -> list[FeedStatus]:
    return [
        FeedStatus(f"{name}{i}", f"https://e.vil/{name[:500]}", "active", "15m", last_error=name)
        for i in range(n)
    ]


@settings(max_examples=30, deadline=None)
@given(name=HOSTILE)
def test_a_long_list_of_hostile_feeds_fits_one_message(name):
    reply = FeedsReply("list", f"{name} subscribed:", _hostile(name, 120))
    embed = discord_render(reply, today=TODAY).embed
    assert fits(embed)
    assert message_fits(slack_render(reply, today=TODAY))


def test_feeds_beyond_one_message_are_counted():
    reply = FeedsReply("list", "120 feeds subscribed:", _hostile("x" * 400, 120))
    embed = discord_render(reply, today=TODAY).embed
    assert fits(embed) and embed.footer.text.endswith("of 120 feeds shown")
    message = slack_render(reply, today=TODAY)
    assert message_fits(message) and "of 120 feeds shown" in str(message.blocks[-1])


def test_no_feed_name_becomes_a_mention_or_markup():
    reply = FeedsReply("list", "1 feed subscribed:", _hostile("@everyone <@123> **x**", 1))
    embed = discord_render(reply, today=TODAY).embed.to_dict()
    assert "@everyone" not in str(embed).replace("@\u200beveryone", "")
    assert "**x**" not in str(embed)
    assert "<@123>" not in str(slack_render(reply, today=TODAY).blocks)


def test_a_notice_is_escaped_and_within_one_message():
    notice = "Feed '@everyone <@123> **x**' is failing since 10:30: " + "word " * 2000
    on_discord = discord_notice(notice)
    assert len(on_discord) <= CONTENT_MAX and "**x**" not in on_discord
    assert "@everyone" not in on_discord.replace("@\u200beveryone", "")
    on_slack = slack_notice(notice)
    assert len(on_slack) <= TEXT_MAX and "<@123>" not in on_slack
