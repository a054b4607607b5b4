"""Plain-text rendering of replies, for the console and the command line."""

from __future__ import annotations

from functools import singledispatch

from bot.fronts.common import (
    FOLLOWING_NONE,
    alert_heading,
    alert_marker,
    alert_more,
    alert_outlets,
    also_heading,
    ambiguous_heading,
    asked_as,
    candidate_label,
    credit,
    deaths_line,
    digest_title,
    filtered_note,
    folded_note,
    follow_summary,
    followed_label,
    more_line,
    per_page,
    plural,
    ranking,
    reported_label,
    rhythm_words,
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
from bot.store import StoredEvent, StoredSentence

PAGE_SIZE = 10  # events per answer in text
# How a reader gets the rest of a long answer: the command line has no next page.
ASK_JSON = "ask the command line with --json for all"
TYPE_MORE = "type /more or press Enter for the next page"


def event_line(event: StoredEvent) -> str:
    return f"{when_label(event)} | {event.sentence} [{source_label(event)}]"


def sentence_lines(sentences: list[StoredSentence], first: int = 1) -> list[str]:
    """Numbered lines, one per sentence (dated by its lead event), numbered on from
    `first`."""
    return [f"  {n}. {event_line(s.lead)}" for n, s in enumerate(sentences, start=first)]


def _more(reply: object, shown: int, page: int, hint: str) -> list[str]:
    """The footer of a page that is not the last: how many more, and how to see them."""
    left = reply.total - page * per_page(reply, PAGE_SIZE) - shown  # type: ignore[attr-defined]
    return [f"... {left} more ({hint})"] if left > 0 else []


def _first(reply: object, page: int) -> int:
    return page * per_page(reply, PAGE_SIZE) + 1


@singledispatch
def render(reply: object, page: int = 0, hint: str = ASK_JSON) -> str:
    """A reply as text; `page` is the page it holds, `hint` says how to see more."""
    raise TypeError(f"no text rendering for {type(reply).__name__}")


def _candidate_lines(reply: EntityPage | FollowReply, heading: str) -> list[str]:
    return (
        [heading] + [f"  {candidate_label(c)}" for c in reply.candidates]
        if reply.candidates
        else []
    )


def _not_found(reply: EntityPage | FollowReply) -> str:
    if reply.candidates:
        return "\n".join(_candidate_lines(reply, ambiguous_heading(reply)))
    lines = [f"No entity named '{reply.query}' in the store."]
    if reply.suggestions:
        lines.append("Did you mean: " + ", ".join(reply.suggestions) + "?")
    return "\n".join(lines)


@render.register
def _(reply: EntityPage, page: int = 0, hint: str = ASK_JSON) -> str:
    if reply.entity is None:
        return _not_found(reply)
    entity, words = reply.entity, ranking(reply)
    lines = [f"{entity.name} ({entity.kind}){asked_as(reply)}"]
    if reply.ranked:
        lines.append(
            f"{words.label}: "
            + ", ".join(f"{name} ({plural(n, 'event')})" for name, n in reply.ranked[:15])
        )
    else:
        lines.append(words.none)
    lines.append(f"{plural(reply.total, 'sentence')}:")
    lines += sentence_lines(reply.sentences, _first(reply, page))
    lines += _candidate_lines(reply, also_heading(reply))
    return "\n".join(lines + _more(reply, len(reply.sentences), page, hint))


def _list_page(reply: SinceReply | SearchReply, heading: str, page: int, hint: str) -> str:
    """A page of a plain list: the count of sentences and heading, the sentences, the
    footer."""
    lines = [f"{plural(reply.total, 'sentence')} {heading}"]
    lines += sentence_lines(reply.sentences, _first(reply, page))
    return "\n".join(lines + _more(reply, len(reply.sentences), page, hint))


@render.register
def _(reply: SinceReply, page: int = 0, hint: str = ASK_JSON) -> str:
    if not reply.total:
        return f"Nothing in the store since {reply.start}."
    return _list_page(reply, f"since {reply.start}, newest first:", page, hint)


@render.register
def _(reply: DigestReply, page: int = 0, hint: str = ASK_JSON) -> str:
    filtered = filtered_note(reply)
    if not reply.total:
        return "Nothing new since the last digest." + (f" ({filtered})" if filtered else "")
    lines = [f"{digest_title(reply)}: {stories_label(reply.total)}, the top {len(reply.shown)}"]
    lines += [line for line in (summary_line(reply), deaths_line(reply)) if line]
    for heading, stories in reply.sections:
        lines.append(f"{heading}:")
        for story in stories:
            lead = story.lead
            note = update_note(story)
            folded = folded_note(story)
            url = f" <{story.url}>" if story.url else ""
            lines.append(
                f"  - {reported_label(lead)} | {f'{note}: ' if note else ''}{lead.sentence}"
                f"{f' ({folded})' if folded else ''}"
                f" [{credit(story.sources, lead.title or lead.file)}]{url}"
            )
    more = more_line(reply)
    if more:
        lines.append(more.replace("`", ""))
    if filtered:
        lines.append(f"({filtered})")
    return "\n".join(lines)


@render.register
def _(reply: ReloadReply, page: int = 0, hint: str = ASK_JSON) -> str:
    return reply.plain_text()


@render.register
def _(reply: HelpReply, page: int = 0, hint: str = ASK_JSON) -> str:
    lines = ["Commands:"]
    for c in reply.commands:
        lines.append(f"  {c.usage:<18} {c.description}{' (admin)' if c.admin else ''}")
    return "\n".join(lines)


@render.register
def _(reply: DigestSetupReply, page: int = 0, hint: str = ASK_JSON) -> str:
    return (
        f"The digest goes to {reply.channel.split(':', 1)[-1]} {rhythm_words(reply.rhythm)}"
        f" at {reply.time} ({reply.timezone}); next one {reply.next_at}."
        f"\n{reply.filter_line()}"
    )


@render.register
def _(reply: FollowReply, page: int = 0, hint: str = ASK_JSON) -> str:
    if reply.name is None:
        return _not_found(reply)
    return "\n".join([follow_summary(reply), *_candidate_lines(reply, also_heading(reply))])


@render.register
def _(reply: FollowingReply, page: int = 0, hint: str = ASK_JSON) -> str:
    if not reply.entities:
        return FOLLOWING_NONE
    lines = [f"This channel follows {plural(len(reply.entities), 'name')}:"]
    return "\n".join(lines + [f"  {followed_label(f)}" for f in reply.entities])


@render.register
def _(reply: PaceReply, page: int = 0, hint: str = ASK_JSON) -> str:
    return "\n".join([reply.heading, *(f"  {line}" for line in reply.lines())])


@render.register
def _(reply: MentionReply, page: int = 0, hint: str = ASK_JSON) -> str:
    return reply.line()


@render.register
def _(reply: FilterReply, page: int = 0, hint: str = ASK_JSON) -> str:
    return "\n".join([reply.message, *(f"  {line}" for line in reply.lines())])


@render.register
def _(reply: FeedsReply, page: int = 0, hint: str = ASK_JSON) -> str:
    lines = [reply.message]
    for feed in reply.feeds:
        lines += [f"  {feed_status_line(feed)}", f"    {feed.url}"]
    return "\n".join(lines)


@render.register
def _(reply: AlertReply, page: int = 0, hint: str = ASK_JSON) -> str:
    lines = [alert_heading(reply)]
    for group in reply.groups:
        lines.append(f"{group.entity}:")
        lines += [f"  - {event_line(event)}" for event in group.events]
        if more := alert_more(group):
            lines.append(f"  ({more})")
    if outlets := alert_outlets(reply):
        lines.append(outlets)
    return "\n".join([*lines, alert_marker(reply.batch)])


@render.register
def _(reply: SearchReply, page: int = 0, hint: str = ASK_JSON) -> str:
    if not reply.total:
        return f"No sentence in the store holds all of: {reply.words}"
    return _list_page(reply, f"with “{reply.words}”, newest first:", page, hint)


@render.register
def _(reply: SourcesReply, page: int = 0, hint: str = ASK_JSON) -> str:
    if not reply.total:
        return "The store holds no documents yet: run /reload."
    lines = [f"{plural(reply.total, 'document')}, newest first:"]
    lines += [
        f"  {d.published} {d.file} ({plural(d.events, 'event')})"
        + (f" {d.title}" if d.title else "")
        + (f" · {d.outlets_line()}" if d.outlets else "")
        for d in reply.documents
    ]
    return "\n".join(lines + _more(reply, len(reply.documents), page, hint))


@render.register
def _timeline(
    reply: TimelineReply, page: int = 0, hint: str = ASK_JSON, chart: str | None = None
) -> str:
    if reply.entity is None:
        return _not_found(reply)
    lines = [timeline_head(reply)]
    if chart:
        lines.append(f"Chart (events per week, by co-actor): {chart}")
    if reply.unplaced:
        lines.append(
            f"({plural(reply.unplaced, 'event')} dated only to a quarter or longer: not charted)"
        )
    if not reply.total:
        lines.append("No events in that period.")
    sentences = reply.sentences[:PAGE_SIZE]
    lines += sentence_lines(sentences, _first(reply, page))
    return "\n".join(lines + _more(reply, len(sentences), page, hint))


def render_with_chart(reply: object, chart: str | None, page: int = 0, hint: str = ASK_JSON) -> str:
    """A reply as text with the path its chart was saved at (a timeline's), if any."""
    if chart is None:
        return render(reply, page, hint)
    assert isinstance(reply, TimelineReply)
    return _timeline(reply, page, hint, chart)
