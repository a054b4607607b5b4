"""Reply models: what a command answers, before any front renders it.

`to_json()` is the command-line contract other tools read; chat fronts render the same
objects into their own formats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.feeds.every import every_label
from bot.store import EntityRow, FeedRow, StoredEvent, StoredSentence


def entity_json(entity: EntityRow | None) -> dict[str, Any] | None:
    """How every reply names the entity it resolved (null when the name is unknown)."""
    if entity is None:
        return None
    return {"name": entity.name, "kind": entity.kind, "aliases": list(entity.aliases)}


@dataclass(frozen=True)
class Candidate:
    """One entity an ambiguous name may mean, with its kind and event count."""

    name: str
    kind: str
    events: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "events": self.events}


def sentences_json(sentences: list[StoredSentence]) -> dict[str, Any]:
    """How a list gives its page: `sentences`, each once with its events' ids, and
    `events`, every event of them in that order (none is left out)."""
    return {
        "sentences": [s.to_json() for s in sentences],
        "events": [e.to_json() for s in sentences for e in s.events],
    }


def lookup_json(page: EntityPage) -> dict[str, Any]:
    """How a name was read: `asked_as` (the typed text, when it is not the entity's name)
    and `candidates` (an ambiguous name's entities, most linked first)."""
    return {"asked_as": page.asked_as, "candidates": [c.to_json() for c in page.candidates]}


# The label of a timeline's co-actors outside its top five.
OTHERS = "others"
# What each entity page ranks, under its key in the JSON.
RANKED_KEY = {"who": "actors", "where": "places"}


@dataclass
class EntityPage:
    """An entity, the entities ranked by how many of its events they share, and a page of
    the sentences of its events: /who ranks the actors with it, /where the places it acts
    in.

    `entity` is None when the name is unknown (`suggestions` then holds close spellings)
    or ambiguous (`candidates` then holds what it may mean). `asked_as` is what was typed
    when the entity was reached by another rule than its exact name; `candidates` beside an
    entity are the other, far less linked, entities the name also matches.
    `total` counts every sentence, `sentences` holds the page asked for: each sentence
    once, with the events of it the page is about.
    """

    command: str
    query: str
    entity: EntityRow | None
    suggestions: list[str] = field(default_factory=list)
    ranked: list[tuple[str, int]] = field(default_factory=list)
    sentences: list[StoredSentence] = field(default_factory=list)
    total: int = 0
    asked_as: str | None = None
    candidates: list[Candidate] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "query": self.query,
            "entity": entity_json(self.entity),
            "suggestions": list(self.suggestions),
            **lookup_json(self),
            RANKED_KEY[self.command]: [{"name": n, "events": c} for n, c in self.ranked],
            **sentences_json(self.sentences),
            "total": self.total,
        }


@dataclass
class SinceReply:
    """The sentences of what happened since a day, a page of them (`total` in all)."""

    start: str
    sentences: list[StoredSentence] = field(default_factory=list)
    total: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "since",
            "from": self.start,
            **sentences_json(self.sentences),
            "total": self.total,
        }


@dataclass
class SearchReply:
    """The sentences that hold the words, a page of them (`total` in all)."""

    words: str
    sentences: list[StoredSentence] = field(default_factory=list)
    total: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "search",
            "words": self.words,
            **sentences_json(self.sentences),
            "total": self.total,
        }


@dataclass(frozen=True)
class SourceDocument:
    """A document in the store, with how many events it yields and the outlets that
    carried it (its own first, then those its events credit, the most credited first)."""

    file: str
    title: str | None
    published: str
    events: int
    outlets: list[str] = field(default_factory=list)

    def outlets_line(self, shown: int = 3) -> str:
        """The first outlets, and how many more ('' for none)."""
        names = ", ".join(self.outlets[:shown])
        more = len(self.outlets) - shown
        return f"{names} and {more} more" if more > 0 else names


@dataclass
class SourcesReply:
    documents: list[SourceDocument] = field(default_factory=list)
    total: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "sources",
            "documents": [asdict(d) for d in self.documents],
            "total": self.total,
        }


@dataclass
class DigestStory:
    """One story of a digest: its reports (events), every outlet credited, its weight
    and the signals behind it, the heading it is filed under, and the earlier story it
    continues (`update_of`, an event already told in an earlier digest)."""

    reports: list[StoredEvent]
    sources: list[str]
    weight: float
    signals: dict[str, float]
    heading: str
    url: str | None = None
    update_of: StoredEvent | None = None
    following: bool = False
    background: bool = False
    # The most people its reports say were killed; its other news items (folded into its
    # line), and how many of them were reported before its line's day.
    killed: int = 0
    killed_where: str = ""  # where its toll was reported (the toll line's name for it)
    # What an update adds to the story the channel saw ("killed now 100, was 80").
    change: str = ""
    earlier_items: int = 0
    other_items: int = 0
    # Its place in the window's ranking (0 the heaviest), the same with a filter or without.
    rank: int = 0

    @property
    def lead(self) -> StoredEvent:
        return self.reports[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "sentence": self.lead.sentence,
            "when": self.lead.to_json()["when"],
            "sources": list(self.sources),
            "documents": list(dict.fromkeys(e.file for e in self.reports)),
            "url": self.url,
            "weight": self.weight,
            "signals": dict(self.signals),
            "update_of": None if self.update_of is None else self.update_of.to_json(),
            "following": self.following,
            "background": self.background,
            "killed": self.killed,
            "killed_where": self.killed_where,
            "change": self.change,
            "earlier_items": self.earlier_items,
            "other_items": self.other_items,
            "reports": [e.to_json() for e in self.reports],
        }


@dataclass
class DigestReply:
    """A digest: every story of its window in chat order, the first `lead` of them shown
    (grouped under their headings), and `activity`, each busy entity's events in the window
    (the chart). `since` is the last digest's time; `start`/`end` bound a window asked by
    publication date; `more_since` is the date `/since` takes to read the rest."""

    since: str | None
    stories: list[DigestStory] = field(default_factory=list)
    lead: int = 0
    total: int = 0
    activity: list[tuple[str, int]] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    more_since: str | None = None
    # The channel's digest filter, as its footer says it ("not section Sports").
    filters: list[str] = field(default_factory=list)

    @property
    def shown(self) -> list[DigestStory]:
        return self.stories[: self.lead]

    def since_for(self, shown: int) -> str | None:
        """The date `/since` takes to read the stories after the first `shown`: the
        digest's own first day (its `start`, else its earliest publication), never a date
        one of its sentences mentions. None when nothing is hidden."""
        if not self.stories[shown:]:
            return None
        if self.start:
            return self.start[:10]
        return min((e.published[:10] for s in self.stories for e in s.reports), default=None)

    @property
    def killed(self) -> list[DigestStory]:
        """The shown stories that report people killed, most killed first."""
        found = [s for s in self.shown if s.killed > 0]
        return sorted(found, key=lambda s: -s.killed)

    @property
    def sections(self) -> list[tuple[str, list[DigestStory]]]:
        """The lead stories under their headings, in chat order."""
        out: list[tuple[str, list[DigestStory]]] = []
        for story in self.shown:
            if out and out[-1][0] == story.heading:
                out[-1][1].append(story)
            else:
                out.append((story.heading, [story]))
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "digest",
            "since": self.since,
            "from": self.start,
            "to": self.end,
            "lead": self.lead,
            "stories": [s.to_json() for s in self.stories],
            "activity": [{"entity": n, "events": c} for n, c in self.activity],
            "more_since": self.more_since,
            "total": self.total,
            "filters": self.filters,
        }


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str
    # How many skipped items the line stands for (the bad lines of a file past the
    # first few, the files past the first hundred).
    count: int = 1


@dataclass(frozen=True)
class FileWarning:
    file: str
    warning: str


@dataclass
class ReloadReply:
    """What a reload changed, and what the store holds after it."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    documents: int = 0
    events: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[FileWarning] = field(default_factory=list)

    @classmethod
    def from_report(cls, report: Mapping[str, Any]) -> ReloadReply:
        """From a reload report's JSON (`ReloadReport.to_json()`); other keys are ignored."""
        return cls(
            **{k: report[k] for k in COUNTS},
            skipped=[Skipped(s["file"], s["reason"], s.get("count", 1)) for s in report["skipped"]],
            warnings=[FileWarning(w["file"], w["warning"]) for w in report.get("warnings", [])],
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "reload",
            **{k: getattr(self, k) for k in COUNTS},
            "skipped": [
                {"file": s.file, "reason": s.reason, **({"count": s.count} if s.count != 1 else {})}
                for s in self.skipped
            ],
            "warnings": [asdict(w) for w in self.warnings],
        }

    @property
    def skipped_count(self) -> int:
        """Every skipped item, counted ones too."""
        return sum(s.count for s in self.skipped)

    def summary(self) -> str:
        """'1 added, 0 updated, … The store holds 1 documents and 30 events.' (every front's
        words, here so that `briefing reload` prints them without loading a front)."""
        return (
            f"{self.added} added, {self.updated} updated, {self.removed} removed,"
            f" {self.unchanged} unchanged, {self.skipped_count:,} skipped."
            f" The store holds {self.documents} documents and {self.events} events."
        )

    def plain_text(self) -> str:
        """The console's and the command line's text: the summary, then each skipped file
        and each warning on a line of its own."""
        lines = [f"Reload: {self.summary()}"]
        lines += [f"  skipped {s.file}: {s.reason}" for s in self.skipped]
        lines += [f"  warning {w.file}: {w.warning}" for w in self.warnings]
        return "\n".join(lines)


COUNTS = ("added", "updated", "removed", "unchanged", "documents", "events")


@dataclass
class DigestSetupReply:
    channel: str
    time: str
    timezone: str
    next_at: str
    rhythm: str = "daily"
    # The digest's filter rules (/filter), as its footer says them.
    filters: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "digest-setup",
            "channel": self.channel,
            "time": self.time,
            "timezone": self.timezone,
            "rhythm": self.rhythm,
            "next": self.next_at,
            "filters": self.filters,
        }

    def filter_line(self) -> str:
        """What the digest's filter leaves in or out, or how to set one."""
        if self.filters:
            return f"Filtered: {'; '.join(self.filters)}."
        return "No filter: it carries everything (/filter narrows it)."


@dataclass
class FollowReply:
    """A channel's /follow or /unfollow of a name.

    `name` is what is (un)followed, None when the typed name reached no single entity
    (`candidates` then holds what it may mean, `suggestions` close spellings, as /who
    gives them); `entity` is None also when a followed name is no longer in the store.
    `changed` is False when the channel already followed it (or, unfollowing, did not);
    `following` counts what the channel follows after it.
    """

    command: str
    query: str
    name: str | None
    entity: EntityRow | None = None
    changed: bool = False
    following: int = 0
    asked_as: str | None = None
    suggestions: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "query": self.query,
            "name": self.name,
            "entity": entity_json(self.entity),
            "changed": self.changed,
            "following": self.following,
            "suggestions": list(self.suggestions),
            "asked_as": self.asked_as,
            "candidates": [c.to_json() for c in self.candidates],
        }


@dataclass(frozen=True)
class Followed:
    """An entity a channel follows; kind None when it is no longer in the store."""

    name: str
    kind: str | None
    events: int


@dataclass
class FollowingReply:
    channel: str
    entities: list[Followed] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "following",
            "channel": self.channel,
            "entities": [asdict(e) for e in self.entities],
        }


@dataclass
class AlertGroup:
    """A followed entity and its new events shown, newest first (one per sentence), of
    `total` new."""

    entity: str
    events: list[StoredEvent]
    total: int = 0


@dataclass
class AlertReply:
    """The alert a channel gets after a reload: what is new on the entities it follows.

    `batch` names the alert in the ledger (its marker lets a restart find it posted);
    `total` counts every item, the groups may hold fewer (a short alert).
    """

    channel: str
    batch: str
    groups: list[AlertGroup] = field(default_factory=list)
    total: int = 0
    # What the alert mentions: the roles or user groups attached to the follows it is
    # about ("discord-role:<id>", "slack-group:<id>"), and nothing else.
    mentions: list[str] = field(default_factory=list)
    # How many stories it tells (one, or several folded into one message); whether it is
    # a later development told in a story's thread, with the story's every outlet; how
    # many of its items came after its message was first posted (an edited message).
    stories: int = 1
    update: bool = False
    updated: int = 0
    outlets: list[str] = field(default_factory=list)

    def mentioned(self, kind: str) -> list[str]:
        """The ids of its mentions of one kind ("discord-role", "slack-group")."""
        return [m.split(":", 1)[1] for m in self.mentions if m.split(":", 1)[0] == kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "alert",
            "channel": self.channel,
            "batch": self.batch,
            "groups": [
                {"entity": g.entity, "events": [e.to_json() for e in g.events], "total": g.total}
                for g in self.groups
            ],
            "total": self.total,
            "mentions": self.mentions,
            "stories": self.stories,
            "update": self.update,
            "updated": self.updated,
            "outlets": self.outlets,
        }


@dataclass(frozen=True)
class FeedStatus:
    """A subscribed feed and its health, as /feeds lists it."""

    name: str
    url: str
    status: str  # 'active' or 'paused'
    every: str  # "15m"
    last_success_at: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    failing_since: str | None = None
    paused_reason: str | None = None
    items: int = 0
    repeats: int = 0
    wire_copies: int = 0
    other_language: int = 0
    unreadable: int = 0

    @classmethod
    def of(cls, feed: FeedRow) -> FeedStatus:
        return cls(
            name=feed.name,
            url=feed.url,
            status=feed.status,
            every=every_label(feed.every_seconds),
            last_success_at=feed.last_success_at,
            last_error=feed.last_error,
            last_error_at=feed.last_error_at,
            failing_since=feed.failing_since,
            paused_reason=feed.paused_reason,
            items=feed.items,
            repeats=feed.repeats,
            wire_copies=feed.wire_copies,
            other_language=feed.other_language,
            unreadable=feed.unreadable,
        )

    @property
    def paused(self) -> bool:
        return self.status == "paused"


# Why a feed's items were not briefed on, in the words of a feed's health line.
SKIPPED_WORDS = (
    ("other_language", "not in English"),
    ("repeats", "repeated"),
    ("wire_copies", "copied from the wire"),
    ("unreadable", "unreadable"),
)


def feed_time(stamp: str) -> str:
    """A feed's stored time as people read it: '2025-07-01 10:02 UTC'."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def feed_status_line(status: FeedStatus) -> str:
    """One feed's health in a line: 'BBC World — active, every 15m · last success
    2025-07-01 10:02 UTC · 42 items (3 skipped: not in English) · last error …'. A paused
    feed says why, a failing one since when; its last error is always shown."""
    state = "active"
    if status.paused:
        state = f"paused: {status.paused_reason}" if status.paused_reason else "paused"
    parts = [f"{status.name} — {state}, every {status.every}"]
    if status.failing_since:
        parts.append(f"failing since {feed_time(status.failing_since)}")
    if status.last_success_at:
        parts.append(f"last success {feed_time(status.last_success_at)}")
    elif not status.last_error:
        parts.append("not fetched yet")
    else:
        parts.append("no success yet")
    skipped = [(getattr(status, key), words) for key, words in SKIPPED_WORDS]
    skipped = [(n, words) for n, words in skipped if n]
    items = f"{status.items} item{'' if status.items == 1 else 's'}"
    if len(skipped) == 1:
        items += f" ({skipped[0][0]} skipped: {skipped[0][1]})"
    elif skipped:
        total = sum(n for n, _ in skipped)
        items += f" ({total} skipped: " + ", ".join(f"{n} {w}" for n, w in skipped) + ")"
    parts.append(items)
    if status.last_error:
        when = f" {feed_time(status.last_error_at)}" if status.last_error_at else ""
        parts.append(f"last error{when}: {status.last_error}")
    return " · ".join(parts)


@dataclass
class FeedsReply:
    """What /feeds did (`action`: add, remove, resume or list), in a line (`message`),
    and the feeds it shows: every one for list, the one added or resumed otherwise."""

    action: str
    message: str
    feeds: list[FeedStatus] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "feeds",
            "action": self.action,
            "message": self.message,
            "feeds": [asdict(f) for f in self.feeds],
        }


@dataclass
class FilterReply:
    """What /filter did (`action`: add, remove or list), in a line (`message`), and the
    channel's rules after it, for its digest and for its alerts ("not section Sports")."""

    action: str
    message: str
    digest: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "filter",
            "action": self.action,
            "message": self.message,
            "digest": self.digest,
            "alerts": self.alerts,
        }

    def lines(self) -> list[str]:
        """The rules, one line per target that has any."""
        return [
            f"{target}: {'; '.join(rules)}"
            for target, rules in (("Digest", self.digest), ("Alerts", self.alerts))
            if rules
        ]


@dataclass
class MentionReply:
    """What /mention set: the followed name and its mention (None: removed)."""

    name: str
    mention: str | None
    rule: bool = False  # `name` is an alert filter rule's label, not a followed name

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "mention",
            "name": self.name,
            "mention": self.mention,
            "rule": self.rule,
        }

    def line(self, shown: Callable[[str], str] = str) -> str:
        """What was set, the role or group shown by `shown` (its id as the front writes
        it: a mention inside an embed on Discord, the bare id elsewhere)."""
        about = f"Alerts matching '{self.name}'" if self.rule else f"Alerts about {self.name}"
        if self.mention is None:
            return f"{about} mention nobody."
        kind, _, ident = self.mention.partition(":")
        who = f"the {'role' if kind == 'discord-role' else 'group'} {shown(ident)}"
        return f"{about} now mention {who}, and nobody else."


@dataclass
class PaceReply:
    """A channel's pace (/pace): its cap of alert messages an hour and its quiet hours,
    None where it sets none."""

    heading: str
    alerts_per_hour: int | None = None
    quiet_start: str | None = None
    quiet_end: str | None = None
    timezone: str = "UTC"
    threads: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "pace",
            "alerts_per_hour": self.alerts_per_hour,
            "quiet": [self.quiet_start, self.quiet_end] if self.quiet_start else None,
            "timezone": self.timezone,
            "threads": self.threads,
        }

    def lines(self) -> list[str]:
        plural = "" if self.alerts_per_hour == 1 else "s"
        cap = (
            f"at most {self.alerts_per_hour} alert message{plural} an hour; the rest wait"
            " for the next one"
            if self.alerts_per_hour
            else "no cap on alerts an hour"
        )
        quiet = (
            f"quiet from {self.quiet_start} to {self.quiet_end} ({self.timezone}); alerts"
            " wait and go as one message when they end"
            if self.quiet_start
            else "no quiet hours"
        )
        stories = (
            "one alert each; later developments go in the alert's thread"
            if self.threads
            else "one alert each; later developments edit it"
        )
        return [f"Alerts: {cap}.", f"Quiet hours: {quiet}.", f"Stories: {stories}."]


@dataclass
class HelpEntry:
    name: str
    usage: str
    description: str
    admin: bool


@dataclass
class HelpReply:
    commands: list[HelpEntry]

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "help",
            "commands": [
                {"name": c.name, "usage": c.usage, "description": c.description, "admin": c.admin}
                for c in self.commands
            ],
        }


@dataclass(kw_only=True)
class TimelineReply(EntityPage):
    """The sentences of an entity's events oldest first, and its events per ISO week by
    co-actor.

    `ranked` holds the co-actors the chart stacks (the top five, then "others"), with the
    events each is charted for; `series` maps each week's Monday (ISO) to {co-actor or
    "others": events}, the counts the chart is drawn from (the fronts draw it; the
    command line's JSON says where it saved it, under "chart").
    """

    command: str = "timeline"
    start: str | None = None
    end: str | None = None
    series: dict[str, dict[str, int]] = field(default_factory=dict)
    # Events dated only to a quarter, a year or longer: listed, but in no week.
    unplaced: int = 0

    @property
    def order(self) -> list[str]:
        """The stacking order of the chart, bottom first."""
        return [name for name, _ in self.ranked]

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "timeline",
            "query": self.query,
            "entity": entity_json(self.entity),
            "suggestions": list(self.suggestions),
            **lookup_json(self),
            "from": self.start,
            "to": self.end,
            "series": {week: dict(counts) for week, counts in self.series.items()},
            "co_actors": self.order,
            "unplaced": self.unplaced,
            "chart": None,
            **sentences_json(self.sentences),
            "total": self.total,
        }


Reply = (
    TimelineReply
    | EntityPage
    | SinceReply
    | DigestReply
    | ReloadReply
    | HelpReply
    | DigestSetupReply
    | SearchReply
    | SourcesReply
    | FollowReply
    | FollowingReply
    | AlertReply
    | FeedsReply
)
