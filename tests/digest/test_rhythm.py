"""The digest's rhythm: daily, or weekly on a named day; due times, the cron trigger,
the ledger (one weekly digest a week) and what /digest-setup accepts."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.digest.schedule import deliver, latest_due, next_due
from bot.digest.service import trigger
from bot.errors import BadInput
from bot.extraction.dates import parse_rhythm
from bot.store import DigestChannel
from commands import run_line
from tests.factories import command_env

UTC = dt.UTC
SETUP = "2025-03-01T00:00:00+00:00"  # a Saturday


def _weekly(day: str = "monday", time: str = "08:00", tz: str = "Europe/Paris") -> DigestChannel:
    return DigestChannel("test:news", None, time, tz, False, SETUP, f"weekly {day}")


@pytest.mark.parametrize(
    ("typed", "rhythm"),
    [
        ("", "daily"),
        ("daily", "daily"),
        ("DAILY", "daily"),
        ("weekly monday", "weekly monday"),
        ("Weekly on Fri", "weekly friday"),
        ("weekly, sundays", "weekly sunday"),
        ("weekly wed", "weekly wednesday"),
    ],
)
def test_accepted_rhythms(typed, rhythm):
    assert parse_rhythm(typed) == rhythm


@pytest.mark.parametrize("typed", ["weekly", "monthly", "weekly moon", "weekly t", "monday"])
def test_other_rhythms_are_refused_with_what_is_accepted(typed):
    with pytest.raises(BadInput, match=r"daily, or weekly with a day, e\.g\. weekly monday"):
        parse_rhythm(typed)


@pytest.mark.parametrize(
    ("now", "due"),
    [
        ("2025-03-10T06:59:00+00:00", "2025-03-03"),  # Monday 07:59 in Paris: last week's
        ("2025-03-10T07:00:00+00:00", "2025-03-10"),  # Monday 08:00 in Paris
        ("2025-03-14T12:00:00+00:00", "2025-03-10"),  # Friday: still Monday's
        ("2025-03-16T23:00:00+00:00", "2025-03-10"),  # Sunday night
    ],
)
def test_a_weekly_digest_is_due_on_its_day(now, due):
    assert latest_due(_weekly(), dt.datetime.fromisoformat(now)).isoformat() == due


def test_nothing_weekly_is_due_before_the_first_day_after_setup():
    assert latest_due(_weekly(), dt.datetime(2025, 3, 2, 12, 0, tzinfo=UTC)) is None


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2025-03-10T06:00:00+00:00", "2025-03-10T07:00:00+00:00"),  # Monday, before 08:00
        ("2025-03-10T07:00:00+00:00", "2025-03-17T07:00:00+00:00"),  # at it: next week's
        ("2025-03-12T12:00:00+00:00", "2025-03-17T07:00:00+00:00"),
        ("2025-03-29T12:00:00+00:00", "2025-03-31T06:00:00+00:00"),  # summer time since
    ],
)
def test_next_weekly_digest(now, expected):
    assert next_due(_weekly(), dt.datetime.fromisoformat(now)).isoformat() == expected


def test_the_cron_trigger_fires_on_the_weekly_day_only():
    fire = trigger(_weekly("wednesday")).get_next_fire_time(
        None, dt.datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    )
    assert fire.astimezone(UTC).isoformat() == "2025-03-12T07:00:00+00:00"
    daily = DigestChannel("test:news", None, "08:00", "Europe/Paris", False, SETUP)
    fire = trigger(daily).get_next_fire_time(None, dt.datetime(2025, 3, 10, 12, 0, tzinfo=UTC))
    assert fire.astimezone(UTC).isoformat() == "2025-03-11T07:00:00+00:00"


class Poster:
    def __init__(self) -> None:
        self.days: list[dt.date] = []

    async def post(self, channel, reply, day):
        self.days.append(day)
        return f"m{len(self.days)}"

    async def find(self, channel, day):
        return None


async def test_one_weekly_digest_a_week_through_the_ledger(store):
    async def run(fn):
        return fn(store)

    poster, config = Poster(), _weekly()
    monday = dt.datetime(2025, 3, 10, 7, 5, tzinfo=UTC)
    for hours in (0, 24, 48, 24 * 6):  # Monday, Tuesday, Wednesday, Sunday
        await deliver(config, monday + dt.timedelta(hours=hours), run, poster)
    await deliver(config, monday + dt.timedelta(days=7), run, poster)
    assert [d.isoformat() for d in poster.days] == ["2025-03-10", "2025-03-17"]
    assert [r.digest_date for r in store.digests.ledger()] == ["2025-03-10", "2025-03-17"]


ADMIN = command_env(is_admin=True, front="discord", guild="g1")
NOW = dt.datetime(2025, 3, 10, 12, 0, tzinfo=UTC)  # a Monday


@pytest.mark.parametrize(
    ("line", "zone", "rhythm", "next_at"),
    [
        ("/digest-setup #news 08:00", "UTC", "daily", "2025-03-11T08:00+00:00"),
        (
            "/digest-setup #news 08:00 Europe/Paris weekly friday",
            "Europe/Paris",
            "weekly friday",
            "2025-03-14T08:00+01:00",
        ),
        ("/digest-setup #news 08:00 weekly mon", "UTC", "weekly monday", "2025-03-17T08:00+00:00"),
        ("/digest-setup #news 08:00 UTC daily", "UTC", "daily", "2025-03-11T08:00+00:00"),
    ],
)
def test_digest_setup_takes_a_rhythm(store, line, zone, rhythm, next_at):
    reply = run_line(line, store, NOW, ADMIN).to_json()
    assert (reply["timezone"], reply["rhythm"], reply["next"]) == (zone, rhythm, next_at)
    (config,) = store.channels.all()
    assert config.rhythm == rhythm


@pytest.mark.parametrize(
    "line", ["/digest-setup #news 08:00 UTC monthly", "/digest-setup #news 08:00 fortnightly"]
)
def test_digest_setup_says_what_rhythms_it_accepts(store, line):
    with pytest.raises(BadInput, match="weekly"):
        run_line(line, store, NOW, ADMIN)
    assert store.channels.all() == []
