"""Alerts by story on Discord end to end: a story is one alert in the channel; its later
developments open the alert's thread and go there (with every outlet so far) where the
channel asked for threads, and edit the alert where it did not. No update pings anyone."""

from __future__ import annotations

from tests.factories import discord_text as _text
from tests.fakes.discord_api import FakeDiscord
from tests.fronts.harness import DiscordHarness

NEWS = " date 2025-02-18\n\n{sentence}\n"
ENVOYS = (
    "Russia sent an envoy to Damascus on Tuesday. (Reuters)",
    "Russia sent a second envoy to Damascus on Tuesday. (AP)",
    "Russia sent a third envoy to Damascus on Tuesday. (BBC News)",
)


def _alerts(fake: FakeDiscord, channel: str) -> list[dict]:
    return [m for m in fake.channel_messages(channel) if "Briefing alert" in _text(m)]


async def _news(run: DiscordHarness, n: int) -> None:
    (run.seeds / f"00{n}_envoy.txt").write_text(NEWS.format(sentence=ENVOYS[n]), "utf-8")
    await run.admin("reload")


async def test_a_storys_developments_go_to_its_thread(discord_news, fake):
    await discord_news.start()
    await discord_news.admin("follow", name="Russia")
    said = await discord_news.admin("pace", setting="threads", value="on")
    assert "later developments go in the alert's thread" in _text(said)
    await _news(discord_news, 0)
    (alert,) = _alerts(fake, fake.channel_id)
    await _news(discord_news, 1)
    await _news(discord_news, 2)
    assert len(_alerts(fake, fake.channel_id)) == 1  # one alert for one story
    opened = [r for r in fake.requests if r.path.endswith(f"/messages/{alert['id']}/threads")]
    assert len(opened) == 1 and "envoy to Damascus" in opened[0].json["name"]
    first, second = _alerts(fake, alert["id"])  # the thread has the alert's id
    assert "Update: 1 new item" in _text(first) and "second envoy" in _text(first)
    assert "Every outlet so far (2): Reuters, AP" in _text(first)
    assert "third envoy" in _text(second) and "(3): Reuters, AP, BBC News" in _text(second)
    thread = f"/channels/{alert['id']}/messages"
    replies = [r.json for r in fake.requests if r.method == "POST" and r.path.endswith(thread)]
    assert [r["allowed_mentions"] for r in replies] == [{"parse": [], "roles": []}] * 2
    # Someone deletes the thread: the next development edits the alert instead.
    del fake.guild.threads[alert["id"]]
    (discord_news.seeds / "009_envoy.txt").write_text(
        NEWS.format(sentence="Russia sent a fourth envoy to Damascus on Tuesday."), "utf-8"
    )
    await discord_news.admin("reload")
    (edited,) = _alerts(fake, fake.channel_id)
    assert "4 items, 3 since first posted" in _text(edited) and "fourth envoy" in _text(edited)


async def test_without_threads_a_development_edits_the_alert(discord_news, fake):
    await discord_news.start()
    await discord_news.admin("follow", name="Russia")
    await _news(discord_news, 0)
    await _news(discord_news, 1)
    (alert,) = _alerts(fake, fake.channel_id)
    assert "2 items, 1 since first posted" in _text(alert) and "second envoy" in _text(alert)
    edits = [r for r in fake.requests if r.method == "PATCH" and alert["id"] in r.path]
    assert len(edits) == 1 and edits[0].json["allowed_mentions"] == {"parse": []}
    assert fake.guild.threads == {}
