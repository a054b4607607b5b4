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

from bot.fronts.console.render import plural, source_label, when_label
from bot.replies import (
    DigestReply,
    DigestSetupReply,
    HelpReply,
    ReloadReply,
    SearchReply,
    SinceReply,
    SourcesReply,
    TimelineReply,
    WhereReply,
    WhoReply,
)
from bot.store import StoredEvent

BLOCKS_MAX = 50
SECTION_MAX = 3000
HEADER_MAX = 150
TEXT_MAX = 3000  # our fallback text; Slack allows 40,000
BUTTON_VALUE_MAX = 2000
PAGE_SIZE = 5
PAGE_ACTIONS = ("briefing_page_prev", "briefing_page_next")


def escape(text: str, limit: int) -> str:
    """Slack's three escapes, then cut to `limit` characters with an ellipsis."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def digest_marker(day: dt.date) -> str:
    return f"Briefing daily digest · {day.isoformat()}"


@dataclass
class SlackMessage:
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    page: int = 0
    pages: int = 1


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_MAX] or " "}}


def header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:HEADER_MAX] or " "}}


def context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_MAX]}]}


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


def pages_for(total: int, page_size: int = PAGE_SIZE) -> int:
    return max(1, -(-total // page_size))


def _event_section(n: int, event: StoredEvent) -> dict[str, Any]:
    return section(
        f"*{n}.* `{when_label(event)}` {escape(event.sentence, 2200)}\n"
        f"— {escape(source_label(event), 500)}"
    )


def _event_blocks(events: list[StoredEvent], first: int) -> list[dict[str, Any]]:
    blocks, previous = [], None
    for n, event in enumerate(events, start=first):
        key = (event.sentence, event.when_start, event.when_end)
        if key != previous:
            blocks.append(_event_section(n, event))
        previous = key
    return blocks[: BLOCKS_MAX - 5]


@singledispatch
def render(reply: object, page: int = 0) -> SlackMessage:
    raise TypeError(f"no Slack rendering for {type(reply).__name__}")


@render.register
def _(reply: WhoReply, page: int = 0) -> SlackMessage:
    if reply.entity is None:
        text = f"No entity named “{escape(reply.query, 100)}” in the store."
        if reply.suggestions:
            text += " Did you mean: " + ", ".join(escape(s, 80) for s in reply.suggestions) + "?"
        return SlackMessage(text, [section(text)])
    entity = reply.entity
    actors = ", ".join(f"{escape(n, 80)} ({c})" for n, c in reply.actors[:15])
    pages = pages_for(reply.total)
    title = f"{entity.name} ({entity.kind})"
    involved = f"*Involved:* {actors}" if actors else "No other actors found with it yet."
    blocks = [header(title), section(involved)]
    blocks += _event_blocks(reply.events, page * PAGE_SIZE + 1)
    blocks.append(context(f"{plural(reply.total, 'event')} · page {page + 1}/{pages}"))
    text = f"{escape(title, 200)}. Involved: {actors or 'none'}. {plural(reply.total, 'event')}."
    return SlackMessage(text[:TEXT_MAX], blocks, page, pages)


@render.register
def _(reply: SinceReply, page: int = 0) -> SlackMessage:
    if not reply.total:
        text = f"Nothing in the store since {reply.start}."
        return SlackMessage(text, [section(text)])
    pages = pages_for(reply.total)
    blocks = [header(f"Since {reply.start}")]
    blocks += _event_blocks(reply.events, page * PAGE_SIZE + 1)
    blocks.append(context(f"{plural(reply.total, 'event')} · page {page + 1}/{pages}"))
    return SlackMessage(f"{plural(reply.total, 'event')} since {reply.start}.", blocks, page, pages)


def render_digest(reply: DigestReply, day: dt.date) -> SlackMessage:
    """One section per entity, the busiest first; the marker lets a restart find it."""
    blocks: list[dict[str, Any]] = [header(f"Daily briefing — {day.isoformat()}")]
    if not reply.total:
        blocks.append(section("Nothing new since the last digest."))
    shown = 0
    for group in reply.groups[: BLOCKS_MAX - 3]:
        lines = [f"*{escape(group.entity, 150)}*"]
        for item in group.items:
            line = (
                f"• `{when_label(item.event)}` {escape(item.event.sentence, 400)}"
                f" ({escape(', '.join(item.sources), 150)})"
            )
            if sum(len(x) + 1 for x in lines) + len(line) > SECTION_MAX:
                break
            lines.append(line)
        blocks.append(section("\n".join(lines)))
        shown += len(group.items)
    more = f" · {reply.total - shown} more not shown" if shown < reply.total else ""
    marker = digest_marker(day)
    blocks.append(context(marker + more))
    return SlackMessage(f"{marker}: {reply.total} new items.", blocks)


@render.register
def _(reply: DigestReply, page: int = 0) -> SlackMessage:
    return render_digest(reply, dt.date.today())


@render.register
def _(reply: ReloadReply, page: int = 0) -> SlackMessage:
    r = reply.report
    text = (
        f"Reload: {r['added']} added, {r['updated']} updated, {r['removed']} removed,"
        f" {r['unchanged']} unchanged, {len(r['skipped'])} skipped."
        f" The store holds {r['documents']} documents and {r['events']} events."
    )
    blocks = [section(text)]
    if r["skipped"]:
        lines = [f"• {escape(s['file'], 100)}: {escape(s['reason'], 200)}" for s in r["skipped"]]
        blocks.append(section("*Skipped*\n" + "\n".join(lines)[: SECTION_MAX - 20]))
    return SlackMessage(text, blocks)


@render.register
def _(reply: HelpReply, page: int = 0) -> SlackMessage:
    lines = [
        f"`{c.usage}` {escape(c.description, 200)}{' _(admin)_' if c.admin else ''}"
        for c in reply.commands
    ]
    text = "\n".join(lines)
    return SlackMessage("Briefing commands", [section(text)])


@render.register
def _(reply: DigestSetupReply, page: int = 0) -> SlackMessage:
    channel = reply.channel.split(":", 1)[-1]
    where = f"<#{channel}>" if re.fullmatch(r"[A-Z0-9]{2,20}", channel) else escape(channel, 100)
    text = (
        f"The daily digest goes to {where} at {reply.time} ({reply.timezone})."
        f" Next one: {reply.next_at}."
    )
    return SlackMessage(text, [section(text)])


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
def _(reply: SearchReply, page: int = 0) -> SlackMessage:
    if not reply.total:
        text = f"No sentence in the store holds all of: {escape(reply.words, 200)}"
        return SlackMessage(text, [section(text)])
    pages = pages_for(reply.total)
    blocks = [header(f"Search: {reply.words}")]
    blocks += _event_blocks(reply.events, page * PAGE_SIZE + 1)
    blocks.append(context(f"{plural(reply.total, 'event')} · page {page + 1}/{pages}"))
    text = f"{plural(reply.total, 'event')} with {escape(reply.words, 200)}."
    return SlackMessage(text, blocks, page, pages)


@render.register
def _(reply: SourcesReply, page: int = 0) -> SlackMessage:
    if not reply.total:
        text = "The store holds no documents yet."
        return SlackMessage(text, [section(text)])
    pages = pages_for(reply.total, PAGE_SIZE * 4)
    lines = [
        f"`{d['published']}` {escape(d['title'] or d['file'], 150)}"
        f" ({plural(d['events'], 'event')})"
        for d in reply.documents
    ]
    blocks = [header("Sources"), section("\n".join(lines)[:SECTION_MAX])]
    blocks.append(context(f"{plural(reply.total, 'document')} · page {page + 1}/{pages}"))
    return SlackMessage(f"{plural(reply.total, 'document')} in the store.", blocks, page, pages)


@render.register
def _(reply: WhereReply, page: int = 0) -> SlackMessage:
    from bot.fronts.console.render import _as_who

    message = render(_as_who(reply), page)
    for block in message.blocks:
        if block["type"] == "section" and block["text"]["text"].startswith("*Involved:*"):
            block["text"]["text"] = block["text"]["text"].replace("*Involved:*", "*Places:*", 1)
    message.text = message.text.replace("Involved:", "Places:", 1)
    return message


@render.register
def _(reply: TimelineReply, page: int = 0) -> SlackMessage:
    # The chart is not uploaded on Slack (files.uploadV2 needs the files:write scope and is
    # not wired yet): the events and the weekly counts go as text.
    from bot.fronts.console.render import timeline_head

    if reply.entity is None:
        return render(WhoReply(reply.query, None, reply.suggestions), page)
    pages = pages_for(reply.total)
    title = timeline_head(reply)
    blocks = [header(title)]
    if not reply.total:
        blocks.append(section("No events in that period."))
    blocks += _event_blocks(reply.events, page * PAGE_SIZE + 1)
    blocks.append(
        context(
            f"{plural(reply.total, 'event')} · page {page + 1}/{pages}"
            + (" · the weekly chart follows as a file" if reply.png and page == 0 else "")
        )
    )
    return SlackMessage(f"{escape(title, 300)}.", blocks, page, pages)
