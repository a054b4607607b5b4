"""The digest service: a job per configured channel a front can post to, each digest
delivered once through the ledger, a failed one retried later."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.digest.service import DigestService
from tests.conftest import NOW
from tests.factories import Clock

NEXT_MORNING = dt.datetime(2025, 2, 19, 7, 30, tzinfo=dt.UTC)  # 08:30 in Paris


class Poster:
    def __init__(self, fail: bool = False) -> None:
        self.posted: list[tuple[str, dt.date]] = []
        self.fail = fail

    async def post(self, channel, reply, day):
        if self.fail:
            raise ConnectionError("the chat platform is down")
        self.posted.append((channel, day))
        return f"m{len(self.posted)}"

    async def find(self, channel, day):
        return None


@pytest.fixture
async def service(store):
    async def run(fn):
        return fn(store)

    store.channels.set("discord:1", "G1", "08:00", "Europe/Paris", False, NOW)
    store.channels.set("slack:C1", "T1", "09:00", "UTC", False, NOW)
    running = DigestService(run, run, Clock(NOW))
    yield running
    running.shutdown()


async def test_jobs_are_built_for_the_channels_of_fronts_with_a_poster(service):
    service.add_poster("discord", Poster())
    service.start()
    await service.rebuild_jobs()
    (job,) = service.scheduler.get_jobs()
    assert job.id == "digest:discord:1" and str(job.trigger.timezone) == "Europe/Paris"
    service.add_poster("slack", Poster())
    await service.rebuild_jobs()
    assert sorted(j.id for j in service.scheduler.get_jobs()) == [
        "digest:discord:1",
        "digest:slack:C1",
    ]


async def test_a_due_digest_is_posted_once(service, store):
    poster = Poster()
    service.add_poster("discord", poster)
    assert await service.run_due() == {"discord:1": "not due"}  # set up after 08:00 today
    service.clock.now = NEXT_MORNING
    assert await service.run_due() == {"discord:1": "posted"}
    assert await service.run_due() == {"discord:1": "already posted"}
    assert poster.posted == [("discord:1", dt.date(2025, 2, 19))]
    assert [r.message_id for r in store.digests.ledger("discord:1")] == ["m1"]


async def test_a_failed_post_is_retried_later(service):
    service.add_poster("discord", Poster(fail=True))
    service.start()
    service.clock.now = NEXT_MORNING
    assert await service.deliver_channel("discord:1") == "failed"
    assert service.scheduler.get_job("retry:discord:1") is not None
    assert await service.deliver_channel("slack:C9") == "not configured"


# --- a channel stored with a setting the scheduler cannot read -----------------------------

BAD_SETTINGS = [
    ("Mars/Olympus", "08:00", "daily"),
    ("../../etc/passwd", "08:00", "daily"),
    ("UTC", "25:99", "daily"),
    ("UTC", "24:00", "daily"),
    ("UTC", "08:00", "weekly funday"),
    ("", "", ""),
]


@pytest.mark.parametrize(("zone", "time", "rhythm"), BAD_SETTINGS)
async def test_a_bad_stored_setting_skips_that_channel_and_no_other(
    service, store, caplog, zone, time, rhythm
):
    """Written by an older version or straight into the store: that channel's job is not
    built, with a warning naming it; every other channel's is."""
    store.channels.set("discord:2", "G2", time, zone, False, NOW, rhythm)
    service.add_poster("discord", Poster())
    service.add_poster("slack", Poster())
    service.start()
    with caplog.at_level("WARNING", logger="bot.digest.service"):
        await service.rebuild_jobs()
    assert sorted(j.id for j in service.scheduler.get_jobs()) == [
        "digest:discord:1",
        "digest:slack:C1",
    ]
    (warning,) = [r for r in caplog.records if r.levelname == "WARNING"]
    assert "discord:2" in warning.getMessage()


@pytest.mark.parametrize(("zone", "time", "rhythm"), BAD_SETTINGS)
async def test_a_bad_stored_setting_never_stops_another_channels_due_digest(
    service, store, zone, time, rhythm
):
    store.channels.set("discord:2", "G2", time, zone, False, NOW, rhythm)
    poster = Poster()
    service.add_poster("discord", poster)
    service.start()
    service.clock.now = NEXT_MORNING
    assert await service.run_due() == {"discord:1": "posted", "discord:2": "bad setting"}
    assert poster.posted == [("discord:1", dt.date(2025, 2, 19))]
    # Nothing to retry: the setting stays bad until /digest-setup replaces it.
    assert service.scheduler.get_job("retry:discord:2") is None
