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
    (config,) = store.digest_channels()
    assert (config.channel, config.guild) == ("slack:news", "T1")


def test_setup_is_for_admins_and_checks_the_time(store):
    with pytest.raises(NotAllowed):
        run_line("/digest-setup #news 08:00", store, NOW, command_env())
    with pytest.raises(BadInput, match="24-hour"):
        run_line("/digest-setup #news 8 am", store, NOW, command_env(is_admin=True))
    assert store.digest_channels() == []
