"""The ranked digest delivered on Discord end to end (the real discord.py client against
the fake): heaviest stories first with every outlet and the document's link, a followed
entity first under "Following" in its channel only, a busy day within one embed, and each
digest posted exactly once across restarts."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from bot.digest.schedule import published_digest
from bot.fronts.discord.render import FIELD_VALUE_MAX, MESSAGE_MAX
from bot.store import Store
from tests.factories import MANAGE_GUILD, PARIS_MORNING, Clock
from tests.factories import discord_text as _text
from tests.fakes.discord_api import FakeDiscord
from tests.fronts.conftest import copy_day
from tests.fronts.harness import DiscordHarness, harnessed

DAY = dt.date(2025, 2, 18)
AT_0830 = PARIS_MORNING + dt.timedelta(hours=1, minutes=30)


async def _running(fake, day, tmp_path, engine, max_stories: int):
    """The bot on a copy of a built day (its store and its seeds)."""
    db, seeds = copy_day(day, tmp_path / "day")
    clock = Clock(PARIS_MORNING)
    run = DiscordHarness(fake, db, engine, clock, seeds=seeds, digest_max_stories=max_stories)
    async with harnessed(run):
        yield run


@pytest.fixture
async def ranked(fake, ranked_day, tmp_path, engine) -> AsyncIterator[DiscordHarness]:
    async for run in _running(fake, ranked_day, tmp_path, engine, 10):
        yield run


@pytest.fixture
async def busy(fake, busy_day, tmp_path, engine) -> AsyncIterator[DiscordHarness]:
    async for run in _running(fake, busy_day, tmp_path, engine, 25):
        yield run


async def _follow(fake: FakeDiscord, name: str, channel: str) -> None:
    sent = await fake.send_command(
        "follow",
        [{"name": "name", "type": 3, "value": name}],
        user_id=fake.member_id,
        permissions=MANAGE_GUILD,
        channel_id=channel,
    )
    await fake.responses_for(sent, count=2)


def _digests(fake: FakeDiscord, channel: str) -> list[dict]:
    return [m for m in fake.channel_messages(channel) if "Briefing daily digest" in _text(m)]


def _lines(message: dict) -> list[tuple[str, str]]:
    """(heading, line) of every story line of a digest embed, in order."""
    (embed,) = message["embeds"]
    out, heading = [], ""
    for field in embed["fields"]:
        heading = heading if field["name"] == "\u200b" else field["name"]
        out += [(heading, line) for line in field["value"].split("\n")]
    return out


def _embed_length(embed: dict) -> int:
    parts = [embed.get("title", ""), embed.get("description", "")]
    parts += [f["name"] + f["value"] for f in embed.get("fields", [])]
    return len("".join(parts)) + len(embed.get("footer", {}).get("text", ""))


async def test_the_heaviest_stories_lead_with_their_outlets_and_links_once(ranked, fake):
    news = fake.second_channel_id  # the digest channel of the settings
    await ranked.start()  # 07:00 in Paris: not due
    await _follow(fake, "Chile", news)
    await _follow(fake, "Peru", fake.channel_id)  # another channel's follow
    await ranked.stop()
    ranked.clock.now = AT_0830
    for _ in range(2):  # a restart the same morning posts nothing more
        await ranked.start()
        await ranked.stop()
    (digest,) = _digests(fake, news)
    lines = _lines(digest)
    # The three heaviest first under "Top stories" (the followed Chile is one of them:
    # it needs no "Following"), then the rest under their sections; every outlet named.
    assert [h for h, _ in lines] == ["Top stories"] * 3 + ["Politics and elections"]
    assert lines[0][1] == (
        "• `2025-02-18` Israeli airstrikes kill at least 40 Palestinians in the Gaza Strip."
        " — Reuters, AP, BBC News, Al Jazeera · [read](https://example.org/wire)"
    )
    assert "Floods kill twelve people" in lines[1][1] and "— AP, Xinhua ·" in lines[1][1]
    assert "Chile's senate" in lines[2][1] and "— Andes Daily" in lines[2][1]
    # Peru is followed elsewhere: here it is a story like any other, the lightest.
    assert "Congress of Peru" in lines[3][1]
    assert len(lines) == 4 and "more" not in digest["embeds"][0]["footer"]["text"]
    with Store(ranked.db) as store:
        (row,) = store.digests.ledger()
    assert (row.channel, row.digest_date, row.message_id) == (
        f"discord:{news}",
        "2025-02-19",
        digest["id"],
    )


async def test_a_busy_day_fits_one_embed_in_whole_lines_and_says_how_many_more(busy, fake):
    await busy.start()  # 07:00: the digest channel is set up, not due
    await busy.stop()
    busy.clock.now = AT_0830
    await busy.start()
    (digest,) = _digests(fake, fake.second_channel_id)
    (embed,) = digest["embeds"]
    assert _embed_length(embed) <= MESSAGE_MAX
    assert all(len(f["value"]) <= FIELD_VALUE_MAX for f in embed["fields"])
    lines = _lines(digest)
    assert len(lines) >= 5
    # Every line whole: a story's date, its sentence, its outlets and its link.
    assert all(line.startswith("• `2025-02-18` ") for _, line in lines)
    assert all(line.endswith(")") and " — " in line and "[read](" in line for _, line in lines)
    with Store(busy.db) as store:
        (row,) = store.digests.ledger()
        total = published_digest(store, DAY, DAY).total
    assert total >= 300  # hundreds of stories that day
    footer = embed["footer"]["text"]
    assert footer.endswith(f" · and {total - len(lines)} more: /since 2025-02-18")
    assert [a["filename"] for a in digest["attachments"]] == ["digest.png"]  # the chart
    assert row.message_id == digest["id"]
    await busy.stop()
    await busy.start()  # a restart: still one
    assert len(_digests(fake, fake.second_channel_id)) == 1
