"""What every front (console, Discord, Slack) shares: the words of a reply, paging and
its footers, the digest marker, the apology, the admin refusal, and the Env a command
runs with. (A list's sentences come from the store each once, numbered as they come.)"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from bot.extraction.engine import Engine
from bot.replies import (
    AlertGroup,
    AlertReply,
    Candidate,
    DigestReply,
    DigestStory,
    EntityPage,
    Followed,
    FollowReply,
    ReloadReply,
    SourcesReply,
    TimelineReply,
)
from bot.settings import Settings
from bot.store import StoredEvent
from commands import Env
from commands.sources import DOCUMENTS_PER_EVENT

APOLOGY = "Sorry, something went wrong answering that; it has been logged."
# Who may run admin commands, as each front calls them.
ADMINS = {"discord": "server admins", "slack": "workspace admins"}

# --- cutting text to a limit ------------------------------------------------------------

ELLIPSIS = "…"
_ZWJ = "\u200d"


def _regional(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def _joins_previous(text: str, i: int) -> bool:
    """Whether the character at `i` belongs with the one before it (a cut there would
    split a grapheme): an accent or vowel sign, a joiner or what follows one, a variation
    selector, a skin tone, an emoji tag, a conjunct's consonant, the second half of a flag
    or of a surrogate pair."""
    ch, before = text[i], text[i - 1]
    return (
        unicodedata.category(ch)[0] == "M"
        or ch == _ZWJ
        or before == _ZWJ
        # A consonant after a virama makes one conjunct with the consonant before it.
        or (unicodedata.combining(before) == 9 and unicodedata.category(ch)[0] == "L")
        or "\ufe00" <= ch <= "\ufe0f"
        or "\U000e0100" <= ch <= "\U000e01ef"
        or "\U0001f3fb" <= ch <= "\U0001f3ff"
        or "\U000e0020" <= ch <= "\U000e007f"
        or ("\udc00" <= ch <= "\udfff" and "\ud800" <= before <= "\udbff")
        # Flags are pairs of regional indicators: the cut goes before an even run.
        or (
            _regional(ch)
            and len(re.search(r"[\U0001F1E6-\U0001F1FF]*$", text[:i]).group()) % 2 == 1
        )
    )


def shorten(text: str, limit: int, atoms: re.Pattern[str] | None = None) -> str:
    """`text` in at most `limit` characters, cut with an ellipsis when longer: never
    inside one of `atoms` (a front's escapes and markup, whole or not at all) nor inside a
    grapheme (a letter and its accents, an emoji sequence, a flag)."""
    if len(text) <= limit:
        return text
    cut = max(0, limit - len(ELLIPSIS))
    if atoms is not None:
        for match in atoms.finditer(text):
            if match.start() >= cut:
                break
            if cut < match.end():
                cut = match.start()
                break
    while 0 < cut < len(text) and _joins_previous(text, cut):
        cut -= 1
    return text[:cut].rstrip() + ELLIPSIS if limit >= len(ELLIPSIS) else ""


# --- words --------------------------------------------------------------------------------


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


def stories_label(n: int) -> str:
    return f"{n} {'story' if n == 1 else 'stories'}"


def credit(sources: list[str], fallback: str = "") -> str:
    """The outlets of a digest line, every one by name (the document when none is cited)."""
    return ", ".join(sources) if sources else fallback


def safe_url(url: str | None) -> str | None:
    """A seed's link when it is a plain http(s) address (nothing that breaks markup)."""
    if not url or not url.startswith(("https://", "http://")) or len(url) > 500:
        return None
    if any(ch.isspace() or ch in "<>|()[]`\"'" for ch in url):
        return None
    return url


def reported_label(event: StoredEvent) -> str:
    """A digest line's date: the day its item was reported (published). A digest tells
    what was reported in its days; the sentence says when anything in it happened."""
    return event.published[:10]


def update_note(story: DigestStory) -> str:
    """How a line says it continues a story the channel's previous digest carried, and
    what changed ("update of 2025-06-25, killed now 100, was 80")."""
    if story.update_of is None:
        return ""
    change = f", {story.change}" if story.change else ""
    return f"update of {reported_label(story.update_of)}{change}"


def folded_note(story: DigestStory) -> str:
    """The story's other news items, folded into its line ("+ 2 earlier updates")."""
    n = story.other_items
    if not n:
        return ""
    if n == story.earlier_items:
        return f"+ {n} earlier update{'' if n == 1 else 's'}"
    return f"+ {n} more item{'' if n == 1 else 's'} on this story"


def _day_label(day: dt.date) -> str:
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def _span_label(start: dt.date, end: dt.date) -> str:
    """ "3–9 March 2025", "28 February – 6 March 2025", "29 December 2025 – 4 January 2026"."""
    if start.year != end.year:
        return f"{start.day} {start.strftime('%B %Y')} – {end.day} {end.strftime('%B %Y')}"
    if start.month != end.month:
        return f"{start.day} {start.strftime('%B')} – {end.day} {end.strftime('%B %Y')}"
    return f"{start.day}–{end.day} {end.strftime('%B %Y')}"


def digest_period(reply: DigestReply, day: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The days a digest covers: the window asked for (`--from`/`--to`), else the day
    it is posted on (`day`), else the newest day its stories were reported."""
    if day is None:
        newest = max((e.published[:10] for s in reply.stories for e in s.reports), default="")
        day = dt.date.fromisoformat(newest) if newest else dt.date.min
    start = dt.date.fromisoformat(reply.start[:10]) if reply.start else day
    if reply.end:
        end = dt.date.fromisoformat(reply.end[:10])
    elif reply.start:  # from a day to now: to its newest story
        end = digest_period(DigestReply(None, reply.stories))[1]
    else:
        end = day
    return start, max(start, end)


def digest_title(reply: DigestReply, day: dt.date | None = None) -> str:
    """ "Daily briefing, Monday 20 January 2025", "Weekly briefing, 3–9 March 2025"."""
    start, end = digest_period(reply, day)
    days = (end - start).days + 1
    if days == 1:
        return f"Daily briefing, {_day_label(start)}"
    kind = "Weekly briefing" if days == 7 else f"Briefing of {days} days"
    return f"{kind}, {_span_label(start, end)}"


_CLAUSE_END = re.compile(
    r",? (?:with|including|making|which|who|while|amid|after|following|as part of|"
    r"in what|according to|marking|becoming|prompting|despite)\b|; | – | — "
)
SUMMARY_MAX = 160


def summary_line(reply: DigestReply) -> str:
    """One sentence on the lead story: its first clause, in its own words."""
    if not reply.shown:
        return ""
    sentence = reply.shown[0].lead.sentence.strip()
    cut = _CLAUSE_END.search(sentence, 30)
    text = sentence[: cut.start()] if cut else sentence
    text = shorten(text.rstrip(" .,;:"), SUMMARY_MAX).rstrip(" .,;:")
    return f"Top story: {text}" + ("" if text.endswith("…") else ".")


def _story_name(story: DigestStory) -> str:
    return story.killed_where or shorten(story.lead.sentence, 40)


def deaths_line(reply: DigestReply) -> str:
    """The people the shown stories say were killed, in all and by place: the stories of
    one place together, heaviest place first (the order of its first story on ties)."""
    stories = reply.killed
    if not stories:
        return ""
    total = sum(s.killed for s in stories)
    places: Counter[str] = Counter()
    for story in stories:
        places[_story_name(story)] += story.killed
    each = "; ".join(f"{name} {killed:,}" for name, killed in places.most_common())
    return f"Reported killed: at least {total:,} in {stories_label(len(stories))} ({each})."


def more_line(reply: DigestReply) -> str:
    """The digest's closing line: how many stories are not shown, and how to read them."""
    hidden = reply.total - len(reply.shown)
    if hidden <= 0:
        return ""
    since = f": `/since {reply.more_since}`" if reply.more_since else ""
    return f"and {hidden} more{since}"


def filtered_note(reply: DigestReply) -> str:
    """What the channel's filter leaves in or out, for the digest's footer ('' for none)."""
    return f"filtered: {'; '.join(reply.filters)}" if reply.filters else ""


@dataclass(frozen=True)
class Ranking:
    """How an entity page names what it ranks, and what it says when there is none."""

    label: str
    none: str


RANKINGS = {
    "who": Ranking("Involved", "No other actors found with it yet."),
    "where": Ranking("Places", "No places found for it yet."),
}


def ranking(reply: EntityPage) -> Ranking:
    return RANKINGS[reply.command]


def timeline_head(reply: TimelineReply) -> str:
    """'Russia (country), 2025-01-01 to 2025-03-31: 42 sentences, oldest first'."""
    assert reply.entity is not None
    span = ""
    if reply.start or reply.end:
        span = f", {reply.start or 'the start'} to {reply.end or 'now'}"
    return (
        f"{reply.entity.name} ({reply.entity.kind}){asked_as(reply)}{span}:"
        f" {plural(reply.total, 'sentence')}, oldest first"
    )


def chart_title(reply: TimelineReply) -> str:
    """The timeline chart's title: the entity, the period, what is left out."""
    assert reply.entity is not None
    span = f" {reply.start or '…'} to {reply.end or '…'}" if reply.start or reply.end else ""
    title = f"{reply.entity.name}: events per week{span}"
    if reply.unplaced:
        left_out = plural(reply.unplaced, "event")
        title += f"\n({left_out} dated only to a quarter or longer not shown)"
    return title


def reload_summary(reply: ReloadReply) -> str:
    """'1 added, 0 updated, … The store holds 1 documents and 30 events.'"""
    return reply.summary()


def rhythm_words(rhythm: str) -> str:
    """'daily' -> 'daily', 'weekly monday' -> 'weekly, on Mondays'."""
    kind, _, day = rhythm.partition(" ")
    return f"weekly, on {day.capitalize()}s" if kind == "weekly" else kind


def alert_marker(batch: str) -> str:
    """The footer that identifies a posted alert, so a restart can find it."""
    return f"Briefing alert · {batch}"


def follow_summary(reply: FollowReply) -> str:
    """'This channel now follows Russia (country): … (3 followed in all)'."""
    assert reply.name is not None
    entity = reply.entity
    named = f"{entity.name} ({entity.kind})" if entity is not None else reply.name
    named += f", asked as '{reply.asked_as}'" if reply.asked_as else ""
    count = f" ({reply.following} followed in all)"
    if reply.command == "follow":
        said = (
            f"This channel now follows {named}: its news comes next to the digest's top"
            " stories, and a reload that brings new items about it sends an alert here."
            if reply.changed
            else f"This channel already follows {named}."
        )
    else:
        said = (
            f"This channel no longer follows {named}."
            if reply.changed
            else f"This channel does not follow {named}."
        )
    return said + count


def followed_label(followed: Followed) -> str:
    """'Russia (country, 42 events)', or 'Russia (no events in the store now)'."""
    if followed.kind is None:
        return f"{followed.name} (no events in the store now)"
    return f"{followed.name} ({followed.kind}, {plural(followed.events, 'event')})"


FOLLOWING_NONE = "This channel follows nothing yet: /follow <name> adds one."


def alert_heading(reply: AlertReply) -> str:
    """'New about what this channel follows: 3 items'; 'Update: 2 new items' in a story's
    thread; '…: 4 stories, 9 items' for a fold; '…, 2 since first posted' once edited."""
    if reply.update:
        return f"Update: {plural(reply.total, 'new item')}"
    told = plural(reply.total, "item")
    if reply.stories > 1:
        told = f"{reply.stories} stories, {told}"
    since = f", {reply.updated} since first posted" if reply.updated else ""
    return f"New about what this channel follows: {told}{since}"


def alert_outlets(reply: AlertReply) -> str | None:
    """'Every outlet so far (5): …' under a story's update in its thread."""
    if not reply.outlets:
        return None
    return f"Every outlet so far ({len(reply.outlets)}): {', '.join(reply.outlets)}"


def alert_more(group: AlertGroup) -> str | None:
    """'and 4 more: /who Russia' under a group that shows fewer than it has."""
    left = group.total - len(group.events)
    return f"and {left} more: /who {group.entity}" if left > 0 else None


def digest_marker(day: dt.date) -> str:
    """The footer that identifies a posted digest, so a restart can find it."""
    return f"Briefing daily digest · {day.isoformat()}"


# --- pages ----------------------------------------------------------------------------------


def per_page(reply: object, page_size: int) -> int:
    """Items on a page of this reply: documents take shorter lines than events."""
    return page_size * DOCUMENTS_PER_EVENT if isinstance(reply, SourcesReply) else page_size


def pages_for(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


def page_count(reply: object, page_size: int) -> int:
    return pages_for(getattr(reply, "total", 0), per_page(reply, page_size))


def page_footer(total: int, noun: str, page: int, pages: int) -> str:
    """'12 events · page 1/3'."""
    return f"{plural(total, noun)} · page {page + 1}/{pages}"


# --- what a command runs with --------------------------------------------------


def channel_key(front: str, channel: int | str) -> str:
    """Channels are stored front-qualified: 'discord:123', 'slack:C123'."""
    return f"{front}:{channel}"


def front_env(
    settings: Settings,
    engine: Engine | None,
    *,
    front: str,
    is_admin: bool,
    page_size: int | None,
    channel: str | None = None,
    guild: str | None = None,
    page: int = 0,
    user: str | None = None,
) -> Env:
    """The Env of a command asked on a front (`channel` already front-qualified)."""
    return Env(
        seeds=settings.ingest.seeds,
        engine=engine,
        workers=settings.ingest.worker_count,
        is_admin=is_admin,
        front=front,
        admins=ADMINS.get(front, "admins"),
        channel=channel or front,
        guild=guild,
        page_size=page_size,
        page=page,
        digest_stories=settings.digest.max_stories,
        digest_timezone=settings.digest.timezone,
        digest_skip_empty=settings.digest.skip_empty,
        user=user,
        ingest_wait=settings.ingest.wait_seconds if settings.ingest.service else None,
        feed_every=settings.feeds.every_seconds,
        feeds_allow_private=settings.feeds.allow_private,
    )


# --- how a name was read: asked as, and the candidates of an ambiguous one --------------


def asked_as(reply: EntityPage) -> str:
    """ ", asked as 'Zelensky'" when the entity was reached by another rule than its name."""
    return f", asked as '{reply.asked_as}'" if reply.asked_as else ""


def candidate_label(candidate: Candidate) -> str:
    """'Mahmoud Abbas (person, 12 events)'."""
    events = "1 event" if candidate.events == 1 else f"{candidate.events} events"
    return f"{candidate.name} ({candidate.kind}, {events})"


def ambiguous_heading(reply: EntityPage) -> str:
    return f"'{reply.query}' may mean several entities; pick one:"


def also_heading(reply: EntityPage) -> str:
    return f"'{reply.query}' also matches:"


def also_line(reply: EntityPage) -> str:
    """ "Also: Ali Abbas (person, 2 events), …": the other entities the name fits, beside
    the one shown; empty when there are none."""
    if not reply.candidates:
        return ""
    return "Also: " + ", ".join(candidate_label(c) for c in reply.candidates)
