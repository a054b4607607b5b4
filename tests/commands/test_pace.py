"""/pace: a channel's cap of alert messages an hour and its quiet hours, set by admins,
each value checked, kept in the store."""

from __future__ import annotations

import pytest

from bot.errors import BadInput, NotAllowed
from bot.store import Pace
from commands import run_line
from tests.conftest import NOW
from tests.factories import command_env

ADMIN = command_env(
    is_admin=True, front="discord", channel="discord:1", digest_timezone="Europe/Paris"
)


def _pace(line: str, store, env=ADMIN):
    return run_line(line, store, NOW, env)


def test_pace_is_set_shown_and_removed(store):
    shown = _pace("/pace", store)
    assert shown.lines() == [
        "Alerts: no cap on alerts an hour.",
        "Quiet hours: no quiet hours.",
        "Stories: one alert each; later developments edit it.",
    ]
    capped = _pace("/pace alerts 5", store)
    assert capped.lines()[0] == (
        "Alerts: at most 5 alert messages an hour; the rest wait for the next one."
    )
    quiet = _pace("/pace quiet 22:00-7:00", store)  # the bot's DIGEST_TIMEZONE by default
    assert quiet.lines()[1] == (
        "Quiet hours: quiet from 22:00 to 07:00 (Europe/Paris); alerts wait and go as one"
        " message when they end."
    )
    assert store.pace.get("discord:1") == Pace("discord:1", 5, "22:00", "07:00", "Europe/Paris")
    _pace("/pace quiet 23:00-06:00 america/new_york", store)
    assert store.pace.get("discord:1").timezone == "America/New_York"
    threads = _pace("/pace threads on", store)
    assert threads.lines()[2] == (
        "Stories: one alert each; later developments go in the alert's thread."
    )
    _pace("/pace alerts 4", store)  # one setting changed keeps the others
    assert store.pace.get("discord:1") == Pace(
        "discord:1", 4, "23:00", "06:00", "America/New_York", threads=True
    )
    _pace("/pace alerts off", store)
    _pace("/pace quiet off", store)
    _pace("/pace threads OFF", store)
    assert store.pace.get("discord:1") == Pace("discord:1")
    assert shown.to_json()["command"] == "pace"


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("/pace alerts", "/pace alerts needs a value"),
        ("/pace alerts 0", "from 1 to 60, or off"),
        ("/pace alerts 61", "from 1 to 60, or off"),
        ("/pace alerts many", "from 1 to 60, or off"),
        ("/pace quiet 22:00", "like 22:00-07:00"),
        ("/pace quiet 25:00-07:00", "Use a 24-hour time"),
        ("/pace quiet 22:00-22:00", "start when they end"),
        ("/pace quiet 22:00-07:00 Mars/Olympus", "Use an IANA time zone"),
        ("/pace louder 3", "/pace does not know 'louder'"),
        ("/pace threads maybe", "Give on (a thread per story"),
    ],
)
def test_bad_values_say_what_is_accepted(store, line, said):
    with pytest.raises(BadInput) as caught:
        _pace(line, store)
    assert said in caught.value.message
    assert store.pace.get("discord:1") == Pace("discord:1")


def test_members_may_not_set_the_pace(store):
    with pytest.raises(NotAllowed):
        _pace("/pace alerts 5", store, command_env(is_admin=False, channel="discord:1"))
