"""Replies as Slack Block Kit with a plain-text fallback, within Slack's limits.

50 blocks per message, 3000 characters per section, 150 per header. Text from seeds or
users is escaped (&, <, >), so it can never become a mention or a link.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import singledispatch
from typing import Any

from bot.fronts.common import (
    FOLLOWING_NONE,
    alert_heading,
    alert_marker,
    alert_more,
    alert_outlets,
    also_heading,
    also_line,
    ambiguous_heading,
    asked_as,
    candidate_label,
    credit,
    deaths_line,
    digest_marker,
    digest_title,
    filtered_note,
    folded_note,
    follow_summary,
    followed_label,
    page_count,
    page_footer,
    plural,
    ranking,
    reload_summary,
    reported_label,
    rhythm_words,
    safe_url,
    shorten,
    source_label,
    stories_label,
    summary_line,
    timeline_head,
    update_note,
    when_label,
)
from bot.replies import (
    AlertReply,
    DigestReply,
    DigestSetupReply,
    DigestStory,
    EntityPage,
    FeedsReply,
    FilterReply,
    FollowingReply,
    FollowReply,
    HelpReply,
    MentionReply,
    PaceReply,
    ReloadReply,
    SearchReply,
    SinceReply,
    SourcesReply,
    TimelineReply,
    feed_status_line,
)
from bot.store import StoredSentence

BLOCKS_MAX = 50
SECTION_MAX = 3000
HEADER_MAX = 150
TEXT_MAX = 3000  # our fallback text; Slack allows 40,000
BUTTON_VALUE_MAX = 2000
PAGE_SIZE = 5
PAGE_ACTIONS = ("briefing_page_prev", "briefing_page_next")
# What a cut keeps whole: Slack's escapes, and its <…> links, mentions and channels.
MARKUP = re.compile(r"&(?:amp|lt|gt);|<[^<>\n]*>")


def escape(text: str, limit: int) -> str:
    """Slack's three escapes, then cut to `limit` characters with an ellipsis, never
    inside an escape ('AT&amp;T' is never 'AT&…')."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return shorten(text, limit, MARKUP)


@dataclass
class SlackMessage:
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    page: int = 0
    pages: int = 1


def section(text: str, limit: int = SECTION_MAX) -> dict[str, Any]:
    text = shorten(text, limit, MARKUP) or " "
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def header(text: str) -> dict[str, Any]:
    text = shorten(text, HEADER_MAX, MARKUP) or " "
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def context(text: str) -> dict[str, Any]:
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": shorten(text, SECTION_MAX, MARKUP)}],
    }


def pager(state: dict[str, Any], page: int, pages: int) -> dict[str, Any]:
    """Previous/next buttons; the value carries what is needed to fetch another page."""
    elements = []
    for action_id, label, target in (
        (PAGE_ACTIONS[0], "Previous", page - 1),
        (PAGE_ACTIONS[1], "Next", page + 1),
    ):
        if 0 <= target < pages:
            value = json.dumps({**state, "p": target}, separators=(",", ":"))
            if len(value) <= BUTTON_VALUE_MAX:
                elements.append(
                    {
                        "type": "button",
                        "action_id": action_id,
                        "value": value,
                        "text": {"type": "plain_text", "text": label},
                    }
                )
    return {"type": "actions", "block_id": "briefing_pager", "elements": elements}


def choices(state: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """A button per candidate of an ambiguous name; the value runs the command for it."""
    elements = []
    for i, name in enumerate(names[:10]):
        value = json.dumps({**state, "a": {**state["a"], "name": name}}, separators=(",", ":"))
        if len(value) <= BUTTON_VALUE_MAX:
            elements.append(
                {
                    "type": "button",
                    "action_id": f"briefing_choice_{i}",
                    "value": value,
                    "text": {"type": "plain_text", "text": shorten(name, 75)},
                }
            )
    return {"type": "actions", "block_id": "briefing_choices", "elements": elements}


def _sentence_section(n: int, sentence: StoredSentence) -> dict[str, Any]:
    lead = sentence.lead
    return section(
        f"*{n}.* `{when_label(lead)}` {escape(sentence.sentence, 2200)}\n"
        f"— {escape(source_label(lead), 500)}"
    )


def _sentence_blocks(sentences: list[StoredSentence], page: int) -> list[dict[str, Any]]:
    """A section per sentence of the page, numbered on from the pages before."""
    numbered = enumerate(sentences[: BLOCKS_MAX - 5], start=page * PAGE_SIZE + 1)
    return [_sentence_section(n, sentence) for n, sentence in numbered]


def _footer(reply: object, noun: str, page: int) -> tuple[dict[str, Any], int]:
    """The context block that counts the items and the pages, and how many pages."""
    pages = page_count(reply, PAGE_SIZE)
    return context(page_footer(reply.total, noun, page, pages)), pages  # type: ignore[attr-defined]


@singledispatch
def render(reply: object, page: int = 0, *, today: dt.date) -> SlackMessage:
    """A reply as page `page` in Block Kit; `today` dates a digest preview."""
    raise TypeError(f"no Slack rendering for {type(reply).__name__}")


def _candidates(reply: EntityPage | FollowReply, heading: str) -> str:
    return "\n".join(
        [escape(heading, 200), *(f"• {escape(candidate_label(c), 120)}" for c in reply.candidates)]
    )


def _not_found(reply: EntityPage | FollowReply) -> SlackMessage:
    if reply.candidates:
        text = _candidates(reply, ambiguous_heading(reply))
        return SlackMessage(text, [section(text)])
    text = f"No entity named “{escape(reply.query, 100)}” in the store."
    if reply.suggestions:
        text += " Did you mean: " + ", ".join(escape(s, 80) for s in reply.suggestions) + "?"
    return SlackMessage(text, [section(text)])


@render.register
def _(reply: EntityPage, page: int = 0, *, today: dt.date) -> SlackMessage:
    if reply.entity is None:
        return _not_found(reply)
    entity, words = reply.entity, ranking(reply)
    ranked = ", ".join(f"{escape(n, 80)} ({c})" for n, c in reply.ranked[:15])
    title = f"{entity.name} ({entity.kind}){asked_as(reply)}"
    blocks = [header(title)]
    if also := also_line(reply):
        blocks.append(section(escape(also, 600)))
    blocks.append(section(f"*{words.label}:* {ranked}" if ranked else words.none))
    blocks += _sentence_blocks(reply.sentences, page)
    footer, pages = _footer(reply, "sentence", page)
    blocks.append(footer)
    text = (
        f"{escape(title, 200)}. {words.label}: {ranked or 'none'}."
        f" {plural(reply.total, 'sentence')}."
    )
    return SlackMessage(shorten(text, TEXT_MAX, MARKUP), blocks, page, pages)


@render.register
def _(reply: SinceReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    if not reply.total:
        text = f"Nothing in the store since {reply.start}."
        return SlackMessage(text, [section(text)])
    blocks = [header(f"Since {reply.start}")]
    blocks += _sentence_blocks(reply.sentences, page)
    footer, pages = _footer(reply, "sentence", page)
    blocks.append(footer)
    text = f"{plural(reply.total, 'sentence')} since {reply.start}."
    return SlackMessage(text, blocks, page, pages)


# A digest line: its sentence cut at a word, every outlet named (the sentence gives way).
DIGEST_SENTENCE_MAX = 320
CREDIT_MAX = 500


def digest_line(story: DigestStory) -> str:
    """One story: date, its line, what it folds in, every outlet, the link; an update
    says so and what changed."""
    lead = story.lead
    note = update_note(story)
    head = f"`{reported_label(lead)}` " + (f"_{note}:_ " if note else "")
    folded = folded_note(story)
    tail = f" ({folded})" if folded else ""
    who = escape(credit(story.sources, lead.title or lead.file), CREDIT_MAX)
    url = safe_url(story.url)
    link = f" · <{url}|read>" if url else ""
    return f"• {head}{escape(lead.sentence, DIGEST_SENTENCE_MAX)}{tail} — {who}{link}"


def render_digest(reply: DigestReply, day: dt.date) -> SlackMessage:
    """Its period in the header, the lead story's summary and the toll, the lead stories
    under their headings (a section each, continued when it would pass 3000 characters),
    whole lines only, within 50 blocks; the marker lets a restart find it."""
    blocks: list[dict[str, Any]] = [header(digest_title(reply, day))]
    if not reply.total:
        blocks.append(section("Nothing new since the last digest."))
    else:
        lines = [line for line in (summary_line(reply), deaths_line(reply)) if line]
        blocks.append(section(escape("\n".join(lines), SECTION_MAX)))
    shown = 0
    room = BLOCKS_MAX - len(blocks) - 1  # the closing context block
    for name, stories in reply.sections:
        if room <= 0:  # no block left for this heading: its lines are not shown
            break
        text = f"*{escape(name, HEADER_MAX)}*"
        for story in stories:
            line = digest_line(story)
            if len(text) + 1 + len(line) > SECTION_MAX:
                if room <= 1:
                    break
                blocks.append(section(text))
                room -= 1
                text = ""
            text = f"{text}\n{line}" if text else line
            shown += 1
        blocks.append(section(text))
        room -= 1
    hidden = reply.total - shown
    more_since = reply.since_for(shown)
    since = f": `/since {more_since}`" if more_since else ""
    more = f" · and {hidden} more{since}" if hidden > 0 else ""
    if note := filtered_note(reply):
        more += f" · {escape(note, SECTION_MAX // 2)}"  # typed keywords: never a mention
    marker = digest_marker(day)
    blocks.append(context(marker + more))
    return SlackMessage(f"{marker}: {stories_label(reply.total)}.", blocks)


@render.register
def _(reply: DigestReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    return render_digest(reply, today)


@render.register
def _(reply: ReloadReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    text = f"Reload: {reload_summary(reply)}"
    blocks = [section(text)]
    if reply.skipped:
        lines = [f"• {escape(s.file, 100)}: {escape(s.reason, 200)}" for s in reply.skipped]
        blocks.append(section("*Skipped*\n" + shorten("\n".join(lines), SECTION_MAX - 20, MARKUP)))
    return SlackMessage(text, blocks)


@render.register
def _(reply: HelpReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    lines = [
        f"`{c.usage}` {escape(c.description, 200)}{' _(admin)_' if c.admin else ''}"
        for c in reply.commands
    ]
    text = "\n".join(lines)
    return SlackMessage("Briefing commands", [section(text)])


@render.register
def _(reply: DigestSetupReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    channel = reply.channel.split(":", 1)[-1]
    where = f"<#{channel}>" if re.fullmatch(r"[A-Z0-9]{2,20}", channel) else escape(channel, 100)
    text = (
        f"The digest goes to {where} {rhythm_words(reply.rhythm)} at {reply.time}"
        f" ({reply.timezone}). Next one: {reply.next_at}."
        f"\n{escape(reply.filter_line(), 1500)}"
    )
    return SlackMessage(text, [section(text)])


@render.register
def _(reply: FollowReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    if reply.name is None:
        return _not_found(reply)
    text = escape(follow_summary(reply), 1000)
    blocks = [section(text)]
    if reply.candidates:
        blocks.append(section(_candidates(reply, also_heading(reply))))
    return SlackMessage(text, blocks)


@render.register
def _(reply: FollowingReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    if not reply.entities:
        return SlackMessage(FOLLOWING_NONE, [section(FOLLOWING_NONE)])
    lines = [f"• {escape(followed_label(f), 200)}" for f in reply.entities]
    text = f"This channel follows {plural(len(reply.entities), 'name')}."
    return SlackMessage(text, [header("Following"), section("\n".join(lines))])


@render.register
def _(reply: PaceReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    text = escape("\n".join([reply.heading, *(f"• {line}" for line in reply.lines())]), 1500)
    return SlackMessage(text, [section(text)])


@render.register
def _(reply: MentionReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    """The group named by its id, not mentioned: the answer pings nobody."""
    text = escape(reply.line(), 500)
    return SlackMessage(text, [section(text)])


@render.register
def _(reply: FilterReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    # Escaped whole, then a channel the command named (<#C0123>) made a link again, as
    # /digest-setup's answer shows it: an id of letters and digits, never a mention.
    text = re.sub(r"&lt;#([A-Z0-9]{2,20})&gt;", r"<#\1>", escape(reply.message, SECTION_MAX))
    blocks = [section(text)]
    if lines := reply.lines():
        blocks.append(section(escape("\n".join(f"• {x}" for x in lines), SECTION_MAX)))
    return SlackMessage(text, blocks)


@render.register
def _(reply: FeedsReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    """The message, then the feeds' health lines, a section of whole lines at a time
    within the blocks a message may hold."""
    text = escape(reply.message, SECTION_MAX)
    blocks: list[dict[str, Any]] = [section(text)]
    room = BLOCKS_MAX - len(blocks) - 1  # the closing context block, when lines are left
    shown, chunk = 0, ""
    for feed in reply.feeds:
        line = f"• {escape(feed_status_line(feed), 1500)}\n  {escape(feed.url, 600)}"
        if chunk and len(chunk) + 1 + len(line) > SECTION_MAX:
            if room <= 1:
                break
            blocks.append(section(chunk))
            room -= 1
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
        shown += 1
    if chunk:
        blocks.append(section(chunk))
    if shown < len(reply.feeds):
        blocks.append(context(f"{shown} of {plural(len(reply.feeds), 'feed')} shown"))
    return SlackMessage(text, blocks)


def render_notice(text: str) -> str:
    """A notice to a channel's admins (a feed failing, paused, well again): plain text,
    escaped (never a mention nor a link), within a message."""
    return escape(text, TEXT_MAX)


def render_alert(reply: AlertReply) -> SlackMessage:
    """An alert: a section per followed entity with its new items; the marker lets a
    restart find it."""
    blocks: list[dict[str, Any]] = [header(alert_heading(reply))]
    for group in reply.groups[: BLOCKS_MAX - 3]:
        lines = [f"*{escape(group.entity, 150)}*"]
        extra = [escape(more, 200)] if (more := alert_more(group)) else []
        for event in group.events:
            line = (
                f"• `{when_label(event)}` {escape(event.sentence, 400)}"
                f" ({escape(source_label(event), 150)})"
            )
            if sum(len(x) + 1 for x in [*lines, *extra]) + len(line) > SECTION_MAX:
                break
            lines.append(line)
        blocks.append(section("\n".join(lines + extra)))
    if outlets := alert_outlets(reply):
        blocks.append(context(escape(outlets, 2900)))
    marker = alert_marker(reply.batch)
    blocks.append(context(marker))
    return SlackMessage(f"{marker}: {plural(reply.total, 'new item')}.", blocks)


@render.register
def _(reply: AlertReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    return render_alert(reply)


def message_fits(message: SlackMessage) -> bool:
    """Whether a message keeps to Slack's limits."""
    if len(message.blocks) > BLOCKS_MAX or len(message.text) > 40_000:
        return False
    for block in message.blocks:
        if block["type"] == "section" and len(block["text"]["text"]) > SECTION_MAX:
            return False
        if block["type"] == "header" and len(block["text"]["text"]) > HEADER_MAX:
            return False
    return True


@render.register
def _(reply: SearchReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    if not reply.total:
        text = f"No sentence in the store holds all of: {escape(reply.words, 200)}"
        return SlackMessage(text, [section(text)])
    blocks = [header(f"Search: {reply.words}")]
    blocks += _sentence_blocks(reply.sentences, page)
    footer, pages = _footer(reply, "sentence", page)
    blocks.append(footer)
    text = f"{plural(reply.total, 'sentence')} with {escape(reply.words, 200)}."
    return SlackMessage(text, blocks, page, pages)


@render.register
def _(reply: SourcesReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    if not reply.total:
        text = "The store holds no documents yet."
        return SlackMessage(text, [section(text)])
    lines = [
        f"`{d.published}` {escape(d.title or d.file, 150)} ({plural(d.events, 'event')})"
        + (f" · {escape(d.outlets_line(), 120)}" if d.outlets else "")
        for d in reply.documents
    ]
    footer, pages = _footer(reply, "document", page)
    blocks = [header("Sources"), section("\n".join(lines)), footer]
    return SlackMessage(f"{plural(reply.total, 'document')} in the store.", blocks, page, pages)


@render.register
def _(reply: TimelineReply, page: int = 0, *, today: dt.date) -> SlackMessage:
    if reply.entity is None:
        return _not_found(reply)
    title = timeline_head(reply)
    blocks = [header(title)]
    if not reply.total:
        blocks.append(section("No events in that period."))
    blocks += _sentence_blocks(reply.sentences, page)
    footer, pages = _footer(reply, "sentence", page)
    if page == 0:  # the first answer carries the chart, uploaded after it
        footer["elements"][0]["text"] += " · the weekly chart follows as a file"
    blocks.append(footer)
    return SlackMessage(f"{escape(title, 300)}.", blocks, page, pages)
