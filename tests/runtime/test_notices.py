"""Admin notices: a problem is told once when it starts and once when it ends, however
often it is reported; a reload that skips documents is one, until a reload skips none."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

import pytest

from bot.errors import BriefingError
from bot.runtime.notices import AdminNotices
from bot.runtime.runtime import Runtime
from tests.conftest import NOW, SEEDS
from tests.factories import Clock, settings_of


class Channel:
    """A front's notice poster: what it was asked to post, where."""

    def __init__(self) -> None:
        self.posted: list[tuple[str, str]] = []

    async def post_notice(self, channel: str, text: str) -> str | None:
        self.posted.append((channel, text))
        return str(len(self.posted))


async def test_a_problem_is_told_once_and_its_end_once():
    channel, clock = Channel(), Clock(NOW)
    notices = AdminNotices("discord:9", {"discord": channel}, clock)
    assert await notices.problem("digest_failed", "discord:1", "the digest failed")
    assert not await notices.problem("digest_failed", "discord:1", "the digest failed")
    assert await notices.problem("digest_failed", "discord:2", "another channel's failed")
    clock.now = NOW + dt.timedelta(minutes=75)
    assert await notices.recovered("digest_failed", "discord:1", "the digest was posted")
    assert not await notices.recovered("digest_failed", "discord:1", "the digest was posted")
    assert channel.posted == [
        ("discord:9", "Problem: the digest failed"),
        ("discord:9", "Problem: another channel's failed"),
        ("discord:9", "Recovered: the digest was posted (after 1 h 15 min)"),
    ]


async def test_without_an_admin_channel_a_problem_is_a_warning(caplog):
    notices = AdminNotices(None, {"discord": Channel()}, Clock(NOW))
    with caplog.at_level(logging.WARNING, logger="bot.runtime.notices"):
        assert await notices.problem("store_unavailable", "store", "the store is down")
    assert "admin notice (no ADMIN_CHANNEL here to post it): Problem: the store is down" in (
        caplog.text
    )


def _watched(tmp_path, engine) -> tuple[Runtime, Channel, Path]:
    """A runtime over a copy of the seeds whose admin channel is slack:C9; the channel's
    poster, and the seeds folder."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    settings = settings_of(
        briefing_db=tmp_path / "store.db", briefing_seeds=seeds, admin_channel="slack:C9"
    )
    runtime = Runtime(settings, Clock(NOW), engine)
    channel = Channel()
    runtime.alerts.add_poster("slack", channel)
    return runtime, channel, seeds


async def test_a_reload_that_skips_documents_is_told_until_one_skips_none(tmp_path, engine):
    runtime, channel, seeds = _watched(tmp_path, engine)
    (seeds / "bad.jsonl").write_text("{not json\n", "utf-8")
    try:
        for _ in range(2):
            await runtime.reload_seeds()
        ((where, problem),) = channel.posted
        assert where == "slack:C9"
        assert problem.startswith("Problem: a reload skipped 1 document of the seeds (the first:")
        assert "bad.jsonl" in problem and "not valid JSON" in problem
        (seeds / "bad.jsonl").unlink()
        await runtime.reload_seeds()
        assert channel.posted[-1][1].startswith(
            "Recovered: a reload loaded every document of the seeds"
        )
        assert len(channel.posted) == 2
    finally:
        await runtime.close()


async def test_a_reload_that_fails_is_told_until_one_runs(tmp_path, engine):
    runtime, channel, seeds = _watched(tmp_path, engine)
    try:
        await runtime.reload_seeds()
        shutil.move(seeds, tmp_path / "elsewhere")  # the folder went (a mount, a rename)
        for _ in range(2):
            with pytest.raises(BriefingError):
                await runtime.reload_seeds()
        ((where, problem),) = channel.posted
        assert where == "slack:C9"
        assert problem.startswith("Problem: a reload of the seeds failed: ")
        assert str(seeds) in problem and problem.endswith(
            ". Nothing was changed; the bot answers from what it held before."
        )
        shutil.move(tmp_path / "elsewhere", seeds)
        await runtime.reload_seeds()
        assert channel.posted[-1][1].startswith("Recovered: a reload of the seeds ran (after ")
        assert len(channel.posted) == 2
    finally:
        await runtime.close()
