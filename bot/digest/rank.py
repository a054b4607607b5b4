"""Ranking stories by the signals a reader would name; the weights are in digest.json.

Each signal is a number a reader can check:
- `outlets`: independent outlets credited beyond the first;
- `documents`: documents reporting it beyond the first;
- `prominence`: how many events its best-known entity has over the last weeks (the
  store's history plus this window), on a log scale, 1 for the window's best-known;
- `trending`: how far an entity's stories in this window exceed its own daily baseline
  over the last weeks, 0..1 ((today - baseline) / (today + baseline), from
  `trending_min_events` stories on);
- `severity`: the largest number of people killed, injured, missing or displaced its
  sentences state, log-scaled to 1 at `severity_cap`;
- `recency`: 1 for the window's newest day, 1/2 a day before, 1/3 two days before, ….
A story whose dates end more than `background_days` before the window's first
publication date is background ("in 2015, …"): ranked, never in the lead.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from functools import cache

from bot.digest.days import days_before
from bot.digest.stories import Story, settings

_TOKEN = re.compile(r"[\w,.'-]+")


@cache
def _severity_words() -> tuple[frozenset[str], tuple[str, ...], dict[str, int], int]:
    rules = settings()["severity"]
    words = [w.lower() for w in rules["words"]]
    single = frozenset(w for w in words if " " not in w)
    phrases = tuple(w for w in words if " " in w)
    return single, phrases, rules["numbers"], rules["window_words"]


@cache
def _mentions_harm() -> re.Pattern[str]:
    """Any severity word or phrase as a whole word: a sentence without one names no harm
    (a token's word, stripped of ",.'", always stands between word boundaries)."""
    single, phrases, _, _ = _severity_words()
    words = sorted((*single, *phrases), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def _number(token: str, numbers: Mapping[str, int]) -> int | None:
    cleaned = token.strip(",.'").replace(",", "")
    if cleaned.isdigit():
        return int(cleaned)
    return numbers.get(cleaned.lower())


def casualties(sentence: str) -> int | None:
    """The largest number of people a sentence says were hurt ("at least 71 … killed"),
    0 when it names harm without a number, None when it names none."""
    single, phrases, numbers, window = _severity_words()
    lowered = sentence.lower()
    if not _mentions_harm().search(lowered):
        return None
    tokens = _TOKEN.findall(sentence)
    hits = [i for i, t in enumerate(tokens) if t.lower().strip(",.'") in single]
    if not hits and not any(p in lowered for p in phrases):
        return None
    found = [
        n
        for i, t in enumerate(tokens)
        if (n := _number(t, numbers)) is not None
        and (not hits or any(abs(i - h) <= window for h in hits))
        and not (1900 <= n <= 2100 and t.strip(",.").isdigit())  # a year, not a toll
    ]
    return max(found, default=0)


def severity(story: Story) -> float:
    cap = settings()["rank"]["severity_cap"]
    counts = [c for e in story.reports if (c := casualties(e.sentence)) is not None]
    if not counts:
        return 0.0
    return min(1.0, math.log1p(max(max(counts), 1)) / math.log1p(cap))


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso[:10])


def signals(
    story: Story,
    newest: dt.date,
    history: Mapping[str, int],
    window: Mapping[str, int],
    best_known: int,
) -> dict[str, float]:
    """The story's signals (see the module's docstring)."""
    rules = settings()["rank"]
    days = rules["prominence_days"]
    names = story.entities or {""}
    known = max(history.get(n, 0) + window.get(n, 0) for n in names)
    trend = 0.0
    for name in names:
        today = window.get(name, 0)
        if today >= rules["trending_min_events"]:
            baseline = history.get(name, 0) / days
            trend = max(trend, (today - baseline) / (today + baseline))
    age = max(0, (newest - _day(story.end)).days)
    return {
        "outlets": float(max(0, len(story.sources) - 1)),
        "documents": float(max(0, len(story.documents) - 1)),
        "prominence": math.log1p(known) / math.log1p(best_known) if best_known else 0.0,
        "trending": trend,
        "severity": severity(story),
        "recency": 1 / (1 + age),
    }


def rank(
    stories: list[Story], history: Mapping[str, int], window: Mapping[str, int]
) -> list[Story]:
    """Weigh each story (its `signals` and `weight`), mark background, heaviest first.

    `history` holds each entity's events over the weeks before the window (the store),
    `window` its stories in the window."""
    if not stories:
        return []
    rules = settings()["rank"]
    weights = rules["weights"]
    newest = max(_day(s.end) for s in stories)
    first_published = min(_day(e.published) for s in stories for e in s.reports)
    oldest_news = days_before(first_published, rules["background_days"])
    best_known = max((history.get(n, 0) + c for n, c in window.items()), default=0)
    for story in stories:
        story.signals = signals(story, newest, history, window, best_known)
        story.weight = round(sum(weights[k] * v for k, v in story.signals.items()), 4)
        story.background = _day(story.end) < oldest_news
    return sorted(stories, key=lambda s: (s.background, -s.weight, s.reports[0].id))


def heading(story: Story, history: Mapping[str, int], window: Mapping[str, int]) -> str:
    """What a lead story is filed under: its document's section when the seed has one,
    else its best-known entity when that one is well known, else "Other news"."""
    section = story.lead.section or next((e.section for e in story.reports if e.section), None)
    if section:
        return section
    rules = settings()["rank"]
    lead = story.lead
    names = [n for n in (*lead.places, *lead.actors) if n[:1].isupper()]
    names += [n for n in sorted(story.entities) if n[:1].isupper() and n not in names]
    if names:
        best = max(names, key=lambda n: history.get(n, 0) + window.get(n, 0))
        if history.get(best, 0) + window.get(best, 0) >= rules["heading_min_events"]:
            return best
    return OTHER_NEWS


OTHER_NEWS = "Other news"
