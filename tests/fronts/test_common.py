"""The pieces every front shares (bot/fronts/common.py), and that the three renderers
word an entity page by its command, not by patching another's strings."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.errors import NotAllowed
from bot.fronts.common import (
    APOLOGY,
    RANKINGS,
    check_admin,
    digest_marker,
    distinct,
    front_env,
    page_count,
    page_footer,
)
from bot.fronts.console.render import render as render_console
from bot.fronts.discord.render import render as render_discord
from bot.fronts.slack.render import render as render_slack
from bot.replies import RANKED_KEY, EntityPage, SourceDocument, SourcesReply
from bot.runtime.settings import Settings
from bot.store import EntityRow
from commands import registry
from tests.conftest import SEEDS
from tests.factories import stored_event

TODAY = dt.date(2025, 2, 18)
RUSSIA = EntityRow(1, "Russia", "country", ())


def _discord(reply: EntityPage) -> str:
    return json.dumps(render_discord(reply, today=TODAY).embed.to_dict(), ensure_ascii=False)


def _slack(reply: EntityPage) -> str:
    message = render_slack(reply, today=TODAY)
    return message.text + json.dumps(message.blocks, ensure_ascii=False)


RENDERERS = {"console": render_console, "discord": _discord, "slack": _slack}


def test_every_entity_page_command_has_its_words_and_its_json_key():
    assert set(RANKINGS) == set(RANKED_KEY) == {"who", "where"}
    assert RANKINGS["where"].label == "Places" and "places" in RANKINGS["where"].none


@pytest.mark.parametrize("front", sorted(RENDERERS))
@pytest.mark.parametrize("command", ["who", "where"])
def test_an_empty_ranking_is_worded_for_its_command(front, command):
    text = RENDERERS[front](EntityPage(command, "Russia", RUSSIA, events=[], total=0))
    assert RANKINGS[command].none in text
    other = next(c for c in RANKINGS if c != command)
    assert RANKINGS[other].none not in text


@pytest.mark.parametrize("front", sorted(RENDERERS))
@pytest.mark.parametrize("command", ["who", "where"])
def test_a_ranking_is_labelled_for_its_command(front, command):
    page = EntityPage(command, "Russia", RUSSIA, ranked=[("Syria", 2)], total=0)
    text = RENDERERS[front](page)
    assert f"{RANKINGS[command].label}:" in text and "Syria" in text
    other = next(c for c in RANKINGS if c != command)
    assert f"{RANKINGS[other].label}:" not in text


def test_a_sentence_with_several_events_is_numbered_once_by_position():
    events = [stored_event(1, "Same."), stored_event(2, "Same."), stored_event(3, "Other.")]
    assert [(n, e.id) for n, e in distinct(events, first=11)] == [(11, 1), (13, 3)]


def test_pages_and_footers():
    events = SourcesReply([SourceDocument("a.txt", None, "2025-02-17", 3)] * 20, total=21)
    assert page_count(events, 5) == 2  # four documents to an event's line
    assert page_count(EntityPage("who", "x", RUSSIA, total=11), 5) == 3
    assert page_count(EntityPage("who", "x", RUSSIA, total=0), 5) == 1
    assert page_footer(1, "event", 0, 1) == "1 event · page 1/1"
    assert page_footer(12, "document", 1, 3) == "12 documents · page 2/3"
    assert digest_marker(TODAY) == "Briefing daily digest · 2025-02-18"
    assert "Traceback" not in APOLOGY and "logged" in APOLOGY


@pytest.mark.parametrize(
    ("front", "words"),
    [("discord", "server admins"), ("slack", "workspace admins"), ("console", "admins")],
)
def test_the_admin_refusal_names_the_fronts_admins(front, words):
    settings = Settings(_env_file=None, briefing_seeds=SEEDS)
    env = front_env(settings, None, front=front, is_admin=False, page_size=5)
    with pytest.raises(NotAllowed, match=f"/reload is for {words} only; nothing was changed"):
        check_admin(registry()["reload"], env)
    check_admin(registry()["who"], env)  # not an admin command: no refusal
    admin = front_env(settings, None, front=front, is_admin=True, page_size=5)
    check_admin(registry()["reload"], admin)


def test_front_env_carries_the_settings_and_the_channel():
    settings = Settings(_env_file=None, briefing_seeds=SEEDS, ingest_workers=3)
    env = front_env(
        settings, None, front="slack", is_admin=True, page_size=5, channel="slack:C1", page=2
    )
    assert (env.seeds, env.workers, env.front, env.channel, env.offset) == (
        SEEDS,
        settings.workers,
        "slack",
        "slack:C1",
        10,
    )
    assert front_env(settings, None, front="console", is_admin=False, page_size=None).channel == (
        "console"
    )
