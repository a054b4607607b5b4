"""/follow on Discord end to end, and its alert after a reload: posted exactly once, also
when the bot dies between posting it and marking it posted."""

from __future__ import annotations

from bot.store import Store
from bot.store.follows import Follows
from tests.factories import EPHEMERAL, MANAGE_GUILD
from tests.factories import discord_message as _message
from tests.factories import discord_text as _text
from tests.fakes.discord_api import FakeDiscord
from tests.fronts.harness import DiscordHarness

NEWS = " date 2025-02-18\n\n{sentence}\n"


async def _command(fake: FakeDiscord, name: str, value: str | None = None, **kwargs) -> dict:
    options = [{"name": "name", "type": 3, "value": value}] if value is not None else None
    sent = await fake.send_command(name, options, user_id=fake.member_id, **kwargs)
    responses = await fake.responses_for(sent, count=2 if name != "following" else 1)
    return _message(responses)


def _alerts(fake: FakeDiscord) -> list[dict]:
    return [m for m in fake.channel_messages(fake.channel_id) if "Briefing alert" in _text(m)]


def _add_news(discord_news: DiscordHarness, file: str, sentence: str) -> None:
    (discord_news.seeds / file).write_text(NEWS.format(sentence=sentence), "utf-8")


async def test_follow_is_for_server_admins_and_lists_what_the_channel_follows(discord_news, fake):
    await discord_news.start()
    refused = await fake.send_command(
        "follow",
        [{"name": "name", "type": 3, "value": "Russia"}],
        user_id=fake.member_id,
        permissions="0",
    )
    reply = (await fake.responses_for(refused))[0].json
    assert reply["data"]["flags"] & EPHEMERAL and "server admins only" in reply["data"]["content"]
    followed = await _command(fake, "follow", "the Kremlin", permissions=MANAGE_GUILD)
    assert followed["flags"] & EPHEMERAL
    assert "now follows Russia (country), asked as 'the Kremlin'" in _text(followed)
    listed = await _command(fake, "following", permissions="0")  # members may look
    assert "Russia (country" in _text(listed)


async def test_an_ambiguous_name_offers_buttons_that_follow_the_one_chosen(discord_news, fake):
    await discord_news.start()
    sent = await fake.send_command(
        "follow",
        [{"name": "name", "type": 3, "value": "al"}],
        user_id=fake.member_id,
        permissions=MANAGE_GUILD,
    )
    first = (await fake.responses_for(sent, count=2))[1].response
    assert "may mean several entities" in _text(first)
    buttons = [c for row in first["components"] for c in row["components"]]
    choice = next(b for b in buttons if b["label"] == "Bashar al-Assad")
    click = await fake.click(first["id"], choice["custom_id"], user_id=fake.member_id)
    _, answer = await fake.responses_for(click, count=2)
    assert "now follows Bashar al-Assad (person)" in _text(answer.json)


async def test_the_alert_of_a_reload_is_posted_once_across_a_crash_and_restart(
    discord_news, fake, monkeypatch
):
    await discord_news.start()
    await _command(fake, "follow", "Russia", permissions=MANAGE_GUILD)
    _add_news(discord_news, "001_envoy.txt", "Russia sent an envoy to Damascus on Tuesday.")
    await _command(fake, "reload", permissions=MANAGE_GUILD)
    (alert,) = _alerts(fake)
    assert "Russia sent an envoy to Damascus" in _text(alert)
    assert "The Kremlin is seeking" not in _text(alert)  # known when followed
    await _command(fake, "reload", permissions=MANAGE_GUILD)
    assert len(_alerts(fake)) == 1  # nothing new, nothing sent

    # The bot dies after posting the next alert and before marking it posted.
    def crash(*args, **kwargs):
        raise SystemError("killed between post and mark")

    _add_news(discord_news, "002_talks.txt", "Russia signed a grain deal with Egypt on Tuesday.")
    monkeypatch.setattr(Follows, "mark_alerts_posted", crash)
    await _command(fake, "reload", permissions=MANAGE_GUILD)
    assert len(_alerts(fake)) == 2
    await discord_news.stop()
    monkeypatch.undo()
    with Store(discord_news.db) as store:
        (batch,) = store.follows.unposted_batches(f"discord:{fake.channel_id}")
    await discord_news.start()  # the start-up finds the claimed alert posted and marks it
    alerts = _alerts(fake)
    assert len(alerts) == 2 and "Russia signed a grain deal" in _text(alerts[1])
    with Store(discord_news.db) as store:
        assert store.follows.unposted_batches(f"discord:{fake.channel_id}") == []
        ledger = store.follows.alert_ledger(f"discord:{fake.channel_id}")
    assert [(file, b == batch) for file, _, b, _ in ledger] == [
        ("001_envoy.txt", False),
        ("002_talks.txt", True),
    ]
    await discord_news.stop()
    await discord_news.start()  # another restart: still two
    assert len(_alerts(fake)) == 2
