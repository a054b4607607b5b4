"""The follow replies and alerts on every front: within the platforms' limits, escaped."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.digest.alerts import compose_alert
from bot.fronts.console.render import render as text
from bot.fronts.discord.render import fits, render_alert
from bot.fronts.discord.render import render as discord_render
from bot.fronts.slack.render import message_fits
from bot.fronts.slack.render import render as slack_render
from bot.fronts.slack.render import render_alert as slack_alert
from bot.replies import Followed, FollowingReply, FollowReply
from bot.store import EntityRow
from tests.factories import stored_event

TODAY = dt.date(2025, 2, 19)
RUSSIA = EntityRow(1, "Russia", "country", ())


def _big_alert():
    items = [
        (f"@everyone Land {i % 40}", stored_event(i, "<@123> **x** " + "word " * 400))
        for i in range(300)
    ]
    return compose_alert("discord:1", "abc", items, shown=300)


def test_a_huge_alert_fits_one_discord_message_and_one_slack_message():
    reply = _big_alert()
    embed = render_alert(reply)
    assert fits(embed) and embed.footer.text == "Briefing alert · abc"
    assert "@everyone" not in str(embed.to_dict()).replace("@\u200beveryone", "")
    message = slack_alert(reply)
    assert message_fits(message) and "Briefing alert · abc" in message.text
    assert "<@123>" not in str(message.blocks)


def test_a_short_alert_says_how_many_more_and_where():
    items = [("Russia", stored_event(i, f"Russia did {i}.")) for i in range(1, 13)]
    reply = compose_alert("console", "b1", items)
    shown = text(reply)
    assert shown.count("Russia did") == 10 and "(and 2 more: /who Russia)" in shown
    assert "and 2 more: /who Russia" in str(render_alert(reply).to_dict())
    assert "and 2 more: /who Russia" in str(slack_alert(reply).blocks)


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        (FollowReply("follow", "russia", "Russia", RUSSIA, True, 1), "now follows Russia"),
        (FollowReply("follow", "russia", "Russia", RUSSIA, False, 1), "already follows Russia"),
        (FollowReply("unfollow", "russia", "Russia", RUSSIA, True, 0), "no longer follows"),
        (FollowReply("unfollow", "x", "Russia", None, False, 0), "does not follow Russia"),
        (FollowReply("follow", "Rusia", None, suggestions=["Russia"]), "Did you mean: Russia"),
        (FollowingReply("c", [Followed("Russia", None, 0)]), "Russia (no events in the store now)"),
        (FollowingReply("c", []), "follows nothing yet"),
    ],
)
def test_every_front_says_it(reply, said):
    assert said in text(reply)
    assert said in str(discord_render(reply, today=TODAY).embed.to_dict())
    assert said in str(slack_render(reply, today=TODAY).blocks)
