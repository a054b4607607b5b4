"""The role of each date a sentence mentions, and which one dates the happening it reports.

A news item happened when its text says it did, or, when it does not say, when it was
reported. A sentence mentions other dates too: history it recalls ("the arson attack in
2019"), plans ("the summit will be held on 12 June"), targets ("by 2030"), yardsticks
("the biggest raid since 1984"), lengths ("for six years") and numbers that name things
("Resolution 2758"). Those are kept with their role and never date the item.

Where a date attaches (the parse: bot.extraction.components.dating) and the tense of its
verb decide, with its resolved interval:

- a name (or what is no date: an age, a bare number), a target or a length is that (a
  span up to publication is a length: "killed in the past two days"; "in a few days" is a
  length, or a point ahead under a future verb);
- a date of the future (a future verb, or an interval that starts after publication) is
  scheduled;
- a yardstick, a baseline ("deported since 2023"), an offset ("three days after"), a date
  deep in a noun phrase, and any date of a relative, participial or adverbial clause, is
  background;
- an adjunct of the main clause's verb dates the item when the verb is past ("deployed
  troops in 2015"), or when it is recent (it starts at most `recent_days` before
  publication: "Police arrest X on Monday"; the news present speaks of the news cycle),
  unless it looks back from the moment of writing ("yesterday", "two days ago"), which a
  present tense cannot take: "the toll from the crash two days ago rises";
  in what a report recounts ("says that X executed 345 people last year") only when recent;
- a "since" frame before the main clause dates the state that began then ("Since the
  overthrow in December, Russia has been withdrawing");
- a phrase after the verb's object dates the item when recent ("follows the talks on Feb.
  12"), a date before a noun when recent and the verb past ("were killed in yesterday's
  attack");
- anything else is background.

The item's interval never ends after publication (a news item is not in the future).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.extraction.dates.intervals import When
from bot.extraction.dates.vocabulary import LOOKING_BACK

ITEM = "item"
BACKGROUND = "background"
SCHEDULED = "scheduled"
DEADLINE = "deadline"
DURATION = "duration"
NAME = "name"
ROLES = (ITEM, BACKGROUND, SCHEDULED, DEADLINE, DURATION, NAME)


@dataclass(frozen=True)
class MentionedDate:
    """A date a sentence mentions: its text, its interval (None for a length such as "six
    years") and its role (ROLES)."""

    text: str
    role: str
    when: When | None

    def to_json(self) -> dict:
        span = self.when.to_json() if self.when else {"start": None, "end": None}
        return {
            "text": self.text,
            "role": self.role,
            "start": span["start"],
            "end": span["end"],
            "granularity": self.when.granularity if self.when else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> MentionedDate:
        when = None
        if data.get("start") and data.get("end"):
            when = When(
                dt.date.fromisoformat(data["start"]),
                dt.date.fromisoformat(data["end"]),
                data.get("granularity") or "day",
                data["text"],
            )
        return cls(data["text"], data["role"], when)


def role_of(
    attach: str,
    tense: str | None,
    when: When | None,
    published: dt.date,
    *,
    text: str = "",
    clause: str = "main",
    recent_days: int = 7,
) -> tuple[str, int | None]:
    """A mentioned date's role, and its rank as the item's date (None: it cannot be; 0
    before 1): see the module for the rule. `clause` is the kind of clause it is in
    ("main", "reported" or "subordinate")."""
    if attach == DEADLINE:
        return DEADLINE, None  # "by 2030", "through Ramadan"
    if attach == "offset" or (when is None and _AGO.search(text)):
        return BACKGROUND, None  # "three days after being appointed", "several days ago"
    if attach == NAME or (when is None and not is_length(text)):
        return NAME, None  # "Agenda 2030", and what is no date ("a 17-year-old", "CAC 40")
    if attach == "within":
        return (SCHEDULED if tense == "future" else DURATION), None  # "in a few days"
    if when is None or attach == DURATION or _span_to_now(text, when, published):
        return DURATION, None
    # A plan is in the future; a year before publication is not one, whatever the verb.
    if when.end >= published and (tense == "future" or when.start > published):
        return SCHEDULED, None
    if clause == "subordinate" or attach == "recalled":
        return BACKGROUND, None
    recent = when.start >= published - dt.timedelta(days=recent_days)
    if tense != "past" and _looks_back(text):
        # "The toll from the crash two days ago rises": the present tells today's news; a
        # date that looks back belongs to what it recalls, wherever the parse hung it.
        recent = False
    # Only the main clause's own past is the item's, however old: a report's content that
    # old is what the report recalls.
    past = tense == "past" and clause == "main"
    if (attach == "since" and clause == "main") or (attach == "verb" and (past or recent)):
        return ITEM, 0
    if (attach == "phrase" and recent) or (attach == "attribute" and recent and tense == "past"):
        return ITEM, 1
    return BACKGROUND, None  # and every yardstick, baseline or participial phrase


_UNITS = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?"
    r"|centur(?:y|ies))"
)
_LENGTH = re.compile(rf"\b{_UNITS}(?:-?long)?\b(?!-old)(?! old)", re.IGNORECASE)


_AGO = re.compile(r"\bago\b", re.IGNORECASE)
_SPAN = re.compile(rf"\b(?:last|past|previous)\b.*\b{_UNITS}\b", re.IGNORECASE)


def _span_to_now(text: str, when: When, published: dt.date) -> bool:
    """ "the last two days", "the past decade": a span that runs up to publication is a
    length (what a count covers), not a time something happened."""
    return when.end >= published and _SPAN.search(text) is not None


def _looks_back(text: str) -> bool:
    return any(word in LOOKING_BACK for word in re.findall(r"[a-z]+", text.lower()))


def is_length(text: str) -> bool:
    """A length of time ("six years", "several days"), not an age ("a 17-year-old") nor a
    bare number or word ("40", "weekly")."""
    return _LENGTH.search(text) is not None


def past_leaning(attach: str) -> bool:
    """A date that can only look back (a baseline, a yardstick, an offset): a date
    without a year is read in the past ("since October")."""
    return attach in ("since", "baseline", "comparison", "offset", "recalled")


def as_item(when: When, published: dt.date) -> When:
    """The item's interval: the date's, ended at publication at the latest ("this month"
    on the 17th is the 1st to the 17th)."""
    if when.end <= published:
        return when
    return When(when.start, max(when.start, published), when.granularity, when.text)
