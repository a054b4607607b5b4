"""Plain-text rendering of replies, for the console and the command line."""

from __future__ import annotations

import datetime as dt
from functools import singledispatch

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


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def when_label(event: StoredEvent) -> str:
    start, end = dt.date.fromisoformat(event.when_start), dt.date.fromisoformat(event.when_end)
    if event.granularity == "day" or start == end:
        return start.isoformat()
    if event.granularity == "month" and start.day == 1:
        label = start.strftime("%b %Y")
        return label if end.month != start.month or end.day > 27 else f"{label} (to {end})"
    if event.granularity == "year" and (start.month, start.day, end.month, end.day) == (
        1,
        1,
        12,
        31,
    ):
        return str(start.year)
    return f"{start}..{end}"


def source_label(event: StoredEvent) -> str:
    where = f"{event.file}, {event.published}"
    return f"{event.attribution} via {where}" if event.attribution else where


def event_line(event: StoredEvent) -> str:
    return f"{when_label(event)} | {event.sentence} [{source_label(event)}]"


def event_lines(events: list[StoredEvent]) -> list[str]:
    """Numbered lines; a sentence that holds several events is shown once."""
    lines: list[str] = []
    previous: tuple[str, str, str] | None = None
    for event in events:
        key = (event.sentence, event.when_start, event.when_end)
        if key != previous:
            lines.append(f"  {len(lines) + 1}. {event_line(event)}")
        previous = key
    return lines


def _more(shown: int, total: int) -> list[str]:
    if total > shown:
        return [f"... {total - shown} more (ask the command line with --json for all)"]
    return []


@singledispatch
def render(reply: object) -> str:
    raise TypeError(f"no text rendering for {type(reply).__name__}")


@render.register
def _(reply: WhoReply) -> str:
    if reply.entity is None:
        lines = [f"No entity named '{reply.query}' in the store."]
        if reply.suggestions:
            lines.append("Did you mean: " + ", ".join(reply.suggestions) + "?")
        return "\n".join(lines)
    entity = reply.entity
    head = f"{entity.name} ({entity.kind})"
    if reply.query.strip().lower() != entity.name.lower():
        head += f", asked as '{reply.query}'"
    lines = [head]
    if reply.actors:
        lines.append(
            "Involved: "
            + ", ".join(
                f"{name} ({n} event{'s' if n != 1 else ''})" for name, n in reply.actors[:15]
            )
        )
    else:
        lines.append("No other actors found with it yet.")
    lines.append(f"{reply.total} event{'s' if reply.total != 1 else ''}:")
    lines += event_lines(reply.events)
    return "\n".join(lines + _more(len(reply.events), reply.total))


@render.register
def _(reply: SinceReply) -> str:
    if not reply.total:
        return f"Nothing in the store since {reply.start}."
    lines = [
        f"{reply.total} event{'s' if reply.total != 1 else ''} since {reply.start}, newest first:"
    ]
    lines += event_lines(reply.events)
    return "\n".join(lines + _more(len(reply.events), reply.total))


@render.register
def _(reply: DigestReply) -> str:
    if not reply.total:
        return "Nothing new since the last digest."
    since = f" since {reply.since}" if reply.since else ""
    lines = [f"Digest: {reply.total} new item{'s' if reply.total != 1 else ''}{since}"]
    for group in reply.groups:
        lines.append(f"{group.entity}:")
        for item in group.items:
            lines.append(
                f"  - {when_label(item.event)} | {item.event.sentence} [{'; '.join(item.sources)}]"
            )
    return "\n".join(lines)


@render.register
def _(reply: ReloadReply) -> str:
    r = reply.report
    lines = [
        f"Reload: {r['added']} added, {r['updated']} updated, {r['removed']} removed,"
        f" {r['unchanged']} unchanged, {len(r['skipped'])} skipped."
        f" The store holds {r['documents']} documents and {r['events']} events."
    ]
    lines += [f"  skipped {s['file']}: {s['reason']}" for s in r["skipped"]]
    lines += [f"  warning {w['file']}: {w['warning']}" for w in r.get("warnings", [])]
    return "\n".join(lines)


@render.register
def _(reply: HelpReply) -> str:
    lines = ["Commands:"]
    for c in reply.commands:
        lines.append(f"  {c.usage:<18} {c.description}{' (admin)' if c.admin else ''}")
    return "\n".join(lines)


@render.register
def _(reply: DigestSetupReply) -> str:
    return (
        f"The daily digest goes to {reply.channel.split(':', 1)[-1]} at {reply.time}"
        f" ({reply.timezone}); next one {reply.next_at}."
    )


@render.register
def _(reply: SearchReply) -> str:
    if not reply.total:
        return f"No sentence in the store holds all of: {reply.words}"
    lines = [f"{plural(reply.total, 'event')} with “{reply.words}”, newest first:"]
    lines += event_lines(reply.events)
    return "\n".join(lines + _more(len(reply.events), reply.total))


@render.register
def _(reply: SourcesReply) -> str:
    if not reply.total:
        return "The store holds no documents yet: run /reload."
    lines = [f"{plural(reply.total, 'document')}, newest first:"]
    lines += [
        f"  {d['published']} {d['file']} ({plural(d['events'], 'event')})"
        + (f" {d['title']}" if d["title"] else "")
        for d in reply.documents
    ]
    return "\n".join(lines + _more(len(reply.documents), reply.total))


@render.register
def _(reply: WhereReply) -> str:
    return render(_as_who(reply)).replace("Involved:", "Places:", 1)


def _as_who(reply: WhereReply) -> WhoReply:
    """A /where answer has the shape of a /who one, with places where actors were."""
    return WhoReply(
        reply.query, reply.entity, reply.suggestions, reply.places, reply.events, reply.total
    )


def timeline_head(reply: TimelineReply) -> str:
    """'Russia (country), 2025-01-01 to 2025-03-31: 42 events, oldest first'."""
    assert reply.entity is not None
    span = ""
    if reply.start or reply.end:
        span = f", {reply.start or 'the start'} to {reply.end or 'now'}"
    return (
        f"{reply.entity.name} ({reply.entity.kind}){span}:"
        f" {plural(reply.total, 'event')}, oldest first"
    )


@render.register
def _(reply: TimelineReply) -> str:
    if reply.entity is None:
        return render(WhoReply(reply.query, None, reply.suggestions))
    lines = [timeline_head(reply)]
    if reply.png_path:
        lines.append(f"Chart (events per week, by co-actor): {reply.png_path}")
    if reply.unplaced:
        lines.append(
            f"({plural(reply.unplaced, 'event')} dated only to a quarter or longer: not charted)"
        )
    if not reply.total:
        lines.append("No events in that period.")
    lines += event_lines(reply.events[:10])
    return "\n".join(lines + _more(min(len(reply.events), 10), reply.total))
