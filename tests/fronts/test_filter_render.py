"""/filter replies and the digest's "filtered:" footer on every front."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.fronts.console.render import render as text
from bot.fronts.discord.render import fits
from bot.fronts.discord.render import render as discord_render
from bot.fronts.slack.render import message_fits
from bot.fronts.slack.render import render as slack_render
from bot.replies import DigestReply, DigestStory, FilterReply
from tests.factories import stored_event

TODAY = dt.date(2025, 7, 1)
RULES = ["only entity Ukraine", "not section Sports", "not keyword “transfer window”"]


def _said(reply) -> list[str]:
    return [
        text(reply),
        str(discord_render(reply, today=TODAY).embed.to_dict()),
        str(slack_render(reply, today=TODAY).blocks),
    ]


def test_every_front_says_the_rules_of_each_target():
    reply = FilterReply("add", "Added: not section Sports (digest).", RULES, ["only entity Syria"])
    for shown in _said(reply):
        assert "Added: not section Sports (digest)." in shown
        assert "Digest: " + "; ".join(RULES) in shown and "Alerts: only entity Syria" in shown


@pytest.mark.parametrize("stories", [0, 12])
def test_a_filtered_digest_says_so_in_its_footer_on_every_front(stories):
    shown = [
        DigestStory([stored_event(i, f"Ukraine acts {i}.")], [], 1.0, {}, "Other news")
        for i in range(stories)
    ]
    reply = DigestReply(None, shown, lead=min(stories, 10), total=stories, filters=RULES)
    said = _said(reply)
    for out in said:
        assert "filtered: " + "; ".join(RULES) in out
    assert fits(discord_render(reply, today=TODAY).embed)
    assert message_fits(slack_render(reply, today=TODAY))
    plain = DigestReply(None, shown, lead=min(stories, 10), total=stories)
    assert not any("filtered" in out for out in _said(plain))


def test_a_typed_rule_is_never_a_mention_or_markup_on_slack():
    """(A Discord embed's footer is plain text that mentions nobody.)"""
    rules = ["not keyword “<!channel> @everyone <@U1>”", "only outlet *bold* <http://e.vil|x>"]
    reply = DigestReply(None, [], total=0, filters=rules)
    context = str(slack_render(reply, today=TODAY).blocks[-1])
    assert "<!channel>" not in context and "&lt;!channel&gt;" in context
    assert "<http://e.vil" not in context
    listed = FilterReply("list", "This channel's filter:", rules, [])
    assert "<!channel>" not in str(slack_render(listed, today=TODAY).blocks)


def test_every_front_says_the_channels_pace():
    from bot.replies import PaceReply

    reply = PaceReply("This channel's pace is now:", 5, "22:00", "07:00", "Europe/Paris")
    for shown in _said(reply):
        assert "at most 5 alert messages an hour" in shown
        assert "quiet from 22:00 to 07:00 (Europe/Paris)" in shown


def test_the_digest_channel_a_rule_names_is_a_channel_link_on_slack():
    reply = FilterReply("add", "Added: not section Sports (the digest of <#C0NEWS1> and alerts).")
    assert "(the digest of <#C0NEWS1> and alerts)" in str(slack_render(reply, today=TODAY).blocks)
    hostile = FilterReply("add", "Added: only keyword “<!channel> <#general|x>” (alerts).")
    assert "<!channel>" not in str(slack_render(hostile, today=TODAY).blocks)
