"""Cutting text to a platform's limit never cuts inside an escape, a link or mention, a
letter and its accents, or an emoji: Slack's &amp; &lt; &gt; and <…>, Discord's
backslash escapes, and every front's grapheme clusters."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from bot.fronts.discord.render import clean
from bot.fronts.discord.render import render as render_discord
from bot.fronts.slack.render import escape, section
from bot.fronts.slack.render import render as render_slack
from bot.replies import SinceReply
from tests.factories import sentences_of, stored_event

SLACK_ESCAPE = re.compile(r"&(amp|lt|gt);")


def _slack_ok(text: str) -> bool:
    """Every & starts a whole escape and every < a whole markup: nothing cut in two."""
    return all(SLACK_ESCAPE.match(text, m.start()) for m in re.finditer("&", text)) and (
        text.count("<") == text.count(">")
    )


def _joined_ok(original: str, shown: str) -> bool:
    """The text before the ellipsis ends where a grapheme of the original ends (as the
    `regex` module's \\X reads them): no accent, joiner, skin tone or half flag cut off."""
    body = shown.removesuffix("…")
    ends = {0}
    for cluster in regex.findall(r"\X", original):
        ends.add(max(ends) + len(cluster))
    return original.startswith(body) and len(body) in ends | {len(original.rstrip())}


@pytest.mark.parametrize("limit", range(2, 30))
def test_slack_never_cuts_an_escape(limit):
    """'AT&amp;T' once became 'AT&…' at its limit."""
    for text in ("AT&T", "AT&T and <b> & <i>", "a < b > c & d", "&&&&&&&&&&"):
        shown = escape(text * 3, limit)
        assert len(shown) <= limit and _slack_ok(shown), shown


@pytest.mark.parametrize("limit", range(1, 40))
def test_slack_never_cuts_link_or_mention_markup(limit):
    text = "see <https://example.org/a|the report> and <#C123ABC> with <@U999>"
    shown = section(text, limit)["text"]["text"]
    assert len(shown) <= limit and _slack_ok(shown), shown


@pytest.mark.parametrize("limit", range(2, 30))
def test_discord_never_leaves_half_an_escape(limit):
    for text in ("**bold** _it_ `code`", "a*b*c*d*e*f*g*h", "\\\\\\\\\\", "~~x~~ ||y||"):
        shown = clean(text * 3, limit)
        assert len(shown) <= limit, shown
        body = shown.removesuffix("…")
        trailing = len(body) - len(body.rstrip("\\"))
        assert trailing % 2 == 0, shown  # a lone backslash would escape the ellipsis


GRAPHEMES = [
    "e\u0301",  # é as e and its accent
    "\U0001f469\u200d\U0001f469\u200d\U0001f467",  # a family: joined emoji
    "\U0001f44d\U0001f3fd",  # a thumbs-up with its skin tone
    "\U0001f1eb\U0001f1f7",  # the French flag: two regional indicators
    "\u2764\ufe0f",  # a heart with its emoji presentation
    "\u0928\u092e\u0938\u094d\u0924\u0947",  # Devanagari with a virama and vowel signs
]


@pytest.mark.parametrize("limit", range(2, 25))
@pytest.mark.parametrize("grapheme", GRAPHEMES)
def test_no_front_cuts_inside_a_grapheme(limit, grapheme):
    text = "x " + grapheme * 12
    for shown in (clean(text, limit), escape(text, limit)):
        assert len(shown) <= limit and _joined_ok(text, shown.rstrip()), ascii(shown)


@given(text=st.text(max_size=120), limit=st.integers(min_value=1, max_value=80))
def test_any_text_cut_for_slack_keeps_its_escapes_whole(text, limit):
    shown = escape(text, limit)
    assert len(shown) <= limit and all(
        SLACK_ESCAPE.match(shown, m.start()) for m in re.finditer("&", shown)
    )


def test_a_long_sentence_of_escapes_renders_whole_escapes_on_every_front():
    sentence = "AT&T <b> " * 400
    reply = SinceReply(
        start="2025-01-01", sentences=sentences_of([stored_event(1, sentence)]), total=1
    )
    message = render_slack(reply, 0, today=dt.date(2025, 2, 18))
    for block in message.blocks:
        text = (block.get("text") or {}).get("text", "")
        assert _slack_ok(text), text[-40:]
    embed = render_discord(reply, 0, today=dt.date(2025, 2, 18)).embed
    assert "…" in embed.description
