"""Digest channel settings: one channel per guild, replaced when set again."""

from __future__ import annotations

import datetime as dt

from bot.store import DigestChannel
from tests.conftest import NOW

LATER = NOW + dt.timedelta(hours=1)


def test_setting_returns_and_stores_the_row(store):
    row = store.channels.set("discord:1", "g", "08:00", "Europe/Paris", True, NOW)
    assert row == DigestChannel(
        "discord:1", "g", "08:00", "Europe/Paris", True, NOW.isoformat(timespec="seconds")
    )
    assert store.channels.all() == [row]
    assert store.channels.all()[0].skip_empty is True  # a bool, not SQLite's 1


def test_a_guilds_new_channel_replaces_its_old_one(store):
    store.channels.set("discord:1", "g", "08:00", "UTC", False, NOW)
    store.channels.set("discord:2", "other", "09:00", "UTC", False, NOW)
    moved = store.channels.set("discord:3", "g", "07:30", "UTC", True, LATER)
    assert [c.channel for c in store.channels.all()] == ["discord:2", "discord:3"]
    assert moved in store.channels.all()


def test_setting_a_channel_again_updates_it(store):
    store.channels.set("slack:C1", None, "08:00", "UTC", False, NOW)
    store.channels.set("slack:C1", None, "18:00", "Asia/Tokyo", True, LATER)
    assert store.channels.all() == [
        DigestChannel(
            "slack:C1", None, "18:00", "Asia/Tokyo", True, LATER.isoformat(timespec="seconds")
        )
    ]


def test_channels_without_a_guild_do_not_replace_each_other(store):
    store.channels.set("slack:C2", None, "08:00", "UTC", False, NOW)
    store.channels.set("slack:C1", None, "08:00", "UTC", False, NOW)
    assert [c.channel for c in store.channels.all()] == ["slack:C1", "slack:C2"]


def test_channels_filter_by_front_prefix(store):
    store.channels.set("discord:1", "g", "08:00", "UTC", False, NOW)
    store.channels.set("slack:C1", None, "08:00", "UTC", False, NOW)
    assert [c.channel for c in store.channels.all("slack:")] == ["slack:C1"]
    assert [c.channel for c in store.channels.all("discord:")] == ["discord:1"]
    assert store.channels.all("console:") == []
