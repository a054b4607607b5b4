"""Every reply kind renders within Discord's limits, whatever the text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.digest.compose import compose
from bot.fronts.discord.render import PAGE_SIZE, clean, fits, render, render_digest
from bot.replies import EntityPage, HelpEntry, HelpReply, ReloadReply, SinceReply
from bot.store import EntityRow
from tests.factories import HOSTILE, sentences_of, stored_sentence
from tests.factories import hostile_event as _event

TODAY = dt.date(2025, 2, 18)


@settings(max_examples=60, deadline=None)
@given(text=HOSTILE, n=st.integers(min_value=0, max_value=PAGE_SIZE))
def test_who_and_since_pages_fit(text, n):
    events = sentences_of(_event(i, text + str(i)) for i in range(n))
    entity = EntityRow(1, text[:300] or "x", "place", ())
    who = EntityPage("who", text, entity, [], [(text[:300] or "y", 3)] * 40, events, n + 100)
    for reply in (who, SinceReply("2025-01-01", events, n + 100)):
        page = render(reply, 0, today=TODAY)
        assert fits(page.embed)
        assert page.pages == -(-(n + 100) // PAGE_SIZE)


@settings(max_examples=40, deadline=None)
@given(text=HOSTILE, groups=st.integers(min_value=0, max_value=60))
def test_digest_fits(text, groups):
    events = [_event(i, f"{text} {i}", name=f"{text[:50]}{i}") for i in range(groups)]
    assert fits(render_digest(compose(events, None), TODAY))


@settings(max_examples=30, deadline=None)
@given(text=HOSTILE)
def test_reload_help_and_unknown_fit(text):
    report = {
        "added": 1,
        "updated": 0,
        "removed": 0,
        "unchanged": 0,
        "documents": 1,
        "events": 3,
        "skipped": [{"file": text, "reason": text}] * 50,
    }
    assert fits(render(ReloadReply.from_report(report), today=TODAY).embed)
    help_reply = HelpReply([HelpEntry("who", "/who <name>", text, False)] * 30)
    assert fits(render(help_reply, today=TODAY).embed)
    assert fits(render(EntityPage("who", text, None, [text] * 5), today=TODAY).embed)


def test_mentions_and_markdown_are_neutralised():
    out = clean("@everyone look **here** <@123>", 100)
    assert "@everyone" not in out and "**" not in out
    assert clean("x" * 50, 10) == "x" * 9 + "…"


def test_a_sentence_with_two_events_is_shown_once():
    events = [replace(_event(i, "Same sentence."), attribution="AP", file="a.txt") for i in (1, 2)]
    page = render(SinceReply("2025-01-01", [stored_sentence(*events)], 1), 0, today=TODAY)
    assert page.embed.description.count("Same sentence.") == 1
    assert page.embed.footer.text == "1 sentence · page 1/1"


def test_a_later_page_numbers_on_from_the_pages_before():
    sentences = sentences_of(_event(i, f"Sentence {i}.") for i in range(6, 11))
    page = render(SinceReply("2025-01-01", sentences, 12), 1, today=TODAY)
    assert re.findall(r"\*\*(\d+)\.\*\*", page.embed.description) == ["6", "7", "8", "9", "10"]
    assert page.embed.footer.text == "12 sentences · page 2/3"


def test_long_sentences_are_cut_shorter_rather_than_one_left_out():
    """Five sentences of 600 characters and a long head pass 4096: each is cut, none
    dropped (its number would be missing)."""
    sentences = sentences_of(_event(i, f"{i} " + "word " * 200) for i in range(1, 6))
    ranked = [(f"Co-actor {i} " + "x" * 60, 3) for i in range(15)]
    reply = EntityPage("who", "Russia", EntityRow(1, "Russia", "country", ()), [], ranked,
                       sentences, 5)  # fmt: skip
    page = render(reply, 0, today=TODAY)
    assert fits(page.embed)
    assert re.findall(r"\*\*(\d+)\.\*\*", page.embed.description) == ["1", "2", "3", "4", "5"]
