"""Ranking stories by what matters to a reader; the weights are in digest.json.

Each signal is a number from 0 to 1 a reader can check:
- `severity`: how grave the story is, the graver of its harm (people killed, or hurt:
  injured, missing, displaced, log-scaled, 1 at `deaths_cap` killed or `hurt_cap` hurt
  times `hurt_share`) and its class (a head of state or government taking or leaving
  office, a ruling against a leader, a war, a national election, a disaster, fighting:
  `severity.classes`);
- `breadth`: how many actors and places, and how many countries, it involves;
- `novelty`: 1 for a story the channel has not seen, 0 for an update of one it has;
- `items`: how many news items (paragraphs) report it beyond the first, log-scaled;
- `outlets`: how many outlets credit it beyond the first, log-scaled and capped at
  `outlets_cap`: it decides between stories of like gravity, never over severity;
- `prominence`: how many events its best-known entity has over the last weeks (the
  store's history plus this window), on a log scale, 1 for the window's best-known;
- `trending`: how far an entity's stories in this window exceed its own daily baseline
  over the last weeks ((today - baseline) / (today + baseline), from
  `trending_min_events` stories on);
- `recency`: 1 for the window's newest day, 1/2 a day before, 1/3 two days before, ….
A story whose dates end more than `background_days` before the window's first
publication date is background ("in 2015, …"): ranked, never in the lead.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from bot.digest.days import days_before
from bot.digest.stories import CLEAR_SENTENCE_MAX, Story, country_names, settings, stop_words
from bot.store import StoredEvent

_TOKEN = re.compile(r"[\w,.'-]+")
_AGE_WORDS = frozenset({"at", "aged", "age"})
_CLAUSE_BREAKS = frozenset({"and", "while", "but", "whereas", "after", "before"})


@dataclass(frozen=True)
class Harm:
    """What a sentence says happened to people: killed and hurt, None where it names
    no such harm, 0 where it names it without a number."""

    killed: int | None = None
    hurt: int | None = None

    @property
    def any(self) -> int | None:
        counts = [c for c in (self.killed, self.hurt) if c is not None]
        return max(counts) if counts else None


def _words(words: list[str]) -> re.Pattern[str]:
    """Any of `words` as whole words, longest first, on lower-cased text."""
    ordered = sorted((w.lower() for w in words), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ordered) + r")\b")


@cache
def _harm_rules() -> tuple[frozenset[str], frozenset[str], re.Pattern[str], dict[str, int], int]:
    rules = settings()["severity"]
    deaths = [w.lower() for w in rules["deaths"]]
    hurt = [w.lower() for w in rules["hurt"]]
    # A phrase ("death toll") counts by its last word.
    death_words = frozenset(w.split()[-1] for w in deaths)
    hurt_words = frozenset(w.split()[-1] for w in hurt)
    return death_words, hurt_words, _words(deaths + hurt), rules["numbers"], rules["window_words"]


@cache
def _classes() -> list[tuple[str, float, re.Pattern[str], re.Pattern[str] | None, list[int]]]:
    found = []
    for name, rule in settings()["severity"]["classes"].items():
        with_ = _words(rule["with"]) if rule.get("with") else None
        found.append(
            (name, float(rule["score"]), _words(rule["words"]), with_, rule.get("near", 0))
        )
    return found


def _near(text: str, word: re.Pattern[str], with_: re.Pattern[str], near: list[int]) -> bool:
    """A `with_` match at most near[0] words before a `word` match or near[1] after it
    ("former President Yoon … is arrested", "sentences former President …")."""
    words = [text.count(" ", 0, m.start()) for m in word.finditer(text)]
    withs = [text.count(" ", 0, m.start()) for m in with_.finditer(text)]
    return any(-near[0] <= x - w <= near[1] for w in words for x in withs)


def _number(token: str, numbers: Mapping[str, int]) -> int | None:
    cleaned = token.strip(",.'").replace(",", "")
    if cleaned.isdigit():
        return int(cleaned)
    return numbers.get(cleaned.lower())


@lru_cache(maxsize=8192)  # a digest reads each report's toll for its weight, line and place
def harm(sentence: str) -> Harm:
    """The people a sentence says were killed and hurt ("at least 71 … killed"): each
    number goes to the nearest harm word within `window_words` tokens; a year, an age
    ("dies at 81") or a name's number ("Cessna 172") is never a toll, and a running
    total ("the death toll in the war passes 55,000", `cumulative`) names harm without
    a number."""
    death_words, hurt_words, mentions, numbers, window = _harm_rules()
    if not mentions.search(sentence.lower()):
        return Harm()
    tokens = [t.lower().strip(",.'") for t in _TOKEN.findall(sentence)]
    where = [(i, t in death_words) for i, t in enumerate(tokens) if t in death_words | hurt_words]
    if not where:
        return Harm()
    killed: int | None = 0 if any(d for _, d in where) else None
    hurt: int | None = 0 if any(not d for _, d in where) else None
    breaks = [i for i, t in enumerate(tokens) if t in _CLAUSE_BREAKS]

    def distance(i: int, w: int) -> int:
        # A word across "and" belongs to the other count ("9 killed and 70 injured").
        crossed = any(min(i, w) < b < max(i, w) for b in breaks)
        return abs(i - w) + (window + 1 if crossed else 0)

    raw = _TOKEN.findall(sentence)
    for i, token in enumerate(raw):
        n = _number(token, numbers)
        if n is None or (1900 <= n <= 2100 and token.strip(",.").isdigit()):
            continue
        named = i > 0 and raw[i - 1][:1].isupper() and raw[i - 1].lower() not in stop_words()
        if named and token[:1].isdigit():
            continue  # a name's number ("Cessna 172", "Flight 587"), not "Over 30"
        if i > 0 and raw[i - 1].lower() in _AGE_WORDS:
            continue  # an age ("dies at 81", "aged 40"), not a count
        near = min(where, key=lambda w: (distance(i, w[0]), w[0] < i))
        if distance(i, near[0]) > window:
            continue
        if near[1]:
            killed = max(killed or 0, n)
        else:
            hurt = max(hurt or 0, n)
    if _cumulative().search(sentence.lower()):
        # A war's or a season's running total is not the day's news.
        killed, hurt = (None if n is None else 0 for n in (killed, hurt))
    return Harm(killed, hurt)


@cache
def _cumulative() -> re.Pattern[str]:
    return re.compile("|".join(settings()["severity"]["cumulative"]))


def casualties(sentence: str) -> int | None:
    """The largest number of people a sentence says were hurt or killed, 0 when it names
    harm without a number, None when it names none."""
    return harm(sentence).any


def killed(story: Story) -> int:
    """The most people any report of the story says were killed (its reports repeat a
    toll, they do not add to it)."""
    return max((harm(e.sentence).killed or 0 for e in story.reports), default=0)


def killed_where(story: Story) -> str:
    """Where the story's toll was reported: the first place of a report that gives it,
    else a place of the story that the toll's sentence names; failing any, who that
    report names ("" for none). A story's lead may name only who acted ("the United
    Nations says …"); its toll's own sentence says where."""
    if not story.reports:
        return ""
    counts = [harm(e.sentence).killed or 0 for e in story.reports]
    most = max(counts)
    tolls = [e for e, n in zip(story.reports, counts, strict=True) if n == most]
    for report in tolls:
        if report.places:
            return report.places[0]
    said = {e.sentence for e in tolls}
    for place in (p for e in story.reports for p in e.places):
        if any(place in sentence for sentence in said):
            return place
    return next(iter((*tolls[0].actors, *story.lead.actors)), "")


def grave_class(sentence: str) -> tuple[str, float] | None:
    """The gravest class a sentence falls in (a leader leaving office, a war, …)."""
    lowered = sentence.lower()
    best: tuple[str, float] | None = None
    for name, score, words, with_, near in _classes():
        if with_ is None:
            grave = bool(words.search(lowered))
        elif near:
            grave = _near(lowered, words, with_, near)
        else:
            grave = bool(words.search(lowered) and with_.search(lowered))
        if grave and (best is None or score > best[1]):
            best = (name, score)
    return best


def _scaled(n: int, cap: int) -> float:
    return min(1.0, math.log1p(max(n, 0)) / math.log1p(cap)) if n > 0 else 0.0


def sentence_severity(sentence: str) -> float:
    rules = settings()["rank"]
    found = harm(sentence)
    score = 0.0
    if found.killed is not None:
        score = max(score, _scaled(max(found.killed, 1), rules["deaths_cap"]))
    if found.hurt is not None:
        score = max(score, rules["hurt_share"] * _scaled(max(found.hurt, 1), rules["hurt_cap"]))
    grave = grave_class(sentence)
    return max(score, grave[1] if grave else 0.0)


def severity(story: Story) -> float:
    return max((sentence_severity(e.sentence) for e in story.reports), default=0.0)


def breadth(story: Story) -> float:
    """Half for how many actors and places it names, half for how many countries."""
    rules = settings()["rank"]
    countries = sum(n.lower() in country_names() for n in story.entities)
    return 0.5 * _scaled(len(story.entities), rules["breadth_entities_cap"]) + 0.5 * min(
        1.0, countries / rules["breadth_countries_cap"]
    )


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
    items = len({(e.file, e.paragraph) for e in story.reports})
    return {
        "severity": severity(story),
        "breadth": breadth(story),
        "novelty": 0.0 if story.update_of is not None else 1.0,
        "items": _scaled(items - 1, rules["items_cap"]),
        "outlets": _scaled(len(story.sources) - 1, rules["outlets_cap"]),
        "prominence": math.log1p(known) / math.log1p(best_known) if best_known else 0.0,
        "trending": trend,
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
        story.lead = headline(story)
    return sorted(stories, key=lambda s: (s.background, -s.weight, s.reports[0].id))


def headline(story: Story) -> StoredEvent:
    """The report a story's line states: the first sentence of one of its items (an
    item's first sentence states its news): the gravest item (by any of its sentences),
    of headline length, the newest of equally grave ones (a story told over days
    shows its latest development), naming an actor and a place, the first stored. The
    line is what the story's rank rests on, so a reader sees why it comes where it does."""
    items: dict[tuple[str, int], list[StoredEvent]] = {}
    for e in sorted(story.reports, key=lambda e: e.id):
        items.setdefault((e.file, e.paragraph), []).append(e)

    def weight(reports: list[StoredEvent]) -> tuple[float, bool, str, int, int]:
        first = reports[0]
        return (
            round(max(sentence_severity(e.sentence) for e in reports), 2),
            len(first.sentence) <= CLEAR_SENTENCE_MAX,
            first.published[:10],
            bool(first.actors) + bool(first.places),
            -first.id,
        )

    return max(items.values(), key=weight)[0]


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
