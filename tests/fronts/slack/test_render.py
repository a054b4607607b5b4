"""Every reply kind renders as Block Kit within Slack's limits, whatever the text."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.digest.compose import compose
from bot.fronts.slack.manifest import build_manifest
from bot.fronts.slack.render import (
    PAGE_SIZE,
    escape,
    message_fits,
    pager,
    render,
    render_digest,
)
from bot.replies import EntityPage, HelpEntry, HelpReply, ReloadReply, SinceReply
from bot.store import EntityRow
from commands import registry
from tests.conftest import REPO
from tests.factories import HOSTILE, sentences_of, stored_event, stored_sentence
from tests.factories import hostile_event as _event

TODAY = dt.date(2025, 2, 18)


@settings(max_examples=60, deadline=None)
@given(text=HOSTILE, n=st.integers(min_value=0, max_value=PAGE_SIZE))
def test_who_and_since_fit(text, n):
    events = sentences_of(_event(i, text + str(i)) for i in range(n))
    entity = EntityRow(1, text[:300] or "x", "place", ())
    for reply in (
        EntityPage("who", text, entity, [], [(text[:300] or "y", 3)] * 40, events, n + 100),
        SinceReply("2025-01-01", events, n + 100),
        EntityPage("who", text, None, [text] * 5),
    ):
        message = render(reply, 0, today=TODAY)
        assert message_fits(message)
        assert "<!" not in json.dumps(message.blocks)  # no @here/@channel/@everyone


@settings(max_examples=40, deadline=None)
@given(text=HOSTILE, groups=st.integers(min_value=0, max_value=80))
def test_digest_fits(text, groups):
    events = [_event(i, f"{text} {i}", name=f"{text[:50]}{i}") for i in range(groups)]
    message = render_digest(compose(events, None), TODAY)
    assert message_fits(message)
    assert "Briefing daily digest · 2025-02-18" in message.text


@settings(max_examples=30, deadline=None)
@given(text=HOSTILE)
def test_reload_and_help_fit(text):
    report = {
        "added": 1,
        "updated": 0,
        "removed": 0,
        "unchanged": 0,
        "documents": 1,
        "events": 3,
        "skipped": [{"file": text, "reason": text}] * 50,
    }
    assert message_fits(render(ReloadReply.from_report(report), today=TODAY))
    help_reply = HelpReply([HelpEntry("who", "/who <name>", text, False)] * 6)
    assert message_fits(render(help_reply, today=TODAY))


def test_escape_neutralises_mentions_and_links():
    assert escape("<!everyone> & <@U1>", 100) == "&lt;!everyone&gt; &amp; &lt;@U1&gt;"


def test_pager_buttons_carry_the_next_page():
    block = pager({"c": "since", "a": {"date": "2025-01-01"}, "o": "U1"}, 0, 3)
    (button,) = block["elements"]
    assert button["action_id"] == "briefing_page_next"
    assert json.loads(button["value"])["p"] == 1


def test_committed_manifest_lists_every_command():
    committed = json.loads((REPO / "slack-manifest.json").read_text("utf-8"))
    assert committed == build_manifest(), "run: briefing slack-manifest > slack-manifest.json"
    names = [c["command"] for c in committed["features"]["slash_commands"]]
    assert names == [f"/{n}" for n in registry()]


def test_a_sentence_of_several_events_is_one_numbered_section():
    events = [stored_event(i, "Same sentence.") for i in (1, 2, 3)]
    message = render(SinceReply("2025-01-01", [stored_sentence(*events)], 1), 0, today=TODAY)
    assert json.dumps(message.blocks).count("Same sentence.") == 1
    assert message.text == "1 sentence since 2025-01-01."


def test_a_later_page_numbers_on_from_the_pages_before():
    sentences = sentences_of(stored_event(i, f"Sentence {i}.") for i in range(6, 11))
    message = render(SinceReply("2025-01-01", sentences, 12), 1, today=TODAY)
    numbers = [b["text"]["text"].split(".", 1)[0] for b in message.blocks if b["type"] == "section"]
    assert numbers == ["*6", "*7", "*8", "*9", "*10"]
    assert message.blocks[-1]["elements"][0]["text"] == "12 sentences · page 2/3"
