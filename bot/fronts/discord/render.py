"""Replies as Discord embeds, always within Discord's limits.

Text from seeds or users is escaped (no markdown, no live mentions) and cut to fit:
2000 characters of content, 256 per title, 4096 per embed description, 25 fields of
1024, 2048 per footer and 6000 per message.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import singledispatch

import discord

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

CONTENT_MAX = 2000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
MESSAGE_MAX = 6000
PAGE_SIZE = 5  # events per page: five long sentences stay well under the limits
SENTENCE_MAX = 600
# Shorter cuts of a page's sentences, tried in turn until the page fits one description.
SENTENCE_CUTS = (SENTENCE_MAX, 300, 150, 80)
COLOUR = discord.Colour(0x2B6CB0)
# A digest line: its sentence cut at a word, every outlet named (the sentence gives way).
DIGEST_SENTENCE_MAX = 320
CREDIT_MAX = 500
FOOTER_RESERVE = 200  # room kept in a digest for its footer ("… and N more: /since …")


# What a cut keeps whole: a markdown escape (a backslash and what it escapes), so that no
# lone backslash escapes the ellipsis.
ESCAPED = re.compile(r"\\.", re.DOTALL)


def clean(text: str, limit: int) -> str:
    """Escape markdown and mentions, and cut to `limit` characters with an ellipsis,
    never inside an escape nor a grapheme."""
    text = discord.utils.escape_mentions(discord.utils.escape_markdown(text))
    text = text.replace("\x00", "")
    return shorten(text, limit, ESCAPED)


@dataclass
class Page:
    embed: discord.Embed
    page: int
    pages: int


def _sentence_block(n: int, sentence: StoredSentence, limit: int = SENTENCE_MAX) -> str:
    lead = sentence.lead
    return (
        f"**{n}.** `{when_label(lead)}` {clean(sentence.sentence, limit)}\n"
        f"— {clean(source_label(lead), 200)}"
    )


def _sentences_description(head: str, sentences: list[StoredSentence], page: int) -> str:
    """The head and the page's sentences, numbered on from the pages before; long
    sentences are cut shorter rather than one left out (its number would be skipped)."""
    parts = [head] if head else []
    numbered = list(enumerate(sentences, start=page * PAGE_SIZE + 1))
    for limit in SENTENCE_CUTS:
        blocks = [_sentence_block(n, sentence, limit) for n, sentence in numbered]
        if len("\n\n".join(parts + blocks)) <= DESCRIPTION_MAX:
            break
    return clean_join(parts + blocks, DESCRIPTION_MAX)


def clean_join(parts: list[str], limit: int) -> str:
    out = ""
    for part in parts:
        candidate = f"{out}\n\n{part}" if out else part
        if len(candidate) > limit:
            break
        out = candidate
    return out


def _footer(embed: discord.Embed, text: str) -> discord.Embed:
    embed.set_footer(text=shorten(text, FOOTER_MAX, ESCAPED))
    return embed


def _paged(embed: discord.Embed, reply: object, noun: str, page: int) -> Page:
    pages = page_count(reply, PAGE_SIZE)
    total = reply.total  # type: ignore[attr-defined]
    return Page(_footer(embed, page_footer(total, noun, page, pages)), page, pages)


def fits(embed: discord.Embed) -> bool:
    """Whether an embed keeps to every Discord limit."""
    if len(embed) > MESSAGE_MAX or len(embed.fields) > FIELDS_MAX:
        return False
    if len(embed.title or "") > TITLE_MAX or len(embed.description or "") > DESCRIPTION_MAX:
        return False
    if len(embed.footer.text or "") > FOOTER_MAX:
        return False
    return all(
        len(f.name or "") <= FIELD_NAME_MAX and len(f.value or "") <= FIELD_VALUE_MAX
        for f in embed.fields
    )


@singledispatch
def render(reply: object, page: int = 0, *, today: dt.date) -> Page:
    """A reply as page `page` of embeds; `today` dates a digest preview."""
    raise TypeError(f"no Discord rendering for {type(reply).__name__}")


def _candidates(reply: EntityPage | FollowReply, heading: str) -> str:
    lines = [
        clean(heading, 200),
        *(f"• {clean(candidate_label(c), 120)}" for c in reply.candidates),
    ]
    return "\n".join(lines)


def _not_found(reply: EntityPage | FollowReply) -> Page:
    if reply.candidates:
        text = _candidates(reply, ambiguous_heading(reply))
        return Page(discord.Embed(title="Which one?", description=text, colour=COLOUR), 0, 1)
    text = f"No entity named “{clean(reply.query, 100)}” in the store."
    if reply.suggestions:
        text += "\nDid you mean: " + ", ".join(clean(s, 80) for s in reply.suggestions) + "?"
    return Page(discord.Embed(title="Not found", description=text, colour=COLOUR), 0, 1)


@render.register
def _(reply: EntityPage, page: int = 0, *, today: dt.date) -> Page:
    if reply.entity is None:
        return _not_found(reply)
    entity, words = reply.entity, ranking(reply)
    ranked = ", ".join(f"{clean(n, 80)} ({c})" for n, c in reply.ranked[:15])
    head = f"**{words.label}:** {ranked}" if ranked else words.none
    if also := also_line(reply):
        head = f"{clean(also, 600)}\n{head}"
    embed = discord.Embed(
        title=clean(f"{entity.name} ({entity.kind}){asked_as(reply)}", TITLE_MAX),
        description=_sentences_description(head, reply.sentences, page),
        colour=COLOUR,
    )
    return _paged(embed, reply, "sentence", page)


@render.register
def _(reply: SinceReply, page: int = 0, *, today: dt.date) -> Page:
    if not reply.total:
        embed = discord.Embed(description=f"Nothing in the store since {reply.start}.")
        return Page(embed, 0, 1)
    embed = discord.Embed(
        title=f"Since {reply.start}",
        description=_sentences_description("", reply.sentences, page),
        colour=COLOUR,
    )
    return _paged(embed, reply, "sentence", page)


def digest_line(story: DigestStory) -> str:
    """One story: date, its line, what it folds in, every outlet, the link; an update
    says so and what changed."""
    lead = story.lead
    note = update_note(story)
    head = f"`{reported_label(lead)}` " + (f"*{note}:* " if note else "")
    folded = folded_note(story)
    tail = f" ({folded})" if folded else ""
    who = clean(credit(story.sources, lead.title or lead.file), CREDIT_MAX)
    url = safe_url(story.url)
    link = f" · [read]({url})" if url else ""
    return f"• {head}{clean(lead.sentence, DIGEST_SENTENCE_MAX)}{tail} — {who}{link}"


def render_digest(reply: DigestReply, day: dt.date) -> discord.Embed:
    """The digest in one embed: its period in the title, the lead story's summary and
    the toll in the description, the lead stories under their headings (a field per
    heading, continued in the next when it would pass 1024 characters), whole lines
    only, then "and N more"; the chart goes beside it as an attachment."""
    embed = discord.Embed(title=clean(digest_title(reply, day), TITLE_MAX), colour=COLOUR)
    if not reply.total:
        embed.description = "Nothing new since the last digest."
    else:
        lines = (summary_line(reply), deaths_line(reply))
        embed.description = clean("\n".join(line for line in lines if line), DESCRIPTION_MAX)
    shown = 0
    budget = MESSAGE_MAX - len(embed) - FOOTER_RESERVE
    full = False
    for name, stories in reply.sections:
        title = clean(name, FIELD_NAME_MAX)
        value = ""
        for story in stories:
            line = digest_line(story)
            candidate = f"{value}\n{line}" if value else line
            if len(candidate) > FIELD_VALUE_MAX and value:
                if len(embed.fields) + 1 >= FIELDS_MAX:
                    full = True
                    break
                embed.add_field(name=title, value=value, inline=False)
                budget -= len(title) + len(value)
                title, value, candidate = "\u200b", "", line  # the heading, continued
            if len(title) + len(candidate) > budget or len(embed.fields) >= FIELDS_MAX:
                full = True
                break
            value = candidate
            shown += 1
        if value:
            embed.add_field(name=title, value=value, inline=False)
            budget -= len(title) + len(value)
        if full:
            break
    hidden = reply.total - shown
    more_since = reply.since_for(shown)
    since = f": /since {more_since}" if more_since else ""
    more = f" · and {hidden} more{since}" if hidden > 0 else ""
    if note := filtered_note(reply):
        more += f" · {note}"
    return _footer(embed, digest_marker(day) + more)


@render.register
def _(reply: DigestReply, page: int = 0, *, today: dt.date) -> Page:
    return Page(render_digest(reply, today), 0, 1)


@render.register
def _(reply: ReloadReply, page: int = 0, *, today: dt.date) -> Page:
    summary = reload_summary(reply).replace(" The store holds", "\nThe store holds", 1)
    embed = discord.Embed(title="Reload", description=summary, colour=COLOUR)
    if reply.skipped:
        lines = [f"{clean(s.file, 100)}: {clean(s.reason, 200)}" for s in reply.skipped]
        embed.add_field(name="Skipped", value=clean_join(lines, FIELD_VALUE_MAX), inline=False)
    return Page(embed, 0, 1)


@render.register
def _(reply: HelpReply, page: int = 0, *, today: dt.date) -> Page:
    lines = [
        f"`{c.usage}` {clean(c.description, 200)}{' *(admin)*' if c.admin else ''}"
        for c in reply.commands
    ]
    description = clean_join(lines, DESCRIPTION_MAX)
    return Page(discord.Embed(title="Briefing", description=description, colour=COLOUR), 0, 1)


@render.register
def _(reply: DigestSetupReply, page: int = 0, *, today: dt.date) -> Page:
    channel = reply.channel.split(":", 1)[-1]
    text = (
        f"The digest goes to <#{channel}> {rhythm_words(reply.rhythm)} at {reply.time}"
        f" ({reply.timezone}). Next one: {reply.next_at}.\n{clean(reply.filter_line(), 1500)}"
    )
    return Page(discord.Embed(title="Digest set up", description=text, colour=COLOUR), 0, 1)


@render.register
def _(reply: FollowReply, page: int = 0, *, today: dt.date) -> Page:
    if reply.name is None:
        return _not_found(reply)
    text = clean(follow_summary(reply), 1000)
    if reply.candidates:
        text += "\n\n" + _candidates(reply, also_heading(reply))
    title = "Following" if reply.command == "follow" else "Unfollowed"
    return Page(discord.Embed(title=title, description=text, colour=COLOUR), 0, 1)


@render.register
def _(reply: FollowingReply, page: int = 0, *, today: dt.date) -> Page:
    lines = [f"• {clean(followed_label(f), 200)}" for f in reply.entities]
    text = clean_join(lines, DESCRIPTION_MAX) if lines else FOLLOWING_NONE
    return Page(discord.Embed(title="Following", description=text, colour=COLOUR), 0, 1)


# A feed's health line and address in a feeds list.
FEED_LINE_MAX = 600
FEED_URL_MAX = 300


@render.register
def _(reply: PaceReply, page: int = 0, *, today: dt.date) -> Page:
    description = "\n".join([reply.heading, *(f"• {line}" for line in reply.lines())])
    return Page(
        discord.Embed(title="Pace", description=clean(description, 1500), colour=COLOUR), 0, 1
    )


@render.register
def _(reply: MentionReply, page: int = 0, *, today: dt.date) -> Page:
    """The role shows as a mention in the embed, where Discord never pings it."""
    line = reply.line(lambda role: f"<@&{role}>")
    return Page(discord.Embed(title="Mention", description=line, colour=COLOUR), 0, 1)


@render.register
def _(reply: FilterReply, page: int = 0, *, today: dt.date) -> Page:
    lines = [clean(reply.message, 1000), *(f"• {clean(x, 1400)}" for x in reply.lines())]
    description = clean("\n".join(lines), DESCRIPTION_MAX)
    return Page(discord.Embed(title="Filter", description=description, colour=COLOUR), 0, 1)


@render.register
def _(reply: FeedsReply, page: int = 0, *, today: dt.date) -> Page:
    """The message, then each feed's health line and address, whole feeds only."""
    description, shown = clean(reply.message, 1000), 0
    for feed in reply.feeds:
        line = (
            f"• {clean(feed_status_line(feed), FEED_LINE_MAX)}\n  {clean(feed.url, FEED_URL_MAX)}"
        )
        if len(description) + 1 + len(line) > DESCRIPTION_MAX:
            break
        description, shown = f"{description}\n{line}", shown + 1
    embed = discord.Embed(title="Feeds", description=description, colour=COLOUR)
    if shown < len(reply.feeds):
        _footer(embed, f"{shown} of {plural(len(reply.feeds), 'feed')} shown")
    return Page(embed, 0, 1)


def render_notice(text: str) -> str:
    """A notice to a channel's admins (a feed failing, paused, well again): plain
    content, escaped and within one message."""
    return clean(text, CONTENT_MAX)


def render_alert(reply: AlertReply) -> discord.Embed:
    """An alert: a field per followed entity with its new items, the marker as footer."""
    embed = discord.Embed(title=clean(alert_heading(reply), TITLE_MAX), colour=COLOUR)
    for group in reply.groups[:FIELDS_MAX]:
        lines = [
            f"• `{when_label(e)}` {clean(e.sentence, 300)} ({clean(source_label(e), 120)})"
            for e in group.events
        ]
        if more := alert_more(group):
            lines.append(clean(more, 200))
        value = clean_join(lines, FIELD_VALUE_MAX) or "…"
        name = clean(group.entity, FIELD_NAME_MAX)
        if len(embed) + len(name) + len(value) + 200 > MESSAGE_MAX:
            break
        embed.add_field(name=name, value=value, inline=False)
    if (outlets := alert_outlets(reply)) and len(embed) + DESCRIPTION_MAX // 4 < MESSAGE_MAX:
        embed.description = clean(outlets, DESCRIPTION_MAX // 4)
    return _footer(embed, alert_marker(reply.batch))


@render.register
def _(reply: AlertReply, page: int = 0, *, today: dt.date) -> Page:
    return Page(render_alert(reply), 0, 1)


@render.register
def _(reply: SearchReply, page: int = 0, *, today: dt.date) -> Page:
    if not reply.total:
        text = f"No sentence in the store holds all of: {clean(reply.words, 200)}"
        return Page(discord.Embed(description=text), 0, 1)
    embed = discord.Embed(
        title=clean(f"Search: {reply.words}", TITLE_MAX),
        description=_sentences_description("", reply.sentences, page),
        colour=COLOUR,
    )
    return _paged(embed, reply, "sentence", page)


@render.register
def _(reply: SourcesReply, page: int = 0, *, today: dt.date) -> Page:
    if not reply.total:
        return Page(discord.Embed(description="The store holds no documents yet."), 0, 1)
    lines = [
        f"`{d.published}` {clean(d.title or d.file, 150)} ({plural(d.events, 'event')})"
        + (f" · {clean(d.outlets_line(), 120)}" if d.outlets else "")
        for d in reply.documents
    ]
    embed = discord.Embed(
        title="Sources", description=clean_join(lines, DESCRIPTION_MAX), colour=COLOUR
    )
    return _paged(embed, reply, "document", page)


# Discord takes attachments up to 10 MiB (more with boosts); a chart is ~50 KB.
ATTACHMENT_MAX = 8 * 1024 * 1024
CHART_FILENAME = "timeline.png"


def chart_file(png: bytes | None) -> discord.File | None:
    """A chart as an attachment, when there is one that fits."""
    if not png or len(png) > ATTACHMENT_MAX:
        return None
    return discord.File(io.BytesIO(png), filename=CHART_FILENAME, description="Events per week")


@render.register
def _(reply: TimelineReply, page: int = 0, *, today: dt.date) -> Page:
    if reply.entity is None:
        return _not_found(reply)
    head = "" if reply.total else "No events in that period."
    embed = discord.Embed(
        title=clean(timeline_head(reply), TITLE_MAX),
        description=_sentences_description(head, reply.sentences, page),
        colour=COLOUR,
    )
    return _paged(embed, reply, "sentence", page)
