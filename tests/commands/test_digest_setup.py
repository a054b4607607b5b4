"""/digest-setup: where and when a server's daily digest goes."""

from __future__ import annotations

import pytest

from bot.errors import BadInput, NotAllowed
from commands import run_line
from tests.conftest import NOW
from tests.factories import command_env


def test_setup_stores_a_front_qualified_channel_and_says_when_next(store):
    env = command_env(is_admin=True, front="slack", guild="T1")
    reply = run_line("/digest-setup #news 08:00 Europe/Paris", store, NOW, env).to_json()
    assert (reply["channel"], reply["time"], reply["timezone"]) == (
        "slack:news",
        "08:00",
        "Europe/Paris",
    )
    assert reply["next"] == "2025-02-19T08:00+01:00"  # NOW is 10:00 in Paris on the 18th
    (config,) = store.channels.all()
    assert (config.channel, config.guild) == ("slack:news", "T1")


def test_setup_is_for_admins_and_checks_the_time(store):
    with pytest.raises(NotAllowed):
        run_line("/digest-setup #news 08:00", store, NOW, command_env())
    with pytest.raises(BadInput, match="24-hour"):
        run_line("/digest-setup #news 8 am", store, NOW, command_env(is_admin=True))
    assert store.channels.all() == []


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/digest-setup #news 08:00 Mars/Olympus", "IANA time zone"),
        ("/digest-setup #news 08:00 ../../etc/passwd", "IANA time zone"),
        ("/digest-setup #news 08:00 localtime", "IANA time zone"),
        ("/digest-setup #news 25:99 UTC", "from 00:00 to 23:59"),
        ("/digest-setup #news 24:00 UTC", "next day's 00:00"),
        ("/digest-setup #news ٠٨:٠٠ UTC", "24-hour time"),
    ],
)
def test_a_bad_zone_or_time_is_refused_saying_what_is_accepted(store, line, says):
    with pytest.raises(BadInput, match=says):
        run_line(line, store, NOW, command_env(is_admin=True))
    assert store.channels.all() == []


@pytest.mark.parametrize(
    ("line", "time", "zone"),
    [
        ("/digest-setup #news 8:00 utc", "08:00", "UTC"),
        ("/digest-setup #news 08:00 europe/paris", "08:00", "Europe/Paris"),
        ("/digest-setup #news 23:59 AMERICA/NEW_YORK", "23:59", "America/New_York"),
        ("/digest-setup #news 00:00 Etc/GMT-14", "00:00", "Etc/GMT-14"),
    ],
)
def test_a_zone_in_any_case_is_stored_under_its_own_name(store, line, time, zone):
    reply = run_line(line, store, NOW, command_env(is_admin=True)).to_json()
    assert (reply["time"], reply["timezone"]) == (time, zone)
    (config,) = store.channels.all()
    assert (config.time, config.timezone) == (time, zone)


@pytest.mark.parametrize("front", ["discord", "slack", "console"])
def test_without_a_zone_every_front_takes_digest_timezone(store, front):
    """DIGEST_TIMEZONE and DIGEST_SKIP_EMPTY are every front's defaults, not Discord's only."""
    env = command_env(
        is_admin=True, front=front, digest_timezone="Asia/Tokyo", digest_skip_empty=True
    )
    reply = run_line("/digest-setup #news 08:00", store, NOW, env).to_json()
    assert reply["timezone"] == "Asia/Tokyo"
    (config,) = store.channels.all()
    assert (config.timezone, config.skip_empty) == ("Asia/Tokyo", True)


def test_the_env_of_every_front_carries_the_digest_settings(tmp_path, monkeypatch):
    from bot.extraction.engine import Engine
    from bot.fronts.common import front_env
    from bot.settings import load_settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DIGEST_TIMEZONE", "asia/tokyo")
    monkeypatch.setenv("DIGEST_SKIP_EMPTY", "true")
    settings = load_settings()
    for front in ("discord", "slack", "console"):
        env = front_env(settings, Engine("x", "y"), front=front, is_admin=True, page_size=None)
        assert (env.digest_timezone, env.digest_skip_empty) == ("Asia/Tokyo", True)
