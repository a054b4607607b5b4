"""The ranked digest delivered on Slack end to end (the real bolt app and slack_sdk client
against the fake): heaviest stories first with every outlet and the document's link, a
followed entity first under "Following" in its channel only, a busy day within 50 blocks
in whole lines, and each digest posted exactly once across restarts."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.digest.schedule import published_digest
from bot.fronts.slack.render import BLOCKS_MAX, SECTION_MAX
from bot.store import Store
from tests.factories import Clock
from tests.fronts.conftest import copy_day
from tests.fronts.harness import SlackHarness, harnessed

PARIS_MORNING = dt.datetime(2025, 2, 19, 6, 0, tzinfo=dt.UTC)  # 07:00 in Paris
AT_0830 = PARIS_MORNING + dt.timedelta(hours=1, minutes=30)
DAY = dt.date(2025, 2, 18)
GENERAL, NEWS = "C0FAKE0001", "C0FAKE0002"


class Slack(SlackHarness):
    """The harness on a copy of a built day, with an admin's commands and the digests."""

    async def admin(self, name: str, text: str, channel: str = GENERAL) -> dict:
        return await self.answer(name, text, user=self.fake.admin_user_id, channel=channel)

    async def set_up(self, *channels: str) -> None:
        """Start at 07:00 in Paris, set each channel's digest for 08:00, and stop."""
        await self.start()
        for channel in channels:
            setup = await self.admin("/digest-setup", f"<#{channel}|c> 08:00 Europe/Paris")
            assert "08:00 (Europe/Paris)" in setup["text"]
        assert set((await self.runtime.digests.run_due()).values()) == {"not due"}
        await self.stop()

    def digests(self, channel: str) -> list[dict]:
        return [m for m in self.fake.messages(channel) if "Briefing daily digest" in m["text"]]


async def _slack(fake, day: tuple[Path, Path], tmp_path: Path, engine, max_stories: int):
    db, seeds = copy_day(day, tmp_path / "day")
    clock = Clock(PARIS_MORNING)
    running = Slack(fake, db, engine, clock, seeds=seeds, digest_max_stories=max_stories)
    async with harnessed(running):
        yield running


@pytest.fixture
async def ranked(fake, ranked_day, tmp_path, engine) -> AsyncIterator[Slack]:
    async for running in _slack(fake, ranked_day, tmp_path, engine, 10):
        yield running


@pytest.fixture
async def busy(fake, busy_day, tmp_path, engine) -> AsyncIterator[Slack]:
    async for running in _slack(fake, busy_day, tmp_path, engine, 25):
        yield running


def _lines(message: dict) -> list[tuple[str, str]]:
    """(heading, line) of every story line of a digest's blocks, in order."""
    out, heading = [], ""
    for block in message["blocks"]:
        if block["type"] != "section":
            continue
        for line in block["text"]["text"].split("\n"):
            if line.startswith("*") and line.endswith("*"):
                heading = line.strip("*")
            elif line.startswith("• "):
                out.append((heading, line))
    return out


async def test_the_heaviest_stories_lead_with_their_outlets_and_links_once(ranked):
    await ranked.set_up(NEWS)
    await ranked.start()
    await ranked.admin("/follow", "Chile", channel=NEWS)
    await ranked.admin("/follow", "Peru", channel=GENERAL)  # another channel's follow
    await ranked.stop()
    ranked.clock.now = AT_0830
    for _ in range(2):  # a restart the same morning posts nothing more
        await ranked.start()
        await ranked.runtime.digests.run_due()
        await ranked.stop()
    (digest,) = ranked.digests(NEWS)
    lines = _lines(digest)
    # The three heaviest first under "Top stories" (the followed Chile is one of them:
    # it needs no "Following"), then the rest under their sections; every outlet named.
    assert [h for h, _ in lines] == ["Top stories"] * 3 + ["Politics and elections"]
    assert lines[0][1] == (
        "• `2025-02-18` Israeli airstrikes kill at least 40 Palestinians in the Gaza Strip."
        " — Reuters, AP, BBC News, Al Jazeera · <https://example.org/wire|read>"
    )
    assert "Floods kill twelve people" in lines[1][1] and "— AP, Xinhua ·" in lines[1][1]
    assert "Chile's senate" in lines[2][1] and "— Andes Daily" in lines[2][1]
    # Peru is followed elsewhere: here it is a story like any other, the lightest.
    assert "Congress of Peru" in lines[3][1]
    assert len(lines) == 4 and "more" not in digest["blocks"][-1]["elements"][0]["text"]
    assert ranked.digests(GENERAL) == []
    with Store(ranked.db) as store:
        (row,) = store.digests.ledger()
    assert (row.channel, row.digest_date, row.message_id) == (
        f"slack:{NEWS}",
        "2025-02-19",
        digest["ts"],
    )


async def test_a_busy_day_fits_fifty_blocks_in_whole_lines_and_says_how_many_more(busy):
    await busy.set_up(GENERAL)
    busy.clock.now = AT_0830
    await busy.start()
    await busy.runtime.digests.run_due()  # the start posted it: nothing more
    (digest,) = busy.digests(GENERAL)
    assert len(digest["blocks"]) <= BLOCKS_MAX
    sections = [b["text"]["text"] for b in digest["blocks"] if b["type"] == "section"]
    assert all(len(text) <= SECTION_MAX for text in sections)
    lines = _lines(digest)
    assert len(lines) == 25  # the whole lead
    assert all(line.startswith("• `2025-02-18` ") for _, line in lines)
    assert all(" — " in line and line.endswith("|read>") for _, line in lines)
    with Store(busy.db) as store:
        total = published_digest(store, DAY, DAY).total
    assert total >= 300
    closing = digest["blocks"][-1]["elements"][0]["text"]
    assert closing.endswith(f" · and {total - 25} more: `/since 2025-02-18`")
    await busy.stop()
    await busy.start()  # a restart: still one
    await busy.runtime.digests.run_due()
    assert len(busy.digests(GENERAL)) == 1
