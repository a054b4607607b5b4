"""The pieces every front shares (bot/fronts/common.py), and that the three renderers
word an entity page by its command, not by patching another's strings."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from bot.errors import NotAllowed
from bot.fronts.common import (
    APOLOGY,
    RANKINGS,
    digest_marker,
    front_env,
    page_count,
    page_footer,
)
from bot.fronts.console.render import PAGE_SIZE as CONSOLE_PAGE
from bot.fronts.console.render import render as render_console
from bot.fronts.discord.render import PAGE_SIZE as DISCORD_PAGE
from bot.fronts.discord.render import render as render_discord
from bot.fronts.slack.render import PAGE_SIZE as SLACK_PAGE
from bot.fronts.slack.render import render as render_slack
from bot.replies import RANKED_KEY, EntityPage, SourceDocument, SourcesReply
from bot.store import EntityRow
from commands import check_admin, registry, run_line
from tests.conftest import NOW, SEEDS
from tests.factories import command_env, document, extracted_event, settings_of, truce_events

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
    text = RENDERERS[front](EntityPage(command, "Russia", RUSSIA, sentences=[], total=0))
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
    settings = settings_of(briefing_seeds=SEEDS)
    env = front_env(settings, None, front=front, is_admin=False, page_size=5)
    with pytest.raises(NotAllowed, match=f"/reload is for {words} only; nothing was changed"):
        check_admin(registry()["reload"], env)
    check_admin(registry()["who"], env)  # not an admin command: no refusal
    admin = front_env(settings, None, front=front, is_admin=True, page_size=5)
    check_admin(registry()["reload"], admin)


def test_front_env_carries_the_settings_and_the_channel():
    settings = settings_of(briefing_seeds=SEEDS, ingest_workers=3)
    env = front_env(
        settings, None, front="slack", is_admin=True, page_size=5, channel="slack:C1", page=2
    )
    assert (env.seeds, env.workers, env.front, env.channel, env.offset) == (
        SEEDS,
        settings.ingest.worker_count,
        "slack",
        "slack:C1",
        10,
    )
    assert front_env(settings, None, front="console", is_admin=False, page_size=None).channel == (
        "console"
    )


@pytest.mark.parametrize(("allow", "every", "seconds"), [(False, "15m", 900), (True, "2h", 7200)])
def test_front_env_carries_the_feeds_settings(allow, every, seconds):
    settings = settings_of(briefing_seeds=SEEDS, feeds_allow_private=allow, feeds_every=every)
    env = front_env(settings, None, front="discord", is_admin=True, page_size=5)
    assert (env.feed_every, env.feeds_allow_private) == (seconds, allow)


# --- lists: each sentence once, numbered on across pages --------------------------------

PAGED = {
    "console": (
        lambda reply, page: render_console(reply, page),
        CONSOLE_PAGE,
        r"(?m)^  (\d+)\. ",
    ),
    "discord": (
        lambda reply, page: render_discord(reply, page, today=TODAY).embed.description,
        DISCORD_PAGE,
        r"\*\*(\d+)\.\*\*",
    ),
    "slack": (
        lambda reply, page: json.dumps(render_slack(reply, page, today=TODAY).blocks),
        SLACK_PAGE,
        r"\*(\d+)\.\*",
    ),
}


@pytest.mark.parametrize("front", sorted(PAGED))
@pytest.mark.parametrize(
    ("line", "total"),
    [
        ("/search truce", 13),
        ("/who Russia", 13),
        ("/where Russia", 13),
        ("/since 2025-01-01", 13),
        ("/timeline Russia", 13),
    ],
)
def test_a_list_numbers_each_sentence_once_and_on_across_pages(store, front, line, total):
    """Thirteen sentences, the third of which yields four events (two of them Russia's):
    every page numbers on from the one before, 1 to 13 without a gap, the sentence once."""
    older = [
        extracted_event(
            ["Russia"], ["Kyiv"], dt.date(2025, 2, 10) - dt.timedelta(days=n), f"Truce {n}: Kyiv."
        )
        for n in range(6, 14)
    ]
    store.apply_reload([(document(), [*truce_events(), *older])], [], NOW)
    render_page, size, number = PAGED[front]
    texts = []
    for page in range(-(-total // size)):
        reply = run_line(line, store, NOW, command_env(page_size=size, page=page))
        assert reply.total == total
        texts.append(render_page(reply, page))
    numbers = [int(n) for text in texts for n in re.findall(number, text)]
    assert numbers == list(range(1, total + 1))
    assert sum(text.count("Russia and Syria agree") for text in texts) == 1
