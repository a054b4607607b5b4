"""/mention on Discord end to end: an alert about a follow with a role attached mentions
that role, and allows exactly that role to be pinged; an alert about another follow
mentions nobody, whatever its text says."""

from __future__ import annotations

from tests.factories import discord_text as _text
from tests.fakes.discord_api import FakeDiscord

NEWS = " date 2025-02-18\n\n{sentence}\n"
ROLE = "1200000000000000777"


def _alert_posts(fake: FakeDiscord) -> list[dict]:
    """The bodies the bot sent to post its alerts, in order."""
    return [
        r.json
        for r in fake.requests
        if r.method == "POST"
        and r.path.endswith(f"/channels/{fake.channel_id}/messages")
        and "Briefing alert" in _text(r.json)
    ]


async def test_an_alert_mentions_the_role_of_its_follow_and_no_one_else(discord_news, fake):
    await discord_news.start()
    await discord_news.admin("follow", name="Russia")
    await discord_news.admin("follow", name="Syria")
    said = await discord_news.admin("mention", name="Russia", mention=f"<@&{ROLE}>")
    assert f"Alerts about Russia now mention the role <@&{ROLE}>" in _text(said)
    refused = await discord_news.admin("mention", name="Russia", mention="@everyone")
    assert "Give a role, like @oncall" in _text(refused)
    (discord_news.seeds / "001_envoy.txt").write_text(
        NEWS.format(sentence="Russia sent an envoy to Damascus on Tuesday."), "utf-8"
    )
    await discord_news.admin("reload")
    (posted,) = _alert_posts(fake)
    assert posted["content"] == f"<@&{ROLE}>"
    assert posted["allowed_mentions"] == {"parse": [], "roles": [int(ROLE)]}
    (discord_news.seeds / "002_syria.txt").write_text(
        NEWS.format(sentence="Syria held talks with @everyone in Damascus on Tuesday."), "utf-8"
    )
    await discord_news.admin("reload")
    _, other = _alert_posts(fake)
    assert not other.get("content") and "everyone in Damascus" in _text(other).replace(
        "@\u200b", ""
    )
    assert other["allowed_mentions"] == {"parse": [], "roles": []}
